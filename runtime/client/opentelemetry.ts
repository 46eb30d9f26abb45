import {
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapSetter,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { type ClientTracing, useClientTracing } from './tracing.js';

let provider: TracerProvider | undefined;
let current: Tracer | undefined;

/**
 * The tracer every limis span comes from, server and client alike. Until the application registers an OpenTelemetry
 * SDK it hands out non-recording spans, and limis skips all further tracing work for them. Asked for again whenever
 * the global provider changes (`trace.disable()` and a new SDK), which a tracer kept from the first call would miss.
 */
export function tracer(): Tracer {
  const global = trace.getTracerProvider();
  if (global !== provider) {
    provider = global;
    current = global.getTracer('limis');
  }
  return current!;
}

/** Writes `traceparent`/`tracestate` into a plain header or message record. */
const recordSetter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

/** Adds `span`'s W3C trace context to the headers of a request or upgrade, or the fields of a message. */
export function injectSpan(span: Span, carrier: Record<string, string>): void {
  propagation.inject(trace.setSpan(context.active(), span), carrier, recordSetter);
}

/** Client spans through the OpenTelemetry API: the registered SDK's, or no-ops without one. */
export const openTelemetryTracing: ClientTracing = {
  start(name, attributes) {
    const span = tracer().startSpan(name, { kind: SpanKind.CLIENT, attributes }, context.active());
    return {
      inject: (headers) => injectSpan(span, headers),
      setAttribute: (key, value) => {
        span.setAttribute(key, value);
      },
      end({ status, error }) {
        if (span.isRecording()) {
          if (status !== undefined) span.setAttribute('http.response.status_code', status);
          if (error !== undefined) span.recordException(error instanceof Error ? error : String(error));
          if (error !== undefined || (status !== undefined && status >= 400))
            span.setStatus({
              code: SpanStatusCode.ERROR,
              ...(status !== undefined ? { message: String(status) } : {}),
            });
        }
        span.end();
      },
    };
  },
};

/** Traces the generated clients' calls with OpenTelemetry (in a browser, after registering a web tracer provider). */
export function traceClients(): void {
  useClientTracing(openTelemetryTracing);
}
