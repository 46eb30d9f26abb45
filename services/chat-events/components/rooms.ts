import type { MessageContext } from 'limis/runtime';
import type { ChatEventsPush } from '../generated/channels.js';
import type { RoomsComponent, TypingInput } from '../generated/component.js';

/**
 * Relays "typing" to everybody else in the room. The push controller is passed as a function because it only
 * exists once the service that holds this component has been created.
 */
export function createRoomsComponent(push: () => ChatEventsPush): RoomsComponent {
  return {
    async typing(input: TypingInput, context: MessageContext): Promise<void> {
      push().someoneTyping(input.payload, {
        to: (consumer) => consumer.params.roomId === input.params.roomId && consumer.id !== context.connection.id,
      });
    },
  };
}
