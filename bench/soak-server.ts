/**
 * The soak test's server, in its own process so its memory is measured alone: the examples on an ephemeral
 * loopback port (HTTP and WebSocket on one port), production mode, the adapter named by SOAK_ADAPTER.
 * Prints `{ url, pid }` once listening; client faults are counted here instead of logged.
 */
import { createRuntime } from 'limis/runtime';
import chat from '../services/chat/index.js';
import chatEvents from '../services/chat-events/index.js';
import hello from '../services/hello/index.js';
import helloWs from '../services/hello-ws/index.js';
import petstore from '../services/petstore/index.js';

const faults = new Map<string, number>();
const errors: string[] = [];
const runtime = createRuntime({
  services: [hello, helloWs, petstore, chat, chatEvents],
  adapter: process.env.SOAK_ADAPTER === 'koa' ? 'koa' : 'node',
  http: { port: 0, host: '127.0.0.1' },
  ws: { port: 'http', messageRate: false },
  onError: (error) => errors.push(String(error)),
  onClientFault: (fault) => faults.set(fault.kind, (faults.get(fault.kind) ?? 0) + 1),
});
await runtime.start();
process.stdout.write(`${JSON.stringify({ url: runtime.httpUrl, pid: process.pid })}\n`);
process.on('message', (message) => {
  if (message === 'report')
    process.send?.({ errors: errors.slice(0, 20), errorCount: errors.length, faults: Object.fromEntries(faults) });
});
process.once('SIGTERM', () => void runtime.stop().then(() => process.exit(0)));
