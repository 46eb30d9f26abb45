import type { ActionContext } from 'limis/runtime';
import type { HelloComponent, HelloInput, HelloResult } from '../generated/component.js';

/** The hello component: answers `hello`, exactly as the original limis did. */
export const hello: HelloComponent = {
  async hello(_input: HelloInput, _context: ActionContext): Promise<HelloResult> {
    return { status: 200, body: 'hello' };
  },
};
