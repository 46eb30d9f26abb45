import type { MessageContext } from 'limis/runtime';
import type { RoomsComponent, SayInput } from '../generated/component.js';

/**
 * The rooms component of Chat. This file is yours: `limis generate` created it once and
 * never overwrites it. Each method receives validated input and returns what the contract declares.
 */
export const rooms: RoomsComponent = {
  async say(_input: SayInput, _context: MessageContext): Promise<void> {
    throw new Error('say is not implemented yet');
  },
};
