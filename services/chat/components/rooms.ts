import type { ActionContext } from 'limis/runtime';
import type { ChatEventsPush } from '../../chat-events/generated/channels.js';
import type { PostMessageInput, PostMessageResult, RoomsComponent } from '../generated/component.js';

/** Posting over HTTP: the message is pushed to the WebSocket consumers of its room, and only that room. */
export function createRoomsComponent(events: ChatEventsPush): RoomsComponent {
  let nextId = 1;
  return {
    async postMessage(input: PostMessageInput, _context: ActionContext): Promise<PostMessageResult> {
      const message = { id: nextId++, roomId: input.params.roomId, author: input.body.author, text: input.body.text };
      const delivered = events.roomMessage(message, { to: { roomId: input.params.roomId } });
      return { status: 202, body: { id: message.id, delivered } };
    },
  };
}
