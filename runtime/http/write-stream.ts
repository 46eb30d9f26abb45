import type { ServerResponse } from 'node:http';
import { pipeline, Readable } from 'node:stream';
import type { StreamBody } from '../handler.js';

/**
 * A stream body as a Node Readable: read as the socket drains (`pipe` backpressure), so at most a high-water mark of
 * text waits in memory; destroyed — and the action's iterator returned — when the client goes away.
 */
export function streamReadable(body: StreamBody): Readable {
  return Readable.from(body, { objectMode: false, highWaterMark: 16 * 1024 });
}

/** Writes a streamed response on node:http: headers at once (the client sees the stream open), then each chunk. */
export function writeStream(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: StreamBody,
  head: boolean,
): void {
  response.writeHead(status, headers);
  if (head) {
    void body.return?.();
    response.end();
    return;
  }
  response.flushHeaders();
  // A failed stream breaks the connection off (JSON Lines has no error frame): pipeline destroys the response.
  pipeline(streamReadable(body), response, () => undefined);
}
