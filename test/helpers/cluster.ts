import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { repoRoot } from './workspace.js';

/** The CLI a user runs, as the tests start it. */
export const repoRootCli = join(repoRoot, 'generator/bin/limis.js');

/** A port free on loopback now (the kernel picked it); the engines below take ports as flags, not 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeout = 10_000,
  every = 50,
): Promise<T> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, every));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

/** A child process whose output is kept, and that is killed when the test stops it. */
export interface Child {
  process: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startChild(command: string, args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: 'pipe' });
  const output: string[] = [];
  // Whole lines only: a chunk may end inside one (several processes write to one pipe with --workers).
  const lines = () => {
    let partial = '';
    return (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop()!;
      output.push(...parts.filter(Boolean));
    };
  };
  child.stdout!.on('data', lines());
  child.stderr!.on('data', lines());
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  return {
    process: child,
    output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** A one-member etcd on loopback with its data in a temp folder, which `stop()` removes. */
export interface Etcd {
  endpoint: string;
  url: string;
  /** Starts it again on the same ports and data (after `kill`). */
  restart(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
  range(prefix: string): Promise<Array<{ key: string; value: string }>>;
}

export async function startEtcd(): Promise<Etcd> {
  const dataDir = await mkdtemp(join(tmpdir(), 'limis-etcd-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  let child: Child | undefined;
  const launch = async () => {
    child = startChild('etcd', [
      '--name',
      'limis-test',
      '--data-dir',
      dataDir,
      '--listen-client-urls',
      endpoint,
      '--advertise-client-urls',
      endpoint,
      '--listen-peer-urls',
      peer,
      '--initial-advertise-peer-urls',
      peer,
      '--initial-cluster',
      `limis-test=${peer}`,
      '--log-level',
      'error',
    ]);
    await waitFor('etcd', async () => (await fetch(`${endpoint}/health`)).ok || undefined, 15_000);
  };
  await launch();
  const etcd: Etcd = {
    endpoint,
    url: `etcd://127.0.0.1:${clientPort}`,
    restart: launch,
    async kill(signal = 'SIGKILL') {
      await child?.stop(signal);
    },
    async stop() {
      await child?.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
    async range(prefix) {
      const encode = (text: string) => Buffer.from(text).toString('base64');
      const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
      const response = await fetch(`${endpoint}/v3/kv/range`, {
        method: 'POST',
        body: JSON.stringify({ key: encode(prefix), range_end: encode(end) }),
      });
      const { kvs = [] } = (await response.json()) as { kvs?: Array<{ key: string; value: string }> };
      const decode = (text: string) => Buffer.from(text, 'base64').toString();
      return kvs.map((kv) => ({ key: decode(kv.key), value: decode(kv.value) }));
    },
  };
  return etcd;
}

/** One `limis server` process serving the example services on loopback, with the origins it printed. */
export interface Instance extends Child {
  /** Its instance id, as registered. */
  id: string;
  httpOrigin: string;
  wsOrigin: string;
  /** Requests its logging interceptor wrote a line for. */
  requestLines(): Array<Record<string, unknown>>;
}

export async function startInstance(
  options: { registry?: string; ttl?: number; env?: Record<string, string>; args?: string[] } = {},
) {
  const args = [repoRootCli, 'server', '--http', '--websocket', '--host', '127.0.0.1', '--port', '0', '--ws-port', '0'];
  if (options.registry) args.push('--registry', options.registry);
  if (options.ttl) args.push('--registry-ttl', String(options.ttl));
  args.push(...(options.args ?? []));
  const child = startChild(process.execPath, args, { NODE_ENV: 'development', ...options.env });
  const urls = await waitFor(
    'the instance to serve',
    () => {
      const http = child.output.map((line) => /serving \S+ at (http:\/\/[^/]+)/.exec(line)?.[1]).find(Boolean);
      // The examples serve channels too; a config without any (the benchmark's) has no WebSocket origin to wait for.
      const ws = options.args?.includes('--config')
        ? ''
        : child.output.map((line) => /serving \S+ at (ws:\/\/[^/]+)/.exec(line)?.[1]).find(Boolean);
      const id = child.output.map((line) => /registering instance (\S+)/.exec(line)?.[1]).find(Boolean) ?? '';
      if (child.process.exitCode !== null) throw new Error(`the instance exited: ${child.output.join('\n')}`);
      return http && ws !== undefined ? { http, ws, id } : undefined;
    },
    20_000,
  );
  const instance: Instance = {
    ...child,
    id: urls.id,
    httpOrigin: urls.http,
    wsOrigin: urls.ws,
    requestLines: () =>
      child.output
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => typeof line.path === 'string' && typeof line.status === 'number'),
  };
  return instance;
}

/** `limis gateway` on a free loopback port, following `registry`; resolves once HAProxy serves. */
export interface Gateway extends Child {
  url: string;
  wsUrl: string;
  /** Resolves once `count` instance changes were applied to `backend`. */
  added(backend: string, count: number): Promise<void>;
  /** The gateway's JSON access log lines. */
  accessLog(): Array<Record<string, unknown>>;
}

export async function startGateway(registry: string, args: string[] = []): Promise<Gateway> {
  const port = await freePort();
  const child = startChild(process.execPath, [
    repoRootCli,
    'gateway',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--registry',
    registry,
    ...args,
  ]);
  await waitFor(
    'the gateway to serve',
    () => {
      if (child.process.exitCode !== null) throw new Error(`the gateway exited: ${child.output.join('\n')}`);
      return child.output.some((line) => line.startsWith('limis: gateway on')) || undefined;
    },
    20_000,
  );
  const lines = () =>
    child.output.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    ...child,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    added: (backend, count) =>
      waitFor(
        `${count} instances in ${backend}`,
        () => lines().filter((l) => l.msg === 'instance added' && l.backend === backend).length >= count || undefined,
        20_000,
      ).then(() => undefined),
    accessLog: () => lines().filter((line) => typeof line.status === 'number' && 'backend' in line),
  };
}

/** A broker on a free loopback port that a test can kill and start again on the same port. */
export interface Broker {
  kind: 'nats' | 'redis';
  url: string;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBroker(kind: 'nats' | 'redis'): Promise<Broker> {
  const port = await freePort();
  let child: Child | undefined;
  const launch = async () => {
    child =
      kind === 'nats'
        ? startChild('nats-server', ['-a', '127.0.0.1', '-p', String(port)])
        : startChild('redis-server', [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--save',
            '',
            '--appendonly',
            'no',
          ]);
    await waitFor(
      `${kind} to listen`,
      () => child!.output.some((line) => /Server is ready|Ready to accept connections/.test(line)) || undefined,
    );
  };
  await launch();
  return {
    kind,
    url: `${kind}://127.0.0.1:${port}`,
    restart: launch,
    async kill() {
      await child?.stop('SIGKILL');
    },
    async stop() {
      await child?.stop();
    },
  };
}

/** A consumer of one chat room of the examples: the ids of the chat messages it heard, in order. */
export interface ChatConsumer {
  room: string;
  ids: number[];
  socket: WebSocket;
}

/** Connects to `room` at an instance's WebSocket origin; a message of another room is a test failure. */
export async function chatConsumer(wsOrigin: string, room: string): Promise<ChatConsumer> {
  const socket = new WebSocket(`${wsOrigin}/chat/rooms/${encodeURIComponent(room)}`);
  const consumer: ChatConsumer = { room, ids: [], socket };
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { message: string; payload: { id: number; roomId: string } };
    if (frame.message !== 'chatMessage') return;
    if (frame.payload.roomId !== room) throw new Error(`${room} heard a message of ${frame.payload.roomId}`);
    consumer.ids.push(frame.payload.id);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return consumer;
}
