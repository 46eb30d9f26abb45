import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { BusStats } from '../bus/bus.js';
import type { RuntimeResponse } from '../handler.js';
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
  private readonly httpDuration: Histogram;
  private readonly httpInFlight: Gauge;
  private readonly requestBytes: Histogram;
  private readonly responseBytes: Histogram;
  private readonly cacheLookups: Counter;
  private readonly rejections: Counter;
  private readonly wsConnections: Gauge;
  private readonly wsReceived: Counter;
  private readonly wsSent: Counter;
  private readonly wsDuration: Histogram;
  private readonly slowConsumers: Counter;
  private readonly pushes: Counter;
  private readonly deliveries: Counter;
  private readonly withProcess: boolean;
  private readonly fromWorkers: (() => Promise<string>) | undefined;

  /** `bus` reads the push bus's counts at each scrape, when the runtime has one. */
  constructor(options: MetricsOptions = {}, bus?: () => Readonly<BusStats>) {
    const registry = options.registry ?? new Registry();
    this.registry = registry;
    const registers = [registry];
    this.httpDuration = new Histogram({
      name: 'limis_http_server_request_duration_seconds',
      help: 'Time from routing an HTTP request to its response, by operation and status class; _count is the request count.',
      labelNames: ['service', 'operation', 'method', 'route', 'status_class'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.httpInFlight = new Gauge({
      name: 'limis_http_server_requests_in_flight',
      help: 'HTTP requests being served, by operation.',
      labelNames: ['service', 'operation'],
      registers,
    });
    this.requestBytes = new Histogram({
      name: 'limis_http_server_request_body_bytes',
      help: 'Sizes of the HTTP request bodies read, by operation.',
      labelNames: ['service', 'operation'],
      buckets: SIZE_BUCKETS,
      registers,
    });
    this.responseBytes = new Histogram({
      name: 'limis_http_server_response_body_bytes',
      help: 'Sizes of the HTTP response bodies written, by operation and status class.',
      labelNames: ['service', 'operation', 'status_class'],
      buckets: SIZE_BUCKETS,
      registers,
    });
    this.cacheLookups = new Counter({
      name: 'limis_cache_lookups_total',
      help: 'Response-cache lookups of cached operations, by result (hit, miss).',
      labelNames: ['service', 'operation', 'result'],
      registers,
    });
    this.rejections = new Counter({
      name: 'limis_rejections_total',
      help: 'Requests and messages the runtime refused before the action (validation, body, media type, credentials), by problem code.',
      labelNames: ['service', 'operation', 'transport', 'reason'],
      registers,
    });
    this.wsConnections = new Gauge({
      name: 'limis_ws_connections',
      help: 'Open WebSocket connections, by channel.',
      labelNames: ['service', 'channel'],
      registers,
    });
    this.wsReceived = new Counter({
      name: 'limis_ws_messages_received_total',
      help: 'WebSocket messages received, by channel and message name.',
      labelNames: ['service', 'channel', 'message'],
      registers,
    });
    this.wsSent = new Counter({
      name: 'limis_ws_messages_sent_total',
      help: 'Replies and error frames sent on WebSocket channels, by kind (pushes: limis_push_deliveries_total).',
      labelNames: ['service', 'channel', 'kind'],
      registers,
    });
    this.wsDuration = new Histogram({
      name: 'limis_ws_message_duration_seconds',
      help: 'Time to serve one WebSocket message, by operation and outcome (ok, rejected, error).',
      labelNames: ['service', 'channel', 'operation', 'outcome'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.slowConsumers = new Counter({
      name: 'limis_ws_slow_consumer_total',
      help: 'Pushes a slow consumer missed (dropped) or slow consumers closed with 1013 (closed).',
      labelNames: ['service', 'channel', 'action'],
      registers,
    });
    this.pushes = new Counter({
      name: 'limis_pushes_total',
      help: 'Pushes this instance delivered to its consumers, by source: local (published here) or bus (published by another instance).',
      labelNames: ['service', 'channel', 'message', 'source'],
      registers,
    });
    this.deliveries = new Counter({
      name: 'limis_push_deliveries_total',
      help: 'Push frames sent to consumers, by message and source.',
      labelNames: ['service', 'channel', 'message', 'source'],
      registers,
    });
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
    const inFlight = this.httpInFlight.labels(service, operation);
    const requestBytes = this.requestBytes.labels(service, operation);
    const byClass = STATUS_CLASSES.map((statusClass) => ({
      duration: this.httpDuration.labels(service, operation, method, route, statusClass),
      bytes: this.responseBytes.labels(service, operation, statusClass),
    }));
    return {
      begin: () => inFlight.inc(),
      requestBody: (bytes) => requestBytes.observe(bytes),
      end: (response, seconds, cache, rejection) => {
        inFlight.dec();
        const of = byClass[Math.min(4, Math.max(0, Math.floor(response.status / 100) - 1))]!;
        of.duration.observe(seconds);
        const body = response.body;
        if (body !== undefined) of.bytes.observe(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
        if (cache === 'hit' || cache === 'miss') this.cacheLookups.labels(service, operation, cache).inc();
        if (rejection !== undefined) this.rejections.labels(service, operation, 'http', rejection).inc();
      },
    };
  }

  channel(service: string, channel: string): ChannelMeter {
    const connections = this.wsConnections.labels(service, channel);
    return {
      opened: () => connections.inc(),
      closed: () => connections.dec(),
      received: (message) => this.wsReceived.labels(service, channel, message).inc(),
      served: (operation, seconds, rejection, failed) => {
        const outcome = rejection !== undefined ? 'rejected' : failed ? 'error' : 'ok';
        this.wsDuration.labels(service, channel, operation, outcome).observe(seconds);
        if (rejection !== undefined) this.rejections.labels(service, operation, 'ws', rejection).inc();
      },
      sent: (kind) => this.wsSent.labels(service, channel, kind).inc(),
      unreadable: (reason) => this.rejections.labels(service, '', 'ws', reason).inc(),
      slowConsumer: (action) => this.slowConsumers.labels(service, channel, action).inc(),
      pushed: (message, source, delivered) => {
        this.pushes.labels(service, channel, message, source).inc();
        if (delivered > 0) this.deliveries.labels(service, channel, message, source).inc(delivered);
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
