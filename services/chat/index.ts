import chatEvents from '../chat-events/index.js';
import { createRoomsComponent } from './components/rooms.js';
import { createChatService } from './generated/routes.js';

/** chat, served by `limis server`: its posts reach the consumers of chat-events. */
export default createChatService({ rooms: createRoomsComponent(chatEvents.push) });
