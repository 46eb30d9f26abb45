import type { MessageContext } from 'limis/runtime';
import type { HelloComponent, HelloInput, HelloReply } from '../generated/component.js';

/** Answers any message with `hello`, as the original limis's WebSocket hello did. */
export const hello: HelloComponent = {
  async hello(_input: HelloInput, _context: MessageContext): Promise<HelloReply> {
    return 'hello';
  },
};
