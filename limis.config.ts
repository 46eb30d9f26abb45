import { loggingInterceptor, type RuntimeOptions } from 'limis/runtime';
import chat from './services/chat/index.js';
import chatEvents from './services/chat-events/index.js';
import feed from './services/feed/index.js';
import hello from './services/hello/index.js';
import helloWs from './services/hello-ws/index.js';
import petstore from './services/petstore/index.js';

/**
 * What `limis server` serves: HTTP on 8080 (hello, petstore, chat, feed) and, with `--websocket`, WebSocket on 8888
 * (hello-ws at /hello/hello/, chat-events at /chat/rooms/{roomId}).
 */
export default {
  contextRoot: '',
  services: [hello, helloWs, petstore, chat, chatEvents, feed],
  // One JSON line per action on stdout; authorization, validation and caching come from the contracts.
  interceptors: [loggingInterceptor()],
} satisfies RuntimeOptions;
