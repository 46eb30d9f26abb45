import WebSocket from 'ws';

/** A raw `ws` client that records every frame it receives, and how it was closed. */
export class RawClient {
  readonly frames: string[] = [];
  readonly socket: WebSocket;
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<() => void> = [];
  private read = 0;

  private constructor(url: string, headers?: Record<string, string>) {
    this.socket = new WebSocket(url, { headers });
    this.socket.on('message', (data: Buffer) => {
      this.frames.push(data.toString('utf8'));
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      this.socket.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
    );
  }

  static async open(url: string, headers?: Record<string, string>): Promise<RawClient> {
    const client = new RawClient(url, headers);
    await new Promise((resolve, reject) => client.socket.once('open', resolve).once('error', reject));
    return client;
  }

  /** Resolves with the next `count` frames not yet read, waiting for them if they have not arrived. */
  async next(count = 1): Promise<string[]> {
    while (this.frames.length < this.read + count) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.read += count;
    return this.frames.slice(this.read - count, this.read);
  }

  send(text: string): void {
    this.socket.send(text);
  }

  close(): Promise<{ code: number; reason: string }> {
    this.socket.close();
    return this.closed;
  }
}

/** Tries an upgrade that should be refused: the HTTP status, headers and body the server answered with. */
export function refusedUpgrade(
  url: string,
  headers?: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => reject(new Error(`the upgrade to ${url} was accepted`)));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    socket.once('error', () => undefined);
  });
}

/** Lets queued socket work happen before asserting that something did not arrive. */
export function settle(ms = 100): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
