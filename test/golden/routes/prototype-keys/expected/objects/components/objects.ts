import type { ActionContext } from 'limis/runtime';
import type {
  ObjectsComponent,
  DescribeClassInput,
  DescribeClassResult,
  AddNoteInput,
  AddNoteResult,
} from '../generated/component.js';

/**
 * The objects component of Objects. This file is yours: `limis generate` created it once and
 * never overwrites it. Each method receives validated input and returns what the contract declares.
 */
export const objects: ObjectsComponent = {
  async describeClass(_input: DescribeClassInput, _context: ActionContext): Promise<DescribeClassResult> {
    throw new Error('describeClass is not implemented yet');
  },
  async addNote(_input: AddNoteInput, _context: ActionContext): Promise<AddNoteResult> {
    throw new Error('addNote is not implemented yet');
  },
};
