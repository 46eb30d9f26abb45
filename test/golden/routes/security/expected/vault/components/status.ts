import type { ActionContext } from 'limis/runtime';
import type { StatusComponent, HealthInput, HealthResult } from '../generated/component.js';

/**
 * The status component of Vault. This file is yours: `limis generate` created it once and
 * never overwrites it. Each method receives validated input and returns what the contract declares.
 */
export const status: StatusComponent = {
  async health(_input: HealthInput, _context: ActionContext): Promise<HealthResult> {
    throw new Error('health is not implemented yet');
  },
};
