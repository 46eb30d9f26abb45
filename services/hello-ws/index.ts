import { hello } from './components/hello.js';
import { createHelloWsService } from './generated/channels.js';

/** hello over WebSocket, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createHelloWsService({ hello });
