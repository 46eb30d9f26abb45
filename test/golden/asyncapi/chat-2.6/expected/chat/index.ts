import { createChatService } from './generated/channels.js';
import { rooms } from './components/rooms.js';

/** Chat, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createChatService({ rooms });
