import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import {
  Balancer,
  ChannelClient,
  ChannelConnection,
  type ClientChannelSpec,
  type ClientOperation,
  type Discovery,
  HttpClient,
  type InstanceRecord,
  NoInstanceError,
  staticDiscovery,
} from 'limis/client';
import { WebSocketServer } from 'ws';
import { freePort } from '../../helpers/cluster.js';

type Behaviour = 'ok' | '503' | 'reset';

/** A loopback server that answers as told and counts what reached it. */
async function instance(behaviour: Behaviour) {
  const seen: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen.push(`${request.method} ${request.url} ${body}`);
      if (state.behaviour === 'reset') return void request.socket.destroy();
      if (state.behaviour === '503') return void response.writeHead(503).end();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ port }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const state = {
    behaviour,
    seen,
    url: `http://127.0.0.1:${port}/svc`,
    port,
    close: () => {
      server.close();
      server.closeAllConnections();
    },
  };
  return state;
}

const get: ClientOperation = {
  method: 'GET',
  path: '/items',
  parameters: [],
  responses: { '200': [{ mediaType: 'application/json', kind: 'json' }], '503': [] },
};
const post: ClientOperation = { ...get, method: 'POST', requestBody: { mediaType: 'application/json', kind: 'json' } };

describe('client-side discovery: balancing, ejection and retries', () => {
  const servers: Array<{ close(): void }> = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });
  const start = async (behaviour: Behaviour) => {
    const one = await instance(behaviour);
    servers.push(one);
    return one;
  };

  it('staticDiscovery is the embedded default: round-robin over its URLs', async () => {
    const [a, b] = [await start('ok'), await start('ok')];
    const client = new HttpClient({ discovery: staticDiscovery([a.url, b.url]) }, 'svc');
    const ports = [];
    for (let i = 0; i < 4; i++) ports.push(((await client.call(get)).body as { port: number }).port);
    expect(ports).to.deep.equal([a.port, b.port, a.port, b.port]);
  });

  it('a GET goes to another instance after a connection reset, and the failed one sits out its cool-down', async () => {
    const [bad, good] = [await start('reset'), await start('ok')];
    const client = new HttpClient({ discovery: staticDiscovery([bad.url, good.url]) });
    for (let i = 0; i < 4; i++) expect((await client.call(get)).status).to.equal(200);
    // The reset instance was tried once, then ejected for 5 s.
    expect(bad.seen.length).to.equal(1);
    expect(good.seen.length).to.equal(4);
  });

  it('a GET is retried after a 503; the 503 is returned when every retry is used up', async () => {
    const [draining, good] = [await start('503'), await start('ok')];
    const client = new HttpClient({ discovery: staticDiscovery([draining.url, good.url]) });
    expect((await client.call(get)).status).to.equal(200);
    const alone = new HttpClient({ discovery: staticDiscovery([draining.url]), retries: 1 });
    expect((await alone.call(get)).status).to.equal(503);
    expect(draining.seen.length).to.equal(3);
  });

  it('a POST is never sent twice after its body went out; with an Idempotency-Key it is', async () => {
    const [bad, good] = [await start('reset'), await start('ok')];
    const client = new HttpClient({ discovery: staticDiscovery([bad.url, good.url]) });
    const error = await client.call(post, { body: { n: 1 } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(TypeError);
    expect(bad.seen).to.deep.equal(['POST /svc/items {"n":1}']);
    expect(good.seen).to.deep.equal([]);
    const keyed = new HttpClient({
      discovery: staticDiscovery([bad.url, good.url]),
      headers: { 'Idempotency-Key': 'k-1' },
    });
    expect((await keyed.call(post, { body: { n: 2 } })).status).to.equal(200);
    expect(good.seen).to.deep.equal(['POST /svc/items {"n":2}']);
  });

  it('a POST moves on when the connection was refused (nothing was sent), past any number of dead instances', async () => {
    const dead = await Promise.all([freePort(), freePort(), freePort()]);
    const good = await start('ok');
    const urls = [...dead.map((port) => `http://127.0.0.1:${port}/svc`), good.url];
    const client = new HttpClient({ discovery: staticDiscovery(urls), retries: 0 });
    expect((await client.call(post, { body: { n: 3 } })).status).to.equal(200);
    expect(good.seen).to.deep.equal(['POST /svc/items {"n":3}']);
  });

  it('least-pending sends a call to the instance with the fewest calls in flight', async () => {
    const balancer = new Balancer('svc', staticDiscovery(['http://a.test/svc', 'http://b.test/svc']), {
      strategy: 'least-pending',
    });
    const first = await balancer.pick();
    const second = await balancer.pick();
    expect(second.record.httpUrl).not.to.equal(first.record.httpUrl);
    second.release();
    expect((await balancer.pick()).record.httpUrl).to.equal(second.record.httpUrl);
  });

  it('keeps the instances it last knew when the source goes quiet, and follows its changes', async () => {
    let push: (instances: readonly InstanceRecord[]) => void = () => undefined;
    const source: Discovery = {
      watch(_service, listener) {
        push = listener;
        return () => undefined;
      },
    };
    const balancer = new Balancer('svc', source, { waitFor: 200 });
    const waiting = balancer.pick();
    const record = (id: string): InstanceRecord => ({
      id,
      service: 'svc',
      version: '1',
      contractHash: '',
      httpUrl: `http://${id}.test/svc`,
      startedAt: '',
    });
    push([record('a')]);
    expect((await waiting).record.id).to.equal('a');
    push([record('b')]);
    expect((await balancer.pick()).record.id).to.equal('b');
    push([]);
    const error = await balancer.pick().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(NoInstanceError);
    expect((error as Error).message).to.equal('no instance of svc is registered');
  });

  it('says which service has no instance when the source never answers', async () => {
    const silent: Discovery = { watch: () => () => undefined };
    const client = new HttpClient({ discovery: silent, balancing: { waitFor: 100 } }, 'petstore');
    const error = await client.call(get).catch((e: unknown) => e);
    expect((error as Error).message).to.equal('no instance of petstore was found within 100 ms');
  });

  it('refuses options with neither a baseUrl nor a discovery source', () => {
    expect(() => new HttpClient({} as never)).to.throw(TypeError, /baseUrl.*or options.discovery/);
    expect(() => new HttpClient({ discovery: {} as never })).to.throw(TypeError, /discovery source/);
  });

  it('a WebSocket client connects to an instance that lists a wsUrl, and reconnects to another when it goes', async () => {
    const sockets = await Promise.all(
      [0, 1].map(async (index) => {
        const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
        await new Promise((resolve) => server.once('listening', resolve));
        // A moment after the handshake, once the test's handler is on.
        server.on('connection', (socket) =>
          setTimeout(() => socket.send(JSON.stringify({ message: 'hi', payload: { index } })), 30),
        );
        return server;
      }),
    );
    const wsUrl = (index: number) => `ws://127.0.0.1:${(sockets[index]!.address() as AddressInfo).port}/svc`;
    const spec: ClientChannelSpec = {
      address: 'room',
      frames: 'envelope',
      sends: {},
      receives: { hi: { kind: 'json' } },
    };
    class Room extends ChannelConnection {
      onHi(handler: (payload: unknown) => void) {
        return this.on('hi', handler);
      }
    }
    class Client extends ChannelClient {
      room() {
        return this.openChannel(Room, spec, {});
      }
    }
    const heard: unknown[] = [];
    const client = new Client(
      {
        discovery: staticDiscovery([
          { httpUrl: 'http://127.0.0.1:1/svc' },
          { httpUrl: 'http://x/svc', wsUrl: wsUrl(0) },
          { httpUrl: 'http://y/svc', wsUrl: wsUrl(1) },
        ]),
        reconnect: { minDelay: 10 },
      },
      'svc',
    );
    const room = await client.room();
    room.onHi((payload) => heard.push(payload));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const first = (heard[0] as { index: number }).index;
    for (const socket of sockets[first]!.clients) socket.close(1001);
    sockets[first]!.close();
    const deadline = Date.now() + 3000;
    while (heard.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard.map((h) => (h as { index: number }).index)).to.deep.equal([first, 1 - first]);
    await room.close();
    for (const server of sockets) server.close();
  });
});
