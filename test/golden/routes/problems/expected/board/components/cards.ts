import type { ActionContext } from 'limis/runtime';
import type {
  CardsComponent,
  AddCardInput,
  AddCardResult,
  AddNoteInput,
  AddNoteResult,
} from '../generated/component.js';

/**
 * The cards component of Board. This file is yours: `limis generate` created it once and
 * never overwrites it. Each method receives validated input and returns what the contract declares.
 */
export const cards: CardsComponent = {
  async addCard(_input: AddCardInput, _context: ActionContext): Promise<AddCardResult> {
    throw new Error('addCard is not implemented yet');
  },
  async addNote(_input: AddNoteInput, _context: ActionContext): Promise<AddNoteResult> {
    throw new Error('addNote is not implemented yet');
  },
};
