import type { MessageContext } from 'limis/runtime';
import type { NoticesComponent, PostNoticeInput, PinNoticeInput } from '../generated/component.js';

/**
 * The notices component of Board. This file is yours: `limis generate` created it once and
 * never overwrites it. Each method receives validated input and returns what the contract declares.
 */
export const notices: NoticesComponent = {
  async postNotice(_input: PostNoticeInput, _context: MessageContext): Promise<void> {
    throw new Error('postNotice is not implemented yet');
  },
  async pinNotice(_input: PinNoticeInput, _context: MessageContext): Promise<void> {
    throw new Error('pinNotice is not implemented yet');
  },
};
