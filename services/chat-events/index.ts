import { createChatEventsService } from './generated/channels.js';
import { createRoomsComponent } from './components/rooms.js';

/** chat events, served by `limis server --websocket`; `chatEvents.push` reaches the rooms' consumers. */
const chatEvents = createChatEventsService({ rooms: createRoomsComponent(() => chatEvents.push) });

export default chatEvents;
