/**
 * How the generated clients trace their calls, without tying the client to a tracing library: a browser bundle gets
 * none of it unless it asks. `limis/client/opentelemetry` provides the OpenTelemetry one, and a limis runtime turns
 * it on for the clients of the process it serves.
 */
export interface ClientTracing {
  /** Starts the span of one call, a child of whatever span is active. */
  start(name: string, attributes: Readonly<Record<string, string | number>>): ClientSpan;
}

export interface ClientSpan {
  /** Adds the span's trace context (`traceparent`, `tracestate`) to the headers a request or upgrade sends. */
  inject(headers: Record<string, string>): void;
  setAttribute(name: string, value: string | number): void;
  /** Ends the span with the status answered (a 4xx or 5xx marks it failed) or the error that ended the call. */
  end(outcome: { status?: number; error?: unknown }): void;
}

let tracing: ClientTracing | undefined;

/** Traces every generated client's calls from now on; `undefined` stops. */
export function useClientTracing(given: ClientTracing | undefined): void {
  tracing = given;
}

/** The tracing in use, if any: asked per call, so one set later applies to clients made before. */
export function clientTracing(): ClientTracing | undefined {
  return tracing;
}
