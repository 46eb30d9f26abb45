import { Counter, collectDefaultMetrics, Registry } from 'prom-client';
import type { BusStats } from '../bus/bus.js';
import { isStreamBody, type RuntimeResponse } from '../handler.js';
import { Series } from './series.js';
import { workerScrape } from './worker-metrics.js';

export interface MetricsOptions {
  /** Where the Prometheus text is served, outside the context root and never logged. Default `/metrics`. */
  path?: string;
  /** A prom-client registry to add limis's metrics to, beside your own. Default: a new one per runtime. */
  registry?: Registry;
  /** prom-client's Node.js process metrics (CPU, memory, event-loop lag, GC). Default true. */
  process?: boolean;
  /**
   * Answer each scrape with every worker's metrics summed, through the primary: what `serveWorkers` sets in its
   * workers, whose one port any of them may be scraped on.
   */
  workers?: boolean;
}

/** Seconds: from a cached answer (well under a millisecond) to a slow dependency. */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Bytes: a small JSON object up to the default 1 MiB body limit and beyond. */
const SIZE_BUCKETS = [64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304];

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** What one HTTP operation reports; prepared once per operation, so a request does no label lookup. */
export interface OperationMeter {
  begin(): void;
  requestBody(bytes: number): void;
  /** The response as written, what the cache did, and the problem code when the runtime refused the request. */
  end(response: RuntimeResponse, seconds: number, cache: unknown, rejection: string | undefined): void;
}

/** What one channel reports: connections, messages each way, slow consumers, pushes. */
export interface ChannelMeter {
  opened(): void;
  closed(): void;
  received(message: string): void;
  served(operation: string, seconds: number, rejection: string | undefined, failed: boolean): void;
  sent(kind: 'reply' | 'error'): void;
  /** A frame refused before it named a message it could be served as (not JSON, unknown message, binary). */
  unreadable(reason: string): void;
  slowConsumer(action: 'dropped' | 'closed'): void;
  pushed(message: string, source: 'local' | 'bus', delivered: number): void;
}

/**
 * The runtime's metrics in a prom-client registry: per operation and channel, labelled only by what the contract
 * names (service, operation, route, channel, message) and by classes (status class, problem code), never by a value
 * a caller chose, so a scrape stays the same size whatever traffic comes.
 */
export class RuntimeMetrics {
  readonly registry: Registry;
  private readonly withProcess: boolean;
  private readonly fromWorkers: (() => Promise<string>) | undefined;
  private readonly httpDuration: Series;
  private readonly httpInFlight: Series;
  private readonly requestBytes: Series;
  private readonly responseBytes: Series;
  private readonly cacheLookups: Series;
  private readonly rejections: Series;
  private readonly wsConnections: Series;
  private readonly wsReceived: Series;
  private readonly wsSent: Series;
  private readonly wsDuration: Series;
  private readonly slowConsumers: Series;
  private readonly pushes: Series;
  private readonly deliveries: Series;

  /** `bus` reads the push bus's counts at each scrape, when the runtime has one. */
  constructor(options: MetricsOptions = {}, bus?: () => Readonly<BusStats>) {
    const registry = options.registry ?? new Registry();
    this.registry = registry;
    const series = (name: string, help: string, type: 'counter' | 'gauge', labelNames: string[]) =>
      new Series(registry, name, help, type, labelNames);
    const histogram = (name: string, help: string, labelNames: string[], buckets: number[]) =>
      new Series(registry, name, help, 'histogram', labelNames, buckets);
    const operation = ['service', 'operation'];
    const channel = ['service', 'channel'];
    this.httpDuration = histogram(
      'limis_http_server_request_duration_seconds',
      'Time from routing an HTTP request to its response, by operation and status class; _count is the request count.',
      [...operation, 'method', 'route', 'status_class'],
      DURATION_BUCKETS,
    );
    this.httpInFlight = series(
      'limis_http_server_requests_in_flight',
      'HTTP requests being served, by operation.',
      'gauge',
      operation,
    );
    this.requestBytes = histogram(
      'limis_http_server_request_body_bytes',
      'Sizes of the HTTP request bodies read, by operation.',
      operation,
      SIZE_BUCKETS,
    );
    this.responseBytes = histogram(
      'limis_http_server_response_body_bytes',
      'Sizes of the HTTP response bodies written, by operation and status class.',
      [...operation, 'status_class'],
      SIZE_BUCKETS,
    );
    this.cacheLookups = series(
      'limis_cache_lookups_total',
      'Response-cache lookups of cached operations, by result (hit, miss).',
      'counter',
      [...operation, 'result'],
    );
    this.rejections = series(
      'limis_rejections_total',
      'Requests and messages the runtime refused before the action (validation, body, media type, credentials), by problem code.',
      'counter',
      [...operation, 'transport', 'reason'],
    );
    this.wsConnections = series('limis_ws_connections', 'Open WebSocket connections, by channel.', 'gauge', channel);
    this.wsReceived = series(
      'limis_ws_messages_received_total',
      'WebSocket messages received, by channel and message name.',
      'counter',
      [...channel, 'message'],
    );
    this.wsSent = series(
      'limis_ws_messages_sent_total',
      'Replies and error frames sent on WebSocket channels, by kind (pushes: limis_push_deliveries_total).',
      'counter',
      [...channel, 'kind'],
    );
    this.wsDuration = histogram(
      'limis_ws_message_duration_seconds',
      'Time to serve one WebSocket message, by operation and outcome (ok, rejected, error).',
      [...channel, 'operation', 'outcome'],
      DURATION_BUCKETS,
    );
    this.slowConsumers = series(
      'limis_ws_slow_consumer_total',
      'Pushes a slow consumer missed (dropped) or slow consumers closed with 1013 (closed).',
      'counter',
      [...channel, 'action'],
    );
    this.pushes = series(
      'limis_pushes_total',
      'Pushes this instance delivered to its consumers, by source: local (published here) or bus (published by another instance).',
      'counter',
      [...channel, 'message', 'source'],
    );
    this.deliveries = series(
      'limis_push_deliveries_total',
      'Push frames sent to consumers, by message and source.',
      'counter',
      [...channel, 'message', 'source'],
    );
    if (bus) busCounters(registry, bus);
    this.withProcess = options.process ?? true;
    this.fromWorkers = options.workers ? workerScrape(this.registries()) : undefined;
  }

  private registries(): Registry[] {
    const own = this.registry.getSingleMetric('process_cpu_user_seconds_total');
    return this.withProcess && !own ? [this.registry, processRegistry()] : [this.registry];
  }

  /** The Prometheus text of a scrape: limis's metrics, and the process's unless turned off or already registered. */
  async scrape(): Promise<string> {
    if (this.fromWorkers) return this.fromWorkers();
    const registries = this.registries();
    return registries.length === 1 ? this.registry.metrics() : Registry.merge(registries).metrics();
  }

  operation(service: string, operation: string, method: string, route: string): OperationMeter {
    const inFlight = this.httpInFlight.cell(service, operation);
    const requestBytes = this.requestBytes.cell(service, operation);
    const byClass = STATUS_CLASSES.map((statusClass) => ({
      duration: this.httpDuration.cell(service, operation, method, route, statusClass),
      bytes: this.responseBytes.cell(service, operation, statusClass),
    }));
    return {
      begin: () => {
        inFlight.value++;
      },
      requestBody: (bytes) => this.requestBytes.observe(requestBytes, bytes),
      end: (response, seconds, cache, rejection) => {
        inFlight.value--;
        const of = byClass[Math.min(4, Math.max(0, Math.floor(response.status / 100) - 1))]!;
        this.httpDuration.observe(of.duration, seconds);
        const body = response.body;
        // A stream's size is known only at its end, long after its call is counted: only whole bodies are measured.
        if (body !== undefined && !isStreamBody(body))
          this.responseBytes.observe(of.bytes, typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
        if (cache === 'hit' || cache === 'miss') this.cacheLookups.cell(service, operation, cache).value++;
        if (rejection !== undefined) this.rejections.cell(service, operation, 'http', rejection).value++;
      },
    };
  }

  channel(service: string, channel: string): ChannelMeter {
    const connections = this.wsConnections.cell(service, channel);
    return {
      opened: () => {
        connections.value++;
      },
      closed: () => {
        connections.value--;
      },
      received: (message) => {
        this.wsReceived.cell(service, channel, message).value++;
      },
      served: (operation, seconds, rejection, failed) => {
        const outcome = rejection !== undefined ? 'rejected' : failed ? 'error' : 'ok';
        this.wsDuration.observe(this.wsDuration.cell(service, channel, operation, outcome), seconds);
        if (rejection !== undefined) this.rejections.cell(service, operation, 'ws', rejection).value++;
      },
      sent: (kind) => {
        this.wsSent.cell(service, channel, kind).value++;
      },
      unreadable: (reason) => {
        this.rejections.cell(service, '', 'ws', reason).value++;
      },
      slowConsumer: (action) => {
        this.slowConsumers.cell(service, channel, action).value++;
      },
      pushed: (message, source, delivered) => {
        this.pushes.cell(service, channel, message, source).value++;
        if (delivered > 0) this.deliveries.cell(service, channel, message, source).value += delivered;
      },
    };
  }
}

let processMetrics: Registry | undefined;

/**
 * prom-client's process metrics, collected once per process however many runtimes it starts: each collection adds a
 * GC observer and an event-loop monitor that live as long as the process.
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
    // Gauges named like counters, which `promtool check metrics` rejects; the handle counts they give are in
    // `nodejs_active_handles` (by type) all the same.
    for (const misnamed of [
      'nodejs_active_handles_total',
      'nodejs_active_requests_total',
      'nodejs_active_resources_total',
    ])
      processMetrics.removeSingleMetric(misnamed);
  }
  return processMetrics;
}

/** The push bus's own counts, read at each scrape. */
function busCounters(registry: Registry, stats: () => Readonly<BusStats>): void {
  const help: Record<keyof BusStats, string> = {
    published: 'Pushes this instance sent to the broker.',
    received: 'Pushes from other instances received from the broker.',
    dropped: 'Pushes not sent to the broker because it was unreachable (local consumers still got them).',
    duplicates: 'Pushes received twice (after a reconnect) and delivered once.',
  };
  for (const key of Object.keys(help) as Array<keyof BusStats>) {
    new Counter({
      name: `limis_bus_${key}_total`,
      help: help[key],
      registers: [registry],
      collect() {
        this.reset();
        this.inc(stats()[key]);
      },
    });
  }
}

/** Answers a scrape of `path` with the registry's Prometheus text; undefined for every other path. */
export function metricsEndpoint(
  metrics: RuntimeMetrics,
  path: string,
): (method: string, requestPath: string) => Promise<RuntimeResponse> | undefined {
  return (method, requestPath) => {
    if (requestPath !== path) return undefined;
    if (method !== 'GET' && method !== 'HEAD') return Promise.resolve({ status: 405, headers: { allow: 'GET, HEAD' } });
    return metrics.scrape().then((text) => ({
      status: 200,
      headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' },
      body: text,
    }));
  };
}
