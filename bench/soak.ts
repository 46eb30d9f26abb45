/**
 * `npm run soak`: mixed traffic against one server process for SOAK_SECONDS (60) — 40 HTTP connections (GET, PUT,
 * a chat post that pushes to the room's consumers, and about 1 in 10 bad requests: malformed JSON, invalid bodies,
 * unknown paths and methods, oversized and wrongly coded bodies) and 10 WebSocket connections (hello request/reply,
 * chat typing, bad frames) — on 127.0.0.1 only. Prints answers by kind, unexpected ones, and the server's RSS at the
 * start (after a 5 s warm-up), the middle and the end; exits 1 on any unexpected answer or when RSS grows more than
 * SOAK_MAX_GROWTH_MB (32) after warm-up.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const seconds = Number(process.env.SOAK_SECONDS ?? 60);
const maxGrowthMB = Number(process.env.SOAK_MAX_GROWTH_MB ?? 32);
const here = dirname(fileURLToPath(import.meta.url));
const apiKey = 'petstore-development-key';

const server = fork(join(here, 'soak-server.ts'), [], {
  execArgv: ['--conditions=limis-source', '--import=tsx'],
  env: { ...process.env, NODE_ENV: 'production', PETSTORE_JWT_SECRET: 'soak-secret', PETSTORE_API_KEY: apiKey },
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
const { url, pid } = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
  server.stdout!.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString().split('\n')[0]!)));
  server.once('exit', (code) => reject(new Error(`the soak server exited with ${code}`)));
});
const wsUrl = url.replace('http', 'ws');
// The one pet every GET and PUT addresses, so the store stays the same size for the whole run.
const first = await fetch(`${url}/petstore/pets`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
  body: '{"name":"Rex"}',
});
if (((await first.json()) as { id: number }).id !== 1)
  throw new Error('the soak server did not start with an empty store');

const answers = new Map<string, number>();
const unexpected: string[] = [];
const count = (kind: string) => answers.set(kind, (answers.get(kind) ?? 0) + 1);
function expectStatus(kind: string, status: number, wanted: number[]): void {
  count(`${kind} ${status}`);
  if (!wanted.includes(status) && unexpected.length < 50) unexpected.push(`${kind}: ${status}`);
}

function rssMB(): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

const bad: Array<{ kind: string; init: RequestInit; path: string; wanted: number[] }> = [
  {
    kind: 'bad: malformed JSON',
    path: '/petstore/pets',
    init: { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: '{"name":' },
    wanted: [400],
  },
  {
    kind: 'bad: invalid body',
    path: '/petstore/pets/1',
    init: { method: 'PUT', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: '{"name":1}' },
    wanted: [400],
  },
  { kind: 'bad: unknown path', path: '/petstore/nothing', init: {}, wanted: [404] },
  { kind: 'bad: empty segment', path: '/petstore/pets//1', init: {}, wanted: [404] },
  { kind: 'bad: method', path: '/petstore/pets', init: { method: 'PATCH' }, wanted: [405] },
  {
    kind: 'bad: oversized',
    path: '/petstore/pets/1',
    init: {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: `{"name":"${'x'.repeat(2_000_000)}"}`,
    },
    wanted: [413],
  },
  {
    kind: 'bad: coding',
    path: '/petstore/pets/1',
    init: {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'content-encoding': 'br', 'x-api-key': apiKey },
      body: '{}',
    },
    wanted: [415],
  },
  {
    kind: 'bad: no credentials',
    path: '/petstore/pets/1',
    init: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' },
    wanted: [401],
  },
];

let running = true;
let iteration = 0;

async function httpLoop(): Promise<void> {
  while (running) {
    const n = iteration++;
    try {
      if (n % 10 === 9) {
        const c = bad[((n / 10) % bad.length) | 0]!;
        const response = await fetch(url + c.path, c.init);
        await response.arrayBuffer();
        expectStatus(c.kind, response.status, c.wanted);
      } else if (n % 3 === 0) {
        const response = await fetch(`${url}/petstore/pets/1`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
          body: JSON.stringify({ name: `Rex ${n}`, tag: 'dog' }),
        });
        await response.arrayBuffer();
        expectStatus('PUT /pets/1', response.status, [200]);
      } else if (n % 3 === 1) {
        const response = await fetch(`${url}/chat/rooms/soak/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ author: 'soak', text: `message ${n}` }),
        });
        await response.arrayBuffer();
        expectStatus('POST chat message', response.status, [202]);
      } else {
        const response = await fetch(`${url}/petstore/pets/1`);
        await response.arrayBuffer();
        expectStatus('GET /pets/1', response.status, [200]);
      }
    } catch (error) {
      if (unexpected.length < 50) unexpected.push(`HTTP: ${(error as Error).message}`);
      count('HTTP transport error');
    }
  }
}

/** Opens a socket and resolves it once open; `frames` collects what arrives. */
function openSocket(path: string, frames: string[], wake: () => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsUrl}${path}`);
    socket.on('message', (data: Buffer) => {
      frames.push(data.toString());
      wake();
    });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function wsLoop(index: number): Promise<void> {
  const frames: string[] = [];
  let waiting: (() => void) | undefined;
  const next = async () => {
    while (frames.length === 0) await new Promise<void>((resolve) => (waiting = resolve));
    return frames.shift()!;
  };
  const hello = await openSocket('/hello/hello/', frames, () => waiting?.());
  // Half the sockets also sit in the chat room, receiving every chat post as a push.
  const listenerFrames: string[] = [];
  const room =
    index % 2 === 0 ? await openSocket('/chat/rooms/soak', listenerFrames, () => listenerFrames.splice(0)) : undefined;
  let n = 0;
  while (running) {
    n++;
    try {
      if (n % 10 === 0) {
        hello.send(Buffer.from('binary'), { binary: true });
        const frame = JSON.parse(await next()) as { error?: { code: string } };
        count(`ws bad: binary frame ${frame.error?.code}`);
        if (frame.error?.code !== 'LIMIS_ERR_UNSUPPORTED_MEDIA_TYPE' && unexpected.length < 50)
          unexpected.push(`ws binary: ${JSON.stringify(frame)}`);
      } else {
        hello.send(`ping ${n}`);
        const reply = await next();
        count('ws hello');
        if (reply !== 'hello' && unexpected.length < 50) unexpected.push(`ws hello: ${reply}`);
      }
      if (room && n % 5 === 0) room.send('{"message":"typing","payload":{"author":"soak"}}');
    } catch (error) {
      if (unexpected.length < 50) unexpected.push(`WebSocket: ${(error as Error).message}`);
    }
  }
  hello.close();
  room?.close();
}

const loops = [...Array.from({ length: 40 }, () => httpLoop()), ...Array.from({ length: 10 }, (_, i) => wsLoop(i))];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
await sleep(5000);
const rss = { start: rssMB(), middle: 0, end: 0 };
await sleep(((seconds - 5) * 1000) / 2);
rss.middle = rssMB();
await sleep(((seconds - 5) * 1000) / 2);
rss.end = rssMB();
running = false;
await Promise.all(loops);
server.send('report');
const report = await new Promise<{ errors: string[]; errorCount: number; faults: Record<string, number> }>((resolve) =>
  server.once('message', resolve as never),
);
server.kill('SIGTERM');

const total = [...answers.values()].reduce((a, b) => a + b, 0);
console.log(
  `soak: ${seconds} s, ${total} answers (${Math.round(total / seconds)}/s), 40 HTTP + 10 WebSocket connections`,
);
for (const [kind, n] of [...answers].sort()) console.log(`  ${kind.padEnd(44)} ${n}`);
console.log(
  `server RSS: start ${rss.start.toFixed(1)} MB, middle ${rss.middle.toFixed(1)} MB, end ${rss.end.toFixed(1)} MB (growth ${(rss.end - rss.start).toFixed(1)} MB, bound ${maxGrowthMB} MB)`,
);
console.log(`server onError: ${report.errorCount}; client faults: ${JSON.stringify(report.faults)}`);
console.log(`unexpected: ${unexpected.length}${unexpected.length ? `\n  ${unexpected.join('\n  ')}` : ''}`);
const ok = unexpected.length === 0 && report.errorCount === 0 && rss.end - rss.start <= maxGrowthMB;
process.exit(ok ? 0 : 1);
