import { createRoomsComponent } from './components/rooms.js';
import { createChatEventsService } from './generated/channels.js';

/** chat events, served by `limis server --websocket`; `chatEvents.push` reaches the rooms' consumers. */
const chatEvents = createChatEventsService({ rooms: createRoomsComponent(() => chatEvents.push) });

export default chatEvents;
