import { expect } from 'chai';
import { Registry } from 'prom-client';
import { WebSocket } from 'ws';
import { createRoomsComponent as createHttpRooms } from '../../../services/chat/components/rooms.js';
import { createChatService } from '../../../services/chat/generated/routes.js';
import { createRoomsComponent as createEventRooms } from '../../../services/chat-events/components/rooms.js';
import { createChatEventsService } from '../../../services/chat-events/generated/channels.js';
import { adminHeaders, petstoreService } from '../../helpers/petstore.js';
import { promtoolCheck, sample } from '../../helpers/prometheus.js';
import { type Served, serve } from '../../helpers/serve.js';
import { settle } from '../../helpers/ws.js';

describe('metrics: /metrics in Prometheus text, counting what was served', () => {
  let served: Served;

  beforeEach(async () => {
    const events = createChatEventsService({ rooms: createEventRooms(() => events.push) });
    served = await serve({
      services: [petstoreService(), createChatService({ rooms: createHttpRooms(events.push) }), events],
      ws: { port: 0, host: '127.0.0.1' },
      contextRoot: 'api',
    });
  });
  afterEach(() => served.runtime.stop());

  it('after a known sequence of calls, every counter says what happened, and promtool accepts the scrape', async () => {
    const base = `${served.url}/api/petstore`;
    const admin = { ...(await adminHeaders()), 'content-type': 'application/json' };
    for (let i = 0; i < 3; i++) await fetch(`${base}/pets`);
    await fetch(`${base}/pets/999`);
    await fetch(`${base}/pets/abc`);
    await fetch(`${base}/pets`, { method: 'POST', headers: admin, body: '{"name": 5}' });
    await fetch(`${base}/pets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const body = JSON.stringify({ name: 'Rex', tag: 'dog' });
    expect((await fetch(`${base}/pets`, { method: 'POST', headers: admin, body })).status).to.equal(201);
    const consumers = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<WebSocket>((resolve, reject) => {
            const socket = new WebSocket(`${served.runtime.wsUrl}/api/chat/rooms/red`);
            socket.once('open', () => resolve(socket)).once('error', reject);
          }),
      ),
    );
    consumers[0]!.send(JSON.stringify({ message: 'typing', payload: { author: 'ann' } }));
    consumers[0]!.send('not json');
    await fetch(`${served.url}/api/chat/rooms/red/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ author: 'ann', text: 'hi' }),
    });
    await settle();

    const scrape = await fetch(`${served.url}/metrics`);
    expect(scrape.status).to.equal(200);
    expect(scrape.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    const text = await scrape.text();
    expect(promtoolCheck(text)).to.equal('0');

    const http = 'limis_http_server_request_duration_seconds_count';
    expect(sample(text, http, { operation: 'listPets', status_class: '2xx', route: '/api/petstore/pets' })).to.equal(3);
    expect(sample(text, http, { operation: 'getPet', status_class: '4xx' })).to.equal(2);
    expect(sample(text, http, { operation: 'createPet', status_class: '4xx' })).to.equal(2);
    expect(sample(text, http, { operation: 'createPet', status_class: '2xx' })).to.equal(1);
    const rejected = 'limis_rejections_total';
    expect(sample(text, rejected, { operation: 'getPet', reason: 'LIMIS_ERR_VALIDATION' })).to.equal(1);
    expect(sample(text, rejected, { operation: 'createPet', reason: 'LIMIS_ERR_VALIDATION' })).to.equal(1);
    expect(sample(text, rejected, { operation: 'createPet', reason: 'LIMIS_ERR_UNAUTHORIZED' })).to.equal(1);
    // A 404 the action chose is an answer, not a refusal: three refusals over HTTP, one unreadable frame.
    expect(text.match(/^limis_rejections_total\{/gm)).to.have.length(4);
    expect(sample(text, 'limis_http_server_request_body_bytes_sum', { operation: 'createPet' })).to.equal(
      Buffer.byteLength(body) + Buffer.byteLength('{"name": 5}'),
    );
    expect(sample(text, 'limis_http_server_requests_in_flight', { operation: 'listPets' })).to.equal(0);

    expect(sample(text, 'limis_ws_connections', { channel: 'room' })).to.equal(2);
    expect(sample(text, 'limis_ws_messages_received_total', { message: 'typing' })).to.equal(1);
    expect(sample(text, rejected, { transport: 'ws', reason: 'LIMIS_ERR_INVALID_JSON' })).to.equal(1);
    expect(sample(text, 'limis_ws_messages_sent_total', { kind: 'error' })).to.equal(1);
    expect(sample(text, 'limis_ws_message_duration_seconds_count', { operation: 'typing', outcome: 'ok' })).to.equal(1);
    expect(sample(text, 'limis_pushes_total', { message: 'typing', source: 'local' })).to.equal(1);
    expect(sample(text, 'limis_push_deliveries_total', { message: 'typing' })).to.equal(1);
    expect(sample(text, 'limis_pushes_total', { message: 'chatMessage', source: 'local' })).to.equal(1);
    expect(sample(text, 'limis_push_deliveries_total', { message: 'chatMessage' })).to.equal(2);
    expect(sample(text, 'process_cpu_user_seconds_total')).to.be.greaterThan(0);
    // Never a value a caller chose: no room id, no pet id, no body text.
    expect(text).not.to.match(/"(red|999|abc|Rex|ann|hi)"/);
    expect(text).not.to.include('limis_bus_');

    for (const socket of consumers) socket.close();
    await settle();
    const after = await (await fetch(`${served.url}/metrics`)).text();
    expect(sample(after, 'limis_ws_connections', { channel: 'room' })).to.equal(0);
  });

  it('is served outside the context root, for GET and HEAD only, and never reaches an interceptor', async () => {
    const seen: string[] = [];
    const watched = await serve({
      services: [petstoreService()],
      interceptors: [
        async (ctx, next) => {
          seen.push(ctx.action);
          await next();
        },
      ],
      metrics: { path: '/internal/metrics', process: false },
    });
    try {
      expect((await fetch(`${watched.url}/metrics`)).status).to.equal(404);
      const head = await fetch(`${watched.url}/internal/metrics`, { method: 'HEAD' });
      expect(head.status).to.equal(200);
      expect(await head.text()).to.equal('');
      const post = await fetch(`${watched.url}/internal/metrics`, { method: 'POST' });
      expect([post.status, post.headers.get('allow')]).to.deep.equal([405, 'GET, HEAD']);
      const text = await (await fetch(`${watched.url}/internal/metrics`)).text();
      expect(text).to.include('limis_http_server_request_duration_seconds');
      expect(text).not.to.include('process_cpu_user_seconds_total');
      expect(seen).to.deep.equal([]);
    } finally {
      await watched.runtime.stop();
    }
  });

  it('adds to a registry of the application’s own, and metrics: false serves and measures nothing', async () => {
    const registry = new Registry();
    const own = await serve({ services: [petstoreService()], metrics: { registry, process: false } });
    const none = await serve({ services: [petstoreService()], metrics: false });
    try {
      await fetch(`${own.url}/petstore/pets`);
      expect(own.runtime.metrics).to.equal(registry);
      expect(await registry.getSingleMetricAsString('limis_http_server_request_duration_seconds')).to.include(
        'operation="listPets"',
      );
      expect((await fetch(`${none.url}/metrics`)).status).to.equal(404);
      expect(none.runtime.metrics).to.equal(undefined);
    } finally {
      await own.runtime.stop();
      await none.runtime.stop();
    }
  });
});
