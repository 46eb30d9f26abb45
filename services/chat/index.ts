import chatEvents from '../chat-events/index.js';
import { createChatService } from './generated/routes.js';
import { createRoomsComponent } from './components/rooms.js';

/** chat, served by `limis server`: its posts reach the consumers of chat-events. */
export default createChatService({ rooms: createRoomsComponent(chatEvents.push) });
