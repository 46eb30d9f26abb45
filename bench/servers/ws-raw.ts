import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { listen, type Stop } from './shared.js';

/** The hand-written WebSocket baseline: parse and stringify, no validation. */
export function start(): Promise<Stop> {
  const server = createServer();
  const wss = new WebSocketServer({ server, path: '/echo/echo' });
  wss.on('connection', (socket) =>
    socket.on('message', (data: Buffer) => socket.send(JSON.stringify(JSON.parse(data.toString())))),
  );
  return listen(server);
}
