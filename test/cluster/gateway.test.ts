import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { gatewayRoutes } from '../../generator/gateway/gateway-routes.js';
import { gatewaySettings, renderHaproxy } from '../../generator/gateway/render-haproxy.js';
import { hostileGatewayContract } from '../fixtures/hostile/gateway-contract.js';
import {
  type Etcd,
  freePort,
  type Gateway,
  type Instance,
  repoRootCli,
  startChild,
  startEtcd,
  startGateway,
  startInstance,
  waitFor,
} from '../helpers/cluster.js';
import { openApiService } from '../helpers/model.js';
import { settle } from '../helpers/ws.js';

const SECRET = 'petstore-development-secret-change-me';
const token = (claims: Record<string, unknown>, options: { secret?: string; expiresIn?: string | number } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? SECRET));

/** The next message a socket receives, as text. */
const nextMessage = (socket: WebSocket) =>
  new Promise<string>((resolve, reject) => {
    socket.once('message', (data) => resolve(String(data)));
    socket.once('error', reject);
  });

describe('gateway: HAProxy rendered from the contracts, instances from etcd', function () {
  this.timeout(60_000);
  let etcd: Etcd;
  let dir: string;
  let gateway: Gateway;
  let instances: Instance[];

  before(async () => {
    etcd = await startEtcd();
    dir = await mkdtemp(join(tmpdir(), 'limis-gateway-test-'));
    await writeFile(join(dir, 'keys.txt'), 'back-office-key-1\npetstore-development-key\n');
    instances = await Promise.all([startInstance({ registry: etcd.url }), startInstance({ registry: etcd.url })]);
    gateway = await startGateway(etcd.url, ['--jwt-key', SECRET, '--api-keys', join(dir, 'keys.txt')]);
    await Promise.all(['http.hello', 'http.petstore', 'ws.hello-ws', 'ws.chat-events'].map((b) => gateway.added(b, 2)));
  });
  after(async () => {
    await gateway?.stop();
    await Promise.all((instances ?? []).map((one) => one.stop()));
    await etcd?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('`limis gateway --emit haproxy` prints a configuration that passes `haproxy -c`', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      repoRootCli,
      'gateway',
      '--emit',
      'haproxy',
      '--jwt-key',
      'x',
    ]);
    const file = join(dir, 'emitted.cfg');
    await writeFile(file, stdout);
    const checked = await promisify(execFile)('haproxy', ['-c', '-f', file]);
    expect(checked.stdout).to.include('Configuration file is valid');
    for (const backend of ['http.hello', 'http.petstore', 'http.chat', 'ws.hello-ws', 'ws.chat-events'])
      expect(stdout).to.include(`backend ${backend}\n`);
  });

  it('keeps hostile contract words and secrets inside their quotes: HAProxy accepts them and means them', async () => {
    const secret = `a"b\\c$d%e,)x'y`;
    const port = await freePort();
    const config = renderHaproxy(
      gatewayRoutes([openApiService(hostileGatewayContract)]),
      gatewaySettings({ bind: { host: '127.0.0.1', port }, jwt: { algorithm: 'HS256', key: secret } }),
    );
    const file = join(dir, 'hostile.cfg');
    await writeFile(file, config);
    const checked = await promisify(execFile)('haproxy', ['-c', '-f', file]);
    expect(checked.stdout).to.include('Configuration file is valid');
    const haproxy = startChild('haproxy', ['-db', '-f', file]);
    try {
      const call = async (scope: string, signedWith = secret) => {
        const jwt = await token({ scope }, { secret: signedWith });
        return (await fetch(`http://127.0.0.1:${port}/vault/scoped`, { headers: { authorization: `Bearer ${jwt}` } }))
          .status;
      };
      await waitFor('HAProxy', () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok || undefined));
      // Through authentication to a backend with no instance (503): the secret and the scope were read as written.
      expect(await call('read" || TRUE')).to.equal(503);
      expect(await call('read')).to.equal(403);
      expect(await call('read" || TRUE', 'another secret')).to.equal(401);
    } finally {
      await haproxy.stop();
    }
  });

  it('routes HTTP to two services, across both instances', async () => {
    for (let i = 0; i < 4; i++) expect(await (await fetch(`${gateway.url}/hello/hello`)).text()).to.equal('hello');
    const pets = await fetch(`${gateway.url}/petstore/pets`);
    expect(pets.status).to.equal(200);
    expect(await pets.json()).to.be.an('array');
    await waitFor(
      'the log lines',
      () => instances.every((one) => one.requestLines().some((l) => l.path === '/hello/hello')) || undefined,
    );
    const missing = await fetch(`${gateway.url}/nowhere`);
    expect(missing.status).to.equal(404);
    expect((await missing.json()).code).to.equal('LIMIS_ERR_NOT_FOUND');
  });

  it('streams Server-Sent Events through as they are produced, not buffered to the end', async () => {
    await gateway.added('http.feed', 2);
    const started = performance.now();
    const response = await fetch(`${gateway.url}/feed/ticks?every=300&count=3`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const arrivals: Array<{ at: number; ticks: number }> = [];
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      arrivals.push({ at: performance.now() - started, ticks: (text.match(/^event: tick$/gm) ?? []).length });
    }
    expect(arrivals.at(-1)?.ticks).to.equal(3);
    // The first tick reached the client while the other two were still 600 ms away.
    const first = arrivals.find((a) => a.ticks >= 1)!;
    expect(arrivals.at(-1)!.at - first.at).to.be.at.least(450);
  });

  it('passes WebSocket upgrades through: the hello channel, and a push that reaches a consumer behind the gateway', async () => {
    const hello = new WebSocket(`${gateway.wsUrl}/hello/hello/`);
    await new Promise((resolve, reject) => hello.once('open', resolve).once('error', reject));
    hello.send('anything');
    expect(await nextMessage(hello)).to.equal('hello');
    hello.close();
    // One instance serves the room, so the push comes from the instance the consumer is on (fan-out across
    // instances is the push bus's work).
    const room = new WebSocket(`${gateway.wsUrl}/chat/rooms/lobby`);
    await new Promise((resolve, reject) => room.once('open', resolve).once('error', reject));
    const heard = nextMessage(room);
    let delivered = 0;
    for (const one of instances) {
      const posted = await fetch(`${one.httpOrigin}/chat/rooms/lobby/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ author: 'ann', text: 'hi' }),
      });
      delivered += (await posted.json()).delivered;
    }
    expect(delivered).to.equal(1);
    expect(JSON.parse(await heard)).to.deep.include({ message: 'chatMessage' });
    room.close();
  });

  describe('authentication at the gateway', () => {
    const refusedAtGateway = async (init: RequestInit, status: number) => {
      const before = instances.map((one) => one.requestLines().length);
      const response = await fetch(`${gateway.url}/petstore/pets/1`, { method: 'DELETE', ...init });
      expect(response.status).to.equal(status);
      expect(response.headers.get('content-type')).to.equal('application/problem+json');
      const problem = await response.json();
      expect(problem.status).to.equal(status);
      // No instance saw it: their logging interceptors wrote no line.
      await settle(100);
      expect(instances.map((one) => one.requestLines().length)).to.deep.equal(before);
      return { response, problem };
    };

    it('refuses a request without a token with 401 and a challenge per scheme', async () => {
      const { response } = await refusedAtGateway({}, 401);
      expect(response.headers.get('www-authenticate')).to.include('Bearer realm="petstore"');
    });

    it('refuses a bad signature, an expired token and a token without exp with 401', async () => {
      const bad = await token({ scope: 'pets:admin' }, { secret: 'another-secret' });
      await refusedAtGateway({ headers: { authorization: `Bearer ${bad}` } }, 401);
      const expired = await token({ scope: 'pets:admin' }, { expiresIn: Math.floor(Date.now() / 1000) - 10 });
      await refusedAtGateway({ headers: { authorization: `Bearer ${expired}` } }, 401);
      const forever = await new SignJWT({ scope: 'pets:admin' })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(SECRET));
      await refusedAtGateway({ headers: { authorization: `Bearer ${forever}` } }, 401);
      await refusedAtGateway({ headers: { authorization: 'Bearer not.a.jwt' } }, 401);
    });

    it('refuses a valid token without the scope with 403 insufficient_scope', async () => {
      const writer = await token({ scope: 'pets:write pets:adminx' });
      const { response } = await refusedAtGateway({ headers: { authorization: `Bearer ${writer}` } }, 403);
      expect(response.headers.get('www-authenticate')).to.include('error="insufficient_scope", scope="pets:admin"');
    });

    it('lets a valid token through to the action, which verifies it again and sees its principal', async () => {
      const admin = await token({ sub: 'ann', scope: 'pets:admin' });
      const response = await fetch(`${gateway.url}/petstore/pets/12345`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${admin}` },
      });
      // The pet does not exist: the instance's answer, not the gateway's.
      expect(response.status).to.equal(404);
      await waitFor(
        'the instance’s log line',
        () => instances.some((one) => one.requestLines().some((l) => l.path === '/petstore/pets/12345')) || undefined,
      );
    });

    it('checks API keys against the key file: an unknown key never reaches an instance, a listed one does', async () => {
      const pet = (key: string) => ({
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify({ name: 'Rex' }),
      });
      const before = instances.map((one) => one.requestLines().length);
      const wrong = await fetch(`${gateway.url}/petstore/pets`, pet('guess'));
      expect(wrong.status).to.equal(401);
      expect(wrong.headers.get('www-authenticate')).to.include(
        'ApiKey realm="petstore", in="header", name="X-API-Key"',
      );
      await settle(100);
      expect(instances.map((one) => one.requestLines().length)).to.deep.equal(before);
      expect((await fetch(`${gateway.url}/petstore/pets`, pet('petstore-development-key'))).status).to.equal(201);
      // A key the gateway lists but the instance does not know is refused there: the instance checks again.
      const second = await fetch(`${gateway.url}/petstore/pets`, pet('back-office-key-1'));
      expect(second.status).to.equal(401);
      await waitFor(
        'the instance’s refusal in its log',
        () =>
          instances.some((one) => one.requestLines().some((l) => l.path === '/petstore/pets' && l.status === 401)) ||
          undefined,
      );
    });
  });

  it('keeps a sane X-Request-Id, replaces one that is not, and logs it as JSON', async () => {
    const kept = await fetch(`${gateway.url}/hello/hello`, { headers: { 'x-request-id': 'trace-123' } });
    expect(kept.headers.get('x-request-id')).to.equal('trace-123');
    const replaced = await fetch(`${gateway.url}/hello/hello`, { headers: { 'x-request-id': 'a b<script>' } });
    expect(replaced.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    const refused = await fetch(`${gateway.url}/petstore/pets/1`, { method: 'DELETE' });
    expect(refused.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    await waitFor(
      'the access log line',
      () => gateway.accessLog().some((l) => l.request_id === 'trace-123' && l.status === 200) || undefined,
    );
  });

  it('stops routing to an instance once it deregisters', async () => {
    const leaving = instances.pop()!;
    await leaving.stop('SIGTERM');
    await waitFor(
      'the slot to empty',
      () =>
        gateway.output.some((line) => line.includes('"instance removed"') && line.includes(leaving.id)) || undefined,
    );
    for (let i = 0; i < 6; i++) expect((await fetch(`${gateway.url}/hello/hello`)).status).to.equal(200);
  });
});

describe('gateway rate limits', function () {
  this.timeout(60_000);
  it('answers 429 problem+json over the configured requests per client per window', async () => {
    const etcd = await startEtcd();
    const gateway = await startGateway(etcd.url, ['--rate-limit', '5/10s']);
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await fetch(`${gateway.url}/nowhere`)).status);
      expect(statuses).to.deep.equal([404, 404, 404, 404, 404, 429, 429]);
      const limited = await fetch(`${gateway.url}/hello/hello`);
      expect(limited.headers.get('retry-after')).to.equal('10');
      expect((await limited.json()).code).to.equal('LIMIS_ERR_RATE_LIMITED');
    } finally {
      await gateway.stop();
      await etcd.stop();
    }
  });
});
