import type { MessageContext } from 'limis/runtime';
import type { SumsComponent, AddInput, AddReply } from '../generated/component.js';

/**
 * The sums component of Calculator. This file is yours: `limis generate` created it once and
 * never overwrites it. Each method receives validated input and returns what the contract declares.
 */
export const sums: SumsComponent = {
  async add(_input: AddInput, _context: MessageContext): Promise<AddReply> {
    throw new Error('add is not implemented yet');
  },
};
