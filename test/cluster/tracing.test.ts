import { SpanKind } from '@opentelemetry/api';
import { expect } from 'chai';
import { createRuntime, type Runtime } from 'limis/runtime';
import { natsBus } from '../../runtime/bus/index.js';
import { etcdRegistry } from '../../runtime/registry/index.js';
import { createRoomsComponent as createHttpRooms } from '../../services/chat/components/rooms.js';
import { ChatClient } from '../../services/chat/generated/client.js';
import { createChatService } from '../../services/chat/generated/routes.js';
import { createRoomsComponent as createEventRooms } from '../../services/chat-events/components/rooms.js';
import { createChatEventsService } from '../../services/chat-events/generated/channels.js';
import {
  type Broker,
  type ChatConsumer,
  chatConsumer,
  type Etcd,
  freePort,
  type Gateway,
  startBroker,
  startEtcd,
  startGateway,
  waitFor,
} from '../helpers/cluster.js';
import { promtoolCheck, sample } from '../helpers/prometheus.js';
import { startTracing, type Tracing } from '../helpers/tracing.js';

/** One instance of the chat examples, in this process so its spans reach the suite's SDK, on etcd and NATS. */
async function chatInstance(etcd: Etcd, broker: Broker): Promise<Runtime> {
  const events = createChatEventsService({ rooms: createEventRooms(() => events.push) });
  const runtime = createRuntime({
    services: [createChatService({ rooms: createHttpRooms(events.push) }), events],
    http: { port: 0, host: '127.0.0.1' },
    ws: { port: 0, host: '127.0.0.1' },
    registry: etcdRegistry({ endpoints: [etcd.endpoint], ttl: 5, log: () => undefined }),
    bus: natsBus({ servers: broker.url, log: () => undefined }),
    drainDelay: 0,
  });
  await runtime.start();
  return runtime;
}

describe('a trace across the cluster: client → HAProxy gateway → instance → NATS → the other instance', function () {
  this.timeout(60_000);
  let tracing: Tracing;
  let etcd: Etcd;
  let broker: Broker;
  let gateway: Gateway;
  let metricsPort: number;
  let instances: Runtime[] = [];
  let consumers: ChatConsumer[] = [];

  before(async () => {
    tracing = startTracing();
    [etcd, broker] = await Promise.all([startEtcd(), startBroker('nats')]);
    instances = await Promise.all([chatInstance(etcd, broker), chatInstance(etcd, broker)]);
    metricsPort = await freePort();
    gateway = await startGateway(etcd.url, ['--metrics-port', String(metricsPort)]);
    await gateway.added('http.chat', 2);
    consumers = await Promise.all(instances.map((runtime) => chatConsumer(runtime.wsUrl, 'red')));
  });
  after(async () => {
    for (const consumer of consumers) consumer.socket.close();
    await gateway?.stop();
    await Promise.all(instances.map((runtime) => runtime.stop()));
    await broker?.stop();
    await etcd?.stop();
    await tracing?.stop();
  });

  it('one trace holds the client span, the gateway’s request id, the server span and its children, and the delivery on the other instance', async () => {
    const chat = new ChatClient({ baseUrl: `${gateway.url}/chat` });
    const posted = await chat.postMessage({ params: { roomId: 'red' }, body: { author: 'ann', text: 'hi' } });
    expect(posted.status).to.equal(202);
    // The gateway's id, which it set on the request and echoes on the response.
    const requestId = String((posted as { headers?: Record<string, unknown> }).headers?.['x-request-id']);
    expect(requestId).to.match(/^[0-9a-f-]{36}$/);
    await waitFor('both consumers', () => consumers.every((c) => c.ids.length === 1) || undefined);
    await waitFor('the delivery span', () => tracing.spans('deliver room').length === 1 || undefined);

    const client = tracing.span('POST /rooms/{roomId}/messages');
    const server = tracing.span('POST /chat/rooms/{roomId}/messages');
    const action = tracing.span('postMessage');
    const publish = tracing.span('publish room');
    const deliver = tracing.span('deliver room');
    const traceId = client.spanContext().traceId;
    for (const span of [server, action, publish, deliver, tracing.span('validate')])
      expect(span.spanContext().traceId, span.name).to.equal(traceId);
    expect(server.parentSpanContext?.spanId).to.equal(client.spanContext().spanId);
    expect(server.attributes['limis.request_id']).to.equal(requestId);
    expect(action.parentSpanContext?.spanId).to.equal(server.spanContext().spanId);
    expect(publish.parentSpanContext?.spanId).to.equal(action.spanContext().spanId);
    // Local consumers of the serving instance were reached in the publish; the other instance's through NATS.
    expect(publish.attributes['limis.push.delivered']).to.equal(1);
    expect(deliver.kind).to.equal(SpanKind.CONSUMER);
    expect(deliver.parentSpanContext?.spanId).to.equal(publish.spanContext().spanId);
    expect(deliver.attributes['limis.push.delivered']).to.equal(1);

    // Each instance's metrics say which side it was on.
    const scrapes = await Promise.all(instances.map(async (r) => (await fetch(`${r.httpUrl}/metrics`)).text()));
    const of = (labels: Record<string, string>) =>
      scrapes.map((text) => sample(text, 'limis_pushes_total', labels) ?? 0).sort();
    expect(of({ message: 'chatMessage', source: 'local' })).to.deep.equal([0, 1]);
    expect(of({ message: 'chatMessage', source: 'bus' })).to.deep.equal([0, 1]);
    expect(scrapes.map((text) => sample(text, 'limis_bus_published_total')).sort()).to.deep.equal([0, 1]);
    for (const text of scrapes) expect(promtoolCheck(text)).to.equal('0');
  });

  it('the gateway serves HAProxy’s own Prometheus metrics beside the instances’, which promtool accepts', async () => {
    const answer = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(answer.status).to.equal(200);
    const text = await answer.text();
    expect(sample(text, 'haproxy_backend_active_servers', { proxy: 'http.chat' })).to.equal(2);
    expect(sample(text, 'haproxy_backend_http_responses_total', { proxy: 'http.chat', code: '2xx' })).to.be.greaterThan(
      0,
    );
    // HAProxy 2.6 names one process counter without `_total`: the one finding promtool has, which it reports as a
    // lint (exit 3) after parsing everything; the per-proxy scopes a dashboard reads are clean.
    expect(promtoolCheck(text)).to.equal(
      '3haproxy_process_failed_resolutions counter metrics should have "_total" suffix',
    );
    const scoped = await fetch(`http://127.0.0.1:${metricsPort}/metrics?scope=frontend&scope=backend&scope=server`);
    expect(promtoolCheck(await scoped.text())).to.equal('0');
  });
});
