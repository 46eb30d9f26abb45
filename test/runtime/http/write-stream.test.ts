import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const EVENTS = 10_000;
const EVENT_BYTES = 8 * 1024;
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A stream written through node:http (write-stream) to a consumer slower than the producer: 10,000 events of 8 KiB,
 * 80 MiB in all, from a server in its own process. Were the stream collected or buffered, the producer would run
 * ahead by thousands of events and the server grow by tens of MiB; with backpressure it stays within what the socket
 * buffers hold.
 */
describe('writeStream (runtime/http/write-stream): backpressure on node:http', () => {
  let server: ChildProcess;
  let url: string;
  const samples: Array<{ rss: number; produced: number }> = [];
  let rssAtStart = 0;
  before(async function () {
    this.timeout(30_000);
    server = fork(fileURLToPath(new URL('./fixtures/stream-server.ts', import.meta.url)), {
      execArgv: ['--import=tsx'],
      env: { ...process.env, EVENTS: String(EVENTS) },
    });
    url = await new Promise<string>((resolve, reject) => {
      server.once('error', reject);
      server.on('message', (message: { url?: string; rss: number; produced?: number }) => {
        if (message.url) {
          rssAtStart = message.rss;
          resolve(message.url);
        } else samples.push({ rss: message.rss, produced: message.produced ?? 0 });
      });
    });
  });
  after(() => {
    server.disconnect();
  });

  it('delivers 10,000 events in order to a slow consumer, the producer never far ahead, its memory flat', async function () {
    this.timeout(60_000);
    const response = await fetch(`${url}/pet-feed/pets/feed`);
    const reader = response.body!.getReader();
    const separator = new TextEncoder().encode('\n\n');
    let consumed = 0;
    let lead = 0;
    let matched = 0;
    let head = '';
    let outOfOrder = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Events end with a blank line and start with `id: n`; read byte by byte so this side does not grow either.
      for (const byte of value) {
        if (head.length < 16) head += String.fromCharCode(byte);
        matched = byte === separator[matched] ? matched + 1 : byte === separator[0] ? 1 : 0;
        if (matched === 2) {
          consumed++;
          if (Number(/^id: (\d+)/.exec(head)?.[1]) !== consumed) outOfOrder++;
          matched = 0;
          head = '';
        }
      }
      lead = Math.max(lead, (samples.at(-1)?.produced ?? 0) - consumed);
      if (consumed % 250 < 3) await tick(5);
    }
    await tick(50);
    const peak = Math.max(...samples.map((s) => s.rss));
    const grown = (peak - rssAtStart) / 1024 / 1024;
    console.log(
      `      ${consumed} events (${((consumed * EVENT_BYTES) / 1024 / 1024).toFixed(0)} MiB), producer at most ${lead} ahead, server RSS +${grown.toFixed(1)} MiB`,
    );
    expect(consumed).to.equal(EVENTS);
    expect(outOfOrder, 'events out of order').to.equal(0);
    expect(lead * EVENT_BYTES, 'bytes the producer ran ahead').to.be.at.most(12 * 1024 * 1024);
    expect(grown, 'server RSS growth, MiB').to.be.at.most(40);
  });
});
