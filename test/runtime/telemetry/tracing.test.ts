import { Writable } from 'node:stream';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { expect } from 'chai';
import { type Interceptor, loggingInterceptor } from 'limis/runtime';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { createRoomsComponent as createHttpRooms } from '../../../services/chat/components/rooms.js';
import { ChatClient } from '../../../services/chat/generated/client.js';
import { createChatService } from '../../../services/chat/generated/routes.js';
import { createRoomsComponent as createEventRooms } from '../../../services/chat-events/components/rooms.js';
import { createChatEventsService } from '../../../services/chat-events/generated/channels.js';
import { ChatEventsClient } from '../../../services/chat-events/generated/ws-client.js';
import { PetstoreClient } from '../../../services/petstore/generated/client.js';
import { adminHeaders, petstoreService } from '../../helpers/petstore.js';
import { type Served, serve } from '../../helpers/serve.js';
import { startTracing, type Tracing } from '../../helpers/tracing.js';
import { settle } from '../../helpers/ws.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

describe('tracing: OpenTelemetry spans named by the contract, with a real SDK', () => {
  let tracing: Tracing;
  let served: Served;
  let logLines: Array<Record<string, unknown>>;

  before(() => {
    tracing = startTracing();
  });
  after(() => tracing.stop());
  beforeEach(async () => {
    logLines = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const events = createChatEventsService({ rooms: createEventRooms(() => events.push) });
    served = await serve({
      services: [petstoreService(), createChatService({ rooms: createHttpRooms(events.push) }), events],
      interceptors: [loggingInterceptor({ logger: pino({ base: undefined }, sink) })],
      ws: { port: 0, host: '127.0.0.1' },
      metrics: false,
    });
    tracing.exporter.reset();
  });
  afterEach(() => served.runtime.stop());

  it('client span → server span → authorize, validate and action children, one trace, with the contract’s names', async () => {
    const client = new PetstoreClient({ baseUrl: `${served.url}/petstore`, headers: await adminHeaders() });
    const test = trace.getTracer('test');
    await test.startActiveSpan('test', async (root) => {
      const created = await client.createPet({ body: { name: 'Rex', tag: 'dog' } });
      expect(created.status).to.equal(201);
      root.end();
    });
    const root = tracing.span('test');
    const clientSpan = tracing.span('POST /pets');
    const server = tracing.span('POST /petstore/pets');
    expect(clientSpan.kind).to.equal(SpanKind.CLIENT);
    expect(clientSpan.parentSpanContext?.spanId).to.equal(root.spanContext().spanId);
    expect(clientSpan.attributes).to.include({ 'http.request.method': 'POST', 'http.response.status_code': 201 });
    expect(server.kind).to.equal(SpanKind.SERVER);
    expect(server.spanContext().traceId).to.equal(root.spanContext().traceId);
    expect(server.parentSpanContext?.spanId).to.equal(clientSpan.spanContext().spanId);
    expect(server.attributes).to.include({
      'http.request.method': 'POST',
      'http.route': '/petstore/pets',
      'http.response.status_code': 201,
      'limis.service': 'petstore',
      'limis.component': 'pets',
      'limis.operation': 'createPet',
      'enduser.id': 'tester',
    });
    expect(server.attributes['limis.request_id']).to.be.a('string');
    for (const child of ['authorize', 'validate', 'createPet']) {
      const span = tracing.span(child);
      expect(span.parentSpanContext?.spanId, child).to.equal(server.spanContext().spanId);
      expect(span.spanContext().traceId).to.equal(root.spanContext().traceId);
    }
    // The checks end as they pass the call on: each lies before the action starts.
    const started = (name: string) => tracing.span(name).startTime;
    const ended = (name: string) => tracing.span(name).endTime;
    expect(ended('validate') <= started('createPet') || ended('validate')[0] <= started('createPet')[0]).to.equal(true);
    // Never a credential on any span.
    const everything = JSON.stringify(tracing.exporter.getFinishedSpans().map((s) => s.attributes));
    expect(everything).not.to.include('Bearer');
  });

  it('continues the trace a request carries in traceparent, and takes a gateway’s X-Request-Id', async () => {
    const answer = await fetch(`${served.url}/petstore/pets/1`, {
      headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`, 'x-request-id': 'gw-7f3a' },
    });
    expect(answer.status).to.equal(404);
    const server = tracing.span('GET /petstore/pets/{petId}');
    expect(server.spanContext().traceId).to.equal(TRACE_ID);
    expect(server.parentSpanContext?.spanId).to.equal(PARENT_ID);
    expect(server.attributes).to.include({ 'limis.request_id': 'gw-7f3a', 'http.response.status_code': 404 });
    // A 404 the action chose is an answer, not an error.
    expect(server.status.code).to.equal(SpanStatusCode.UNSET);
  });

  it('a refused request is the caller’s fault (code, no error status); a failing action is an error with the exception', async () => {
    await fetch(`${served.url}/petstore/pets/abc`, { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } });
    const refused = tracing.span('GET /petstore/pets/{petId}');
    expect(refused.attributes).to.include({
      'http.response.status_code': 400,
      'limis.error.code': 'LIMIS_ERR_VALIDATION',
    });
    expect(refused.status.code).to.equal(SpanStatusCode.UNSET);
    expect(tracing.span('validate').attributes['limis.error.code']).to.equal('LIMIS_ERR_VALIDATION');
    expect(tracing.spans('getPet')).to.have.length(0);

    const failing: Interceptor = async () => {
      throw new Error('the database is gone');
    };
    const broken = await serve({ services: [petstoreService({ actions: { getPet: [failing] } })], metrics: false });
    try {
      tracing.exporter.reset();
      expect((await fetch(`${broken.url}/petstore/pets/1`)).status).to.equal(500);
      const server = tracing.span('GET /petstore/pets/{petId}');
      expect(server.status.code).to.equal(SpanStatusCode.ERROR);
      expect(server.events.map((e) => e.name)).to.include('exception');
      expect(JSON.stringify(server.events)).to.include('the database is gone');
    } finally {
      await broken.runtime.stop();
    }
  });

  it('an HTTP action’s push is a publish span in the action’s trace', async () => {
    const chat = new ChatClient({ baseUrl: `${served.url}/chat` });
    const consumer = await new ChatEventsClient({ baseUrl: `${served.runtime.wsUrl}/chat` }).room({ roomId: 'red' });
    const heard: unknown[] = [];
    consumer.onChatMessage((message) => heard.push(message));
    const posted = await chat.postMessage({ params: { roomId: 'red' }, body: { author: 'ann', text: 'hi' } });
    expect(posted.body).to.deep.equal({ id: 1, delivered: 1 });
    await settle();
    expect(heard).to.have.length(1);
    const action = tracing.span('postMessage');
    const publish = tracing.span('publish room');
    expect(publish.kind).to.equal(SpanKind.PRODUCER);
    expect(publish.parentSpanContext?.spanId).to.equal(action.spanContext().spanId);
    expect(publish.attributes).to.include({
      'messaging.destination.name': 'room',
      'limis.message': 'chatMessage',
      'limis.push.delivered': 1,
    });
    consumer.close();
  });

  it('a WebSocket message is a server span of its own trace, linked to the trace its upgrade carried', async () => {
    const socket = new WebSocket(`${served.runtime.wsUrl}/chat/rooms/red`, {
      headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` },
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(JSON.stringify({ message: 'typing', payload: { author: 'ann' } }));
    socket.send(JSON.stringify({ message: 'typing', payload: { author: 42 } }));
    await settle();
    socket.close();
    const spans = tracing.spans('WS /chat/rooms/{roomId} typing');
    expect(spans).to.have.length(2);
    for (const span of spans) {
      expect(span.kind).to.equal(SpanKind.SERVER);
      expect(span.spanContext().traceId).not.to.equal(TRACE_ID);
      expect(span.links.map((l) => l.context.traceId)).to.deep.equal([TRACE_ID]);
      expect(span.attributes).to.include({ 'limis.channel': 'room', 'limis.message': 'typing' });
    }
    expect(spans[1]!.attributes['limis.error.code']).to.equal('LIMIS_ERR_VALIDATION');
    expect(tracing.spans('validate').map((s) => s.parentSpanContext?.spanId)).to.have.members(
      spans.map((s) => s.spanContext().spanId),
    );
  });

  it('the logging interceptor joins each line to its trace', async () => {
    await fetch(`${served.url}/petstore/pets/1`, { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } });
    const server = tracing.span('GET /petstore/pets/{petId}');
    const line = logLines.find((l) => l.msg === 'action');
    expect(line).to.include({ trace_id: TRACE_ID, span_id: server.spanContext().spanId });
  });

  it('the node adapter (and the fetch and Lambda adapters on the same dispatch) names spans the same way', async () => {
    const lean = await serve({ services: [petstoreService()], adapter: 'node', contextRoot: 'api', metrics: false });
    try {
      await fetch(`${lean.url}/api/petstore/pets/1`, { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } });
      const server = tracing.span('GET /api/petstore/pets/{petId}');
      expect(server.parentSpanContext?.spanId).to.equal(PARENT_ID);
      expect(server.attributes).to.include({ 'http.route': '/api/petstore/pets/{petId}', 'limis.operation': 'getPet' });
      expect(tracing.span('getPet').parentSpanContext?.spanId).to.equal(server.spanContext().spanId);
    } finally {
      await lean.runtime.stop();
    }
  });

  it('tracing: false starts no span, and trace context is not passed on', async () => {
    const quiet = await serve({ services: [petstoreService()], tracing: false, metrics: false });
    try {
      await fetch(`${quiet.url}/petstore/pets/1`, { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } });
      expect(tracing.exporter.getFinishedSpans()).to.deep.equal([]);
    } finally {
      await quiet.runtime.stop();
    }
  });
});
