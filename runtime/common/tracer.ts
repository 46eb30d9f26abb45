import { type TextMapGetter, type TextMapSetter, trace } from '@opentelemetry/api';

/**
 * The tracer every limis span comes from, server and client alike. Until the application registers an OpenTelemetry
 * SDK it hands out non-recording spans, and limis skips all further tracing work for them.
 */
export const tracer = trace.getTracer('limis');

type Headers = Record<string, string | string[] | undefined>;

/** W3C trace context from node:http's lower-cased headers (an upgrade's, a request's). */
export const headerGetter: TextMapGetter<Headers> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key.toLowerCase()],
};

/** Writes `traceparent`/`tracestate` into a plain header or message record. */
export const recordSetter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};
