/**
 * A separate process serving the examples (HTTP and WebSocket on their own ephemeral loopback ports), for tests
 * that must prove a client cannot end the server's process. Prints `{ http, ws }` once listening; client faults go
 * to stderr as the runtime logs them by default.
 */
import { createRuntime } from 'limis/runtime';
import chatEvents from '../../services/chat-events/index.js';
import hello from '../../services/hello/index.js';
import helloWs from '../../services/hello-ws/index.js';

const runtime = createRuntime({
  services: [hello, helloWs, chatEvents],
  adapter: process.env.LIMIS_ADAPTER === 'node' ? 'node' : 'koa',
  http: { port: 0, host: '127.0.0.1', headersTimeout: 1000, requestTimeout: 2000 },
  ws: { port: 0, host: '127.0.0.1' },
});
await runtime.start();
process.stdout.write(`${JSON.stringify({ http: runtime.httpUrl, ws: runtime.wsUrl })}\n`);
process.once('SIGTERM', () => void runtime.stop().then(() => process.exit(0)));
