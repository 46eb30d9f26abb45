import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { expect } from 'chai';
import { clientTracing, useClientTracing } from 'limis/client';
import { openTelemetryTracing, traceClients } from 'limis/client/opentelemetry';
import { startTracing, type Tracing } from '../../helpers/tracing.js';

describe('limis/client/opentelemetry', () => {
  let tracing: Tracing;
  const previous = clientTracing();
  before(() => {
    tracing = startTracing();
  });
  after(async () => {
    useClientTracing(previous);
    await tracing.stop();
  });
  beforeEach(() => tracing.exporter.reset());

  it('traceClients() makes it the clients’ tracing', () => {
    useClientTracing(undefined);
    traceClients();
    expect(clientTracing()).to.equal(openTelemetryTracing);
  });

  it('a client span is a child of the active span, and its traceparent names it', () => {
    trace.getTracer('test').startActiveSpan('caller', (caller) => {
      const span = openTelemetryTracing.start('GET /pets/{petId}', { 'url.template': '/pets/{petId}' });
      const headers: Record<string, string> = {};
      span.inject(headers);
      span.end({ status: 200 });
      caller.end();
      const [, traceId, spanId] = headers.traceparent!.split('-');
      const client = tracing.span('GET /pets/{petId}');
      expect(client.kind).to.equal(SpanKind.CLIENT);
      expect([traceId, spanId]).to.deep.equal([client.spanContext().traceId, client.spanContext().spanId]);
      expect(client.parentSpanContext?.spanId).to.equal(caller.spanContext().spanId);
      expect(client.attributes).to.include({ 'url.template': '/pets/{petId}', 'http.response.status_code': 200 });
      expect(client.status.code).to.equal(SpanStatusCode.UNSET);
    });
  });

  it('a 4xx/5xx answer or an error marks the span failed; an error is recorded', () => {
    openTelemetryTracing.start('a', {}).end({ status: 503 });
    openTelemetryTracing.start('b', {}).end({ error: new Error('refused') });
    expect(tracing.span('a').status).to.deep.equal({ code: SpanStatusCode.ERROR, message: '503' });
    expect(tracing.span('b').status.code).to.equal(SpanStatusCode.ERROR);
    expect(tracing.span('b').events.map((e) => e.name)).to.deep.equal(['exception']);
  });
});
