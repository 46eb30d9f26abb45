import type { ActionContext } from 'limis/runtime';
import type { InventoryComponent, HealthInput, HealthResult } from '../generated/component.js';

/**
 * The inventory component of Inventory. This file is yours: `limis generate` created it once and
 * never overwrites it. Each method receives validated input and returns what the contract declares.
 */
export const inventory: InventoryComponent = {
  async health(_input: HealthInput, _context: ActionContext): Promise<HealthResult> {
    throw new Error('health is not implemented yet');
  },
};
