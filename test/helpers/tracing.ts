import { context, propagation, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  exporter: InMemorySpanExporter;
  /** Finished spans by name; fails when a name is missing. */
  span(name: string): ReadableSpan;
  spans(name: string): ReadableSpan[];
  /** Unregisters the SDK, so later tests run with the no-op API again. */
  stop(): Promise<void>;
}

/**
 * A real OpenTelemetry SDK for one suite: the Node tracer provider with its AsyncLocalStorage context manager and the
 * W3C propagator, exporting every span to memory as it ends.
 */
export function startTracing(): Tracing {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
  const spans = (name: string) => exporter.getFinishedSpans().filter((s) => s.name === name);
  return {
    exporter,
    spans,
    span(name) {
      const found = spans(name);
      if (found.length === 0)
        throw new Error(
          `no span ${name}; finished: ${exporter
            .getFinishedSpans()
            .map((s) => s.name)
            .join(', ')}`,
        );
      return found[0]!;
    },
    async stop() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
