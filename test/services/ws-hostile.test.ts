import { type ChildProcess, spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { expect } from 'chai';
import WebSocket from 'ws';
import { repoRoot } from '../helpers/workspace.js';
import { RawClient } from '../helpers/ws.js';

interface ExamplesServer {
  child: ChildProcess;
  http: string;
  ws: string;
  stderr: () => string;
}

async function startExamples(adapter: 'koa' | 'node'): Promise<ExamplesServer> {
  const child = spawn(
    process.execPath,
    ['--conditions=limis-source', '--import=tsx', join(repoRoot, 'test/helpers/examples-server.ts')],
    {
      env: { ...process.env, LIMIS_ADAPTER: adapter },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const first = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`the examples server exited with ${code}: ${stderr}`)));
  });
  const { http, ws } = JSON.parse(first) as { http: string; ws: string };
  return { child, http, ws, stderr: () => stderr };
}

const upgradeHeaders =
  'Host: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends raw bytes and resolves with the status line of the answer (or `closed` when the server closed without one). */
async function rawExchange(url: string, request: string): Promise<string> {
  const socket = await open(url);
  socket.on('error', () => undefined);
  return new Promise((resolve) => {
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer.split('\r\n')[0] || 'closed'));
    socket.write(request);
  });
}

/** Sends an upgrade and resets the connection at once, while the server is still answering it. */
async function resetDuringUpgrade(url: string, target: string): Promise<void> {
  const socket = await open(url);
  socket.on('error', () => undefined);
  socket.write(`GET ${target} HTTP/1.1\r\n${upgradeHeaders}`);
  await new Promise((resolve) => setImmediate(resolve));
  socket.resetAndDestroy();
}

async function stillServes(server: ExamplesServer): Promise<void> {
  expect(server.child.exitCode, server.stderr()).to.equal(null);
  expect(await (await fetch(`${server.http}/hello/hello`)).text()).to.equal('hello');
  const client = await RawClient.open(`${server.ws}/hello/hello/`);
  client.send('still there?');
  expect(await client.next()).to.deep.equal(['hello']);
  await client.close();
}

for (const adapter of ['koa', 'node'] as const)
  describe(`a client cannot end the server's process (${adapter} adapter, WebSocket on its own port)`, () => {
    let server: ExamplesServer;
    before(async function () {
      this.timeout(20_000);
      server = await startExamples(adapter);
    });
    after(() => {
      server.child.kill('SIGTERM');
    });
    afterEach(() => stillServes(server));

    it('answers upgrades whose request-target is not a plain path with 400, and unknown paths with 404', async () => {
      const targets: Array<[string, string]> = [
        ['//[/', 'HTTP/1.1 404 Not Found'],
        ['http://[/chat/rooms/red', 'HTTP/1.1 400 Bad Request'],
        ['http://localhost:99999/chat/rooms/red', 'HTTP/1.1 400 Bad Request'],
        ['http://%zz/chat/rooms/red', 'HTTP/1.1 400 Bad Request'],
        ['http://[::1/chat/rooms/red', 'HTTP/1.1 400 Bad Request'],
        ['*', 'HTTP/1.1 400 Bad Request'],
        ['localhost:8888', 'HTTP/1.1 400 Bad Request'],
        ['/chat/rooms/%zz', 'HTTP/1.1 400 Bad Request'],
        ['/chat/rooms//red', 'HTTP/1.1 404 Not Found'],
      ];
      const answers: Array<[string, string]> = [];
      for (const [target] of targets)
        answers.push([target, await rawExchange(server.ws, `GET ${target} HTTP/1.1\r\n${upgradeHeaders}`)]);
      expect(answers).to.deep.equal(targets);
      const absolute = await RawClient.open(`${server.ws}/chat/rooms/red`);
      await absolute.close();
    });

    it('survives clients that reset while their upgrade is being refused, on both ports', async () => {
      for (let i = 0; i < 40; i++) {
        await resetDuringUpgrade(server.ws, '/nothing/here');
        await resetDuringUpgrade(server.ws, '/chat/rooms/%zz');
        await resetDuringUpgrade(server.ws, 'http://[/x');
        await resetDuringUpgrade(server.http, '/hello/hello');
      }
    });

    it('refuses an upgrade on the HTTP port, which serves no channel, with 404 rather than serving it as a GET', async () => {
      expect(await rawExchange(server.http, `GET /hello/hello HTTP/1.1\r\n${upgradeHeaders}`)).to.equal(
        'HTTP/1.1 404 Not Found',
      );
    });

    it('answers a message nested 10,000 levels deep with a 400-class error frame', async () => {
      const client = await RawClient.open(`${server.ws}/chat/rooms/red`);
      client.send(`{"message":"typing","payload":{"author":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`);
      const [frame] = await client.next();
      expect(JSON.parse(frame!).error).to.deep.equal({
        code: 'LIMIS_ERR_INVALID_JSON',
        detail: 'the message nests deeper than 64 levels',
      });
      await client.close();
    });

    it('refuses binary frames on a text channel and payloads with undeclared prototype keys, with error frames', async () => {
      const client = await RawClient.open(`${server.ws}/chat/rooms/red`);
      const listener = await RawClient.open(`${server.ws}/chat/rooms/red`);
      client.socket.send(Buffer.from('{"message":"typing","payload":{"author":"a"}}'), { binary: true });
      client.send('{"message":"typing","payload":{"author":"a","__proto__":{"polluted":1}}}');
      client.send('{"message":"typing","payload":{"author":"a","constructor":{"prototype":{"polluted":1}}}}');
      const errors = (await client.next(3)).map((frame) => JSON.parse(frame).error.code);
      expect(errors).to.deep.equal([
        'LIMIS_ERR_UNSUPPORTED_MEDIA_TYPE',
        'LIMIS_ERR_PROTOTYPE_KEY',
        'LIMIS_ERR_PROTOTYPE_KEY',
      ]);
      // Nothing was relayed; the next good message is the first the room hears.
      client.send('{"message":"typing","payload":{"author":"b"}}');
      expect(JSON.parse((await listener.next())[0]!).payload).to.deep.equal({ author: 'b' });
      const hello = await RawClient.open(`${server.ws}/hello/hello/`);
      hello.socket.send(Buffer.from('hi'), { binary: true });
      expect(JSON.parse((await hello.next())[0]!).error.code).to.equal('LIMIS_ERR_UNSUPPORTED_MEDIA_TYPE');
      await Promise.all([client.close(), listener.close(), hello.close()]);
    });

    it('closes a handshake sent one byte at a time once the header timeout passes', async function () {
      this.timeout(10_000);
      const socket = await open(server.ws);
      socket.on('error', () => undefined);
      const request = `GET /hello/hello HTTP/1.1\r\n${upgradeHeaders}`;
      const started = Date.now();
      const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - started)));
      let sent = 0;
      const drip = setInterval(() => {
        if (!socket.destroyed && sent < request.length - 2) socket.write(request[sent++]!);
      }, 50);
      const elapsed = await closed;
      clearInterval(drip);
      // headersTimeout is 1 s in the examples server; its check runs every 250 ms.
      expect(elapsed).to.be.below(3000);
      expect(sent).to.be.below(request.length - 2);
    });

    it('logs client mistakes as warnings without a stack, and no error', () => {
      const lines = server
        .stderr()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.length).to.be.greaterThan(0);
      expect(lines.filter((line) => line.level !== 'warn')).to.deep.equal([]);
      expect(lines.filter((line) => 'stack' in line || JSON.stringify(line).includes('    at '))).to.deep.equal([]);
    });
  });

describe('the examples server refuses what a raw ws client does wrong', () => {
  it('a ws client library sees the 400 for a malformed channel parameter', async () => {
    // Guard against the test helper's own assumptions: the refusal must reach a real client as an HTTP status.
    const server = await startExamples('koa');
    try {
      const error = await new Promise<Error>((resolve) => {
        const socket = new WebSocket(`${server.ws}/chat/rooms/%zz`);
        socket.once('error', resolve);
      });
      expect(error.message).to.equal('Unexpected server response: 400');
    } finally {
      server.child.kill('SIGTERM');
    }
  });
});
