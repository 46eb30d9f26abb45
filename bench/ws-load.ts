import WebSocket from 'ws';

export interface WsLoadResult {
  messagesPerSecond: number;
  total: number;
  p50: number;
  p99: number;
}

/**
 * Closed-loop WebSocket load: each connection sends one JSON message, waits for its echo, sends the next. Latency is
 * per round trip, in ms. Every echo is checked to be the message sent.
 */
export async function wsLoad(url: string, connections: number, seconds: number): Promise<WsLoadResult> {
  const sockets = await Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(url);
          socket.once('open', () => resolve(socket)).once('error', reject);
        }),
    ),
  );
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const text = 'x'.repeat(200);
  await Promise.all(
    sockets.map(
      (socket, n) =>
        new Promise<void>((resolve, reject) => {
          let id = n * 1e7;
          let sentAt = 0;
          const send = () => {
            sentAt = performance.now();
            socket.send(JSON.stringify({ id: ++id, text, sentAt }));
          };
          socket.on('message', (data: Buffer) => {
            if ((JSON.parse(data.toString()) as { id: number }).id !== id)
              return reject(new Error(`echo of ${id} came back wrong: ${data.toString().slice(0, 80)}`));
            latencies.push(performance.now() - sentAt);
            if (performance.now() < deadline) send();
            else resolve();
          });
          send();
        }),
    ),
  );
  await Promise.all(sockets.map((socket) => new Promise((resolve) => socket.once('close', resolve).close())));
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 100) / 100;
  return { messagesPerSecond: latencies.length / seconds, total: latencies.length, p50: at(0.5), p99: at(0.99) };
}
