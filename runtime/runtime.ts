import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { SpanKind } from '@opentelemetry/api';
import type Koa from 'koa';
import { problemResponse } from './adapters/dispatch.js';
import { createKoaApp } from './adapters/koa.js';
import { createNodeListener } from './adapters/node.js';
import type { BusPush, PushBus } from './bus/bus.js';
import type { InstanceRecord } from './client/discovery.js';
import { traceClients } from './client/opentelemetry.js';
import { type ClientFaultListener, clientFaultLog } from './client-faults.js';
import { LimisError } from './errors.js';
import { isStreamBody, type RuntimeRequest, type RuntimeResponse, requestForReport } from './handler.js';
import { handlerOptions as resolveHandlerOptions } from './http/compile-handler.js';
import { type CorsOptions, corsByService } from './http/cors.js';
import { type HealthPaths, healthProbe } from './http/health.js';
import { methodNotAllowed } from './http/request-checks.js';
import { writeStream } from './http/write-stream.js';
import type { CacheStore } from './interceptors/cache-store.js';
import type { Interceptor } from './interceptors/compose.js';
import type { Registration, Registry } from './registry/registry.js';
import type { Service } from './service.js';
import { type MetricsOptions, metricsEndpoint, RuntimeMetrics } from './telemetry/metrics.js';
import { contextFromCarrier, pushSpan } from './telemetry/tracing.js';
import type { PushSink } from './ws/channel.js';
import { refuseUpgrade, WsServer } from './ws/ws-server.js';

export interface RuntimeOptions {
  services: readonly Service[];
  /** Path every service is mounted below (`api` → `/api/<service>/…`). Default: none. */
  contextRoot?: string;
  http?: {
    /** Default 8080; 0 picks a free port. */
    port?: number;
    /** Default: every interface. */
    host?: string;
    /** Milliseconds to receive a request's headers (default 10 000), whole request (30 000), idle keep-alive (5 000). */
    headersTimeout?: number;
    requestTimeout?: number;
    keepAliveTimeout?: number;
    /**
     * Koa middleware (`koa-compress`, …) run on every request after limis turns errors into problem+json and before
     * routing; the Koa adapter only.
     */
    middleware?: Koa.Middleware[];
    /**
     * Connect-style `(request, response, next)` functions run on every request before any adapter (after the health
     * probes and CORS): call `next()` to go on, or answer the request yourself. Every adapter.
     */
    nodeMiddleware?: NodeMiddleware[];
  };
  /**
   * Serve the services' AsyncAPI channels over WebSocket. `port` defaults to 8888; `'http'` shares the HTTP
   * server's port through its upgrade requests. Without this option no WebSocket server is started.
   */
  ws?: {
    port?: number | 'http';
    host?: string;
    /** Largest frame accepted, in bytes; default 1 MiB. */
    maxPayload?: number;
    /** Milliseconds between pings; a socket that missed the last one is closed. Default 30 000. */
    heartbeatInterval?: number;
    /** Bytes a consumer may have queued before pushes treat it as slow. Default 1 MiB. */
    highWaterMark?: number;
    /** What a slow consumer gets: pushes dropped (default), or closed with 1013. */
    slowConsumer?: 'drop' | 'close';
    /**
     * Messages one connection may send per `per` milliseconds; more are refused with an error frame, and a connection
     * sending twice the limit is closed with 1008. Default 200 per 1 000 ms; `false` for no limit.
     */
    messageRate?: { messages: number; per: number } | false;
  };
  /**
   * What serves HTTP: `koa` (default; bring Koa middleware through `createKoaApp`) or `node`, the same handlers
   * on plain node:http with a compiled router, for speed.
   */
  adapter?: 'koa' | 'node';
  /** Request body limit in bytes, unless an operation sets its own. Default 1 MiB. */
  bodyLimit?: number;
  /** Validate every response against the contract. Default: on unless NODE_ENV is production. */
  validateResponses?: boolean;
  /** Run around every action of every service, before the services' own. */
  interceptors?: Interceptor[];
  /**
   * Where responses of operations with a cache policy (`x-limis-cache`, or a service's `cache` option) are kept.
   * Default: an in-memory LRU of 10 000 entries and 64 MiB; `false` caches nothing.
   */
  cache?: CacheStore | false;
  /**
   * Liveness and readiness probes on the HTTP port, outside the context root: `/healthz` answers 200 while the
   * process runs; `/readyz` 200 once started, 503 from the moment `stop()` begins. `false` serves neither.
   */
  health?: Partial<HealthPaths> | false;
  /**
   * Let pages on other origins call the services (CORS), answered before routing on every adapter. Default: off, so
   * browsers allow same-origin calls only.
   */
  cors?: CorsOptions;
  /**
   * How long `stop()` goes on serving, with `/readyz` answering 503, before it stops accepting connections: time for a
   * load balancer polling readiness, or the registry's watchers, to take this instance out. Default 0; 1 000 ms with
   * a registry, so no client sends a request on a kept-alive connection the instance is closing.
   */
  drainDelay?: number;
  /**
   * Where this instance registers its services once it serves (`etcdRegistry()` from `limis/registry`), and
   * deregisters them first thing in `stop()`. Default: none, a single process.
   */
  registry?: Registry;
  /**
   * Carries pushes to the consumers of the other instances (`natsBus()`, `redisBus()` from `limis/bus`): a push is
   * validated here, delivered to this instance's consumers, and published; every other instance delivers it to its
   * own. Default: none, pushes reach this process's consumers only.
   */
  bus?: PushBus;
  /**
   * The origins clients and gateways reach this instance at, registered with each service's path: `httpUrl`
   * (`http://10.0.0.7:8080`), and `wsUrl` for the channels (default: httpUrl's host with the WebSocket port).
   * Default: the host and port listened on, the machine's hostname when that is every interface.
   */
  advertise?: { httpUrl?: string; wsUrl?: string };
  /**
   * OpenTelemetry tracing: a server span per HTTP call and WebSocket message (W3C `traceparent` read from requests
   * and upgrades), child spans for the checks and the action, push publishes linked across the bus. Spans record only
   * once the application registers an SDK; `false` starts none at all. Default true, which also turns tracing on for
   * the generated clients this process uses (`traceClients()` from `limis/client/opentelemetry`).
   */
  tracing?: boolean;
  /** Milliseconds of silence after which a Server-Sent Events stream gets a comment line (proxies close idle ones). Default 15 000; 0 sends none. */
  streamHeartbeat?: number;
  /**
   * Prometheus metrics per operation and channel, served at `/metrics` on the HTTP port, outside the context root
   * and never logged (`{ path }` moves it, `{ registry }` adds them to your prom-client registry). `false` measures
   * nothing. Default true.
   */
  metrics?: boolean | MetricsOptions;
  /** How long `stop()` waits for in-flight requests before closing their connections. Default 10 s. */
  shutdownTimeout?: number;
  /** Told of every error that became a 5xx. Default: one JSON line on stderr. */
  onError?: (error: unknown, request: RuntimeRequest) => void;
  /**
   * Told of every client mistake that broke a connection rather than getting a response (a malformed upgrade, a
   * reset, a bad WebSocket frame). Default: a JSON warn line on stderr, at most 10 a second.
   */
  onClientFault?: ClientFaultListener;
}

/** A connect-style middleware on node:http's request and response; `next(error)` answers 500 and reports the error. */
export type NodeMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

export interface Runtime {
  start(): Promise<void>;
  /** Stops accepting connections and resolves once in-flight requests have been answered. */
  stop(): Promise<void>;
  /** Mounts one more service; works before and after `start()`. */
  addService(service: Service): void;
  readonly services: readonly Service[];
  /** `http://host:port` once started. */
  readonly httpUrl: string;
  /** `ws://host:port` once started with `ws`. */
  readonly wsUrl: string;
  /** `starting` until `start()` has listened, `ready` while serving, `draining` once `stop()` has begun. */
  readonly readiness: 'starting' | 'ready' | 'draining';
  /** The response cache, to drop entries by path (`cache.invalidate('/petstore/pets')`); undefined when off. */
  readonly cache: CacheStore | undefined;
  /** What this instance registered (one record per service) once started with a registry; empty otherwise. */
  readonly instances: readonly InstanceRecord[];
  /** The prom-client registry `/metrics` serves; undefined with `metrics: false`. */
  readonly metrics: RuntimeMetrics['registry'] | undefined;
}

const DEFAULTS = {
  contextRoot: '',
  shutdownTimeout: 10_000,
};

export function createRuntime(options: RuntimeOptions): Runtime {
  // An option given as `undefined` (as a CLI flag left out) means the default, not "none".
  const given = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as RuntimeOptions;
  const settings = { ...DEFAULTS, ...given };
  if (!Array.isArray(settings.services)) throw new TypeError('createRuntime: services must be an array of services');
  const metricsOptions =
    settings.metrics === false ? undefined : settings.metrics === true ? {} : (settings.metrics ?? {});
  const metrics = metricsOptions && new RuntimeMetrics(metricsOptions, settings.bus && (() => settings.bus!.stats));
  const handlerOptions = {
    contextRoot: settings.contextRoot,
    ...resolveHandlerOptions(settings, 'createRuntime'),
    metrics,
  };
  const services = [...settings.services];
  checkUniquePaths(services);
  const onClientFault = settings.onClientFault ?? clientFaultLog();
  const serverOptions = {
    headersTimeout: settings.http?.headersTimeout ?? 10_000,
    requestTimeout: settings.http?.requestTimeout ?? 30_000,
    keepAliveTimeout: settings.http?.keepAliveTimeout ?? 5_000,
  };
  // node:http checks those timeouts on this interval (30 s by default), so a slow handshake is cut close to its limit.
  const connectionsCheckingInterval = Math.max(
    100,
    Math.min(serverOptions.headersTimeout, serverOptions.requestTimeout) / 4,
  );
  const createListener = (): RequestListener =>
    settings.adapter === 'node'
      ? createNodeListener(services, handlerOptions)
      : createKoaApp(services, { ...handlerOptions, middleware: settings.http?.middleware }).callback();
  if (settings.adapter === 'node' && settings.http?.middleware?.length) {
    throw new TypeError(
      'createRuntime: http.middleware is Koa middleware; with adapter "node" use http.nodeMiddleware',
    );
  }
  const nodeMiddleware = settings.http?.nodeMiddleware ?? [];
  const middlewareFailed = (error: unknown, request: IncomingMessage, response: ServerResponse, answer: boolean) => {
    const { method = 'GET', url = '', headers } = request;
    handlerOptions.onError(error, requestForReport(method, url, headers));
    if (!answer) return;
    if (response.headersSent) return void response.destroy();
    writeAnswer(response, problemResponse(error), false);
  };
  for (const middleware of nodeMiddleware) {
    if (typeof middleware !== 'function')
      throw new TypeError('createRuntime: http.nodeMiddleware must be functions (request, response, next) => void');
  }
  if (settings.adapter !== undefined && settings.adapter !== 'koa' && settings.adapter !== 'node') {
    throw new TypeError(`createRuntime: adapter must be "koa" or "node", got ${JSON.stringify(settings.adapter)}`);
  }
  let listener = createListener();
  let readiness: Runtime['readiness'] = 'starting';
  const health = healthProbe(settings.health, () => readiness);
  // The clients this process calls other services with continue the traces its server spans start.
  if (handlerOptions.tracing) traceClients();
  const scrape = metrics ? metricsEndpoint(metrics, metricsOptions?.path ?? '/metrics') : () => undefined;
  const createCors = () => corsByService(services, settings.contextRoot, settings.cors);
  let cors = createCors();
  let server: Server | undefined;
  let wsServer: WsServer | undefined;
  let wsListener: Server | undefined;
  let registration: Registration | undefined;
  let instances: InstanceRecord[] = [];
  const bus = settings.bus;
  // What this instance publishes goes on the bus too; a predicate filter cannot cross processes, so it stays here.
  const busRelay: PushSink = {
    push(service, channel, message, payload, options) {
      if (typeof options.to !== 'function')
        bus?.publish({
          service,
          channel,
          message,
          payload,
          to: options.to,
          ...(options.headers && { headers: options.headers }),
          trace: options.trace,
        });
      return 0;
    },
  };
  const detachRelay: Array<() => void> = [];
  const relay = (service: Service) => {
    if (bus && service.channels.length > 0) detachRelay.push(service.attach(busRelay));
  };

  return {
    get services() {
      return services;
    },
    get httpUrl() {
      return urlOf('http', server);
    },
    get wsUrl() {
      return urlOf('ws', wsListener);
    },
    get readiness() {
      return readiness;
    },
    get cache() {
      return handlerOptions.cacheStore;
    },
    get instances() {
      return instances;
    },
    get metrics() {
      return metrics?.registry;
    },
    addService(service) {
      services.push(service);
      checkUniquePaths(services);
      // Rebuilt rather than patched, so the new routes are ordered like the rest.
      listener = createListener();
      cors = createCors();
      wsServer?.mount(service);
      if (server) relay(service);
    },
    async start() {
      if (server) throw new Error('the runtime is already started');
      // Before listening: a bus whose client is not installed fails the start with nothing left open.
      if (bus) {
        for (const service of services) relay(service);
        try {
          await bus.start(
            services.filter((s) => s.channels.length > 0).map((s) => s.name),
            (push) => wsServer && deliverFromBus(wsServer, push, handlerOptions.tracing),
          );
        } catch (error) {
          for (const detach of detachRelay.splice(0)) detach();
          throw error;
        }
      }
      const started = createServer({ ...serverOptions, connectionsCheckingInterval }, (request, response) => {
        const method = request.method ?? 'GET';
        const path = (request.url ?? '').split('?', 1)[0]!;
        const probe = health(method, path);
        if (probe) return writeAnswer(response, probe, method === 'HEAD');
        const scraped = scrape(method, path);
        if (scraped)
          return void scraped.then(
            (answer) => writeAnswer(response, answer, method === 'HEAD'),
            (error: unknown) => middlewareFailed(error, request, response, true),
          );
        const decision = cors(method, path, request.headers);
        if (decision) {
          for (const [name, value] of Object.entries(decision.headers)) response.setHeader(name, value);
          if (decision.answer) return writeAnswer(response, decision.answer, false);
        }
        if (nodeMiddleware.length === 0) listener(request, response);
        else runNodeMiddleware(nodeMiddleware, request, response, () => listener(request, response), middlewareFailed);
      });
      refuseConnect(started);
      server = started;
      await listen(started, settings.http?.port ?? 8080, settings.http?.host);
      const ws = settings.ws;
      if (ws) {
        wsServer = new WsServer(services, {
          contextRoot: settings.contextRoot,
          maxPayload: ws.maxPayload ?? 1024 * 1024,
          heartbeatInterval: ws.heartbeatInterval ?? 30_000,
          highWaterMark: ws.highWaterMark ?? 1024 * 1024,
          slowConsumer: ws.slowConsumer ?? 'drop',
          messageRate: ws.messageRate ?? { messages: 200, per: 1000 },
          validateReplies: handlerOptions.validateResponses,
          interceptors: handlerOptions.interceptors,
          tracing: handlerOptions.tracing,
          metrics,
          onError: (error, connection) =>
            handlerOptions.onError(error, requestForReport('WS', connection.channel, connection.headers)),
          onClientFault,
        });
        const upgrades = wsServer;
        // The WebSocket port times out slow handshakes as the HTTP port does.
        wsListener =
          ws.port === 'http'
            ? started
            : createServer({ ...serverOptions, connectionsCheckingInterval }, (_request, response) => {
                response
                  .writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' })
                  .end('this port serves WebSocket channels only');
              });
        wsListener.on('upgrade', (request, socket, head) => upgrades.handleUpgrade(request, socket, head));
        if (wsListener !== started) refuseConnect(wsListener);
        if (wsListener !== started) await listen(wsListener, typeof ws.port === 'number' ? ws.port : 8888, ws.host);
      }
      if (wsListener !== started) {
        // Without a listener node:http would serve an upgrade as a plain request; no channel is served on this port.
        started.on('upgrade', (request, socket) => {
          socket.on('error', () => undefined);
          const protocol = String(request.headers.upgrade);
          onClientFault({
            transport: 'http',
            kind: 'upgrade-refused',
            detail: `Upgrade: ${protocol.slice(0, 40)} on the HTTP port`,
            remoteAddress: request.socket.remoteAddress,
          });
          refuseUpgrade(
            socket,
            new LimisError(
              'LIMIS_ERR_NOT_FOUND',
              `no ${protocol.toLowerCase() === 'websocket' ? 'WebSocket channel is served' : 'upgrade is offered'} on this port`,
            ),
          );
        });
      }
      readiness = 'ready';
      if (settings.registry) {
        instances = instanceRecords(services, {
          contextRoot: settings.contextRoot,
          httpUrl: settings.advertise?.httpUrl ?? advertisedOrigin('http', started),
          wsUrl: wsListener
            ? (settings.advertise?.wsUrl ?? advertisedOrigin('ws', wsListener, settings.advertise?.httpUrl))
            : undefined,
        });
        registration = settings.registry.register(instances);
      }
    },
    async stop() {
      const stopping = server;
      if (!stopping) return;
      // Out of the registry first, so discovery clients and the gateway stop picking this instance; then readiness
      // turns, so a load balancer polling /readyz on a kept-alive connection stops sending work.
      const leaving = registration;
      registration = undefined;
      // Without a registry readiness turns in the same tick as the call, as a caller may check right after.
      if (leaving) await leaving.deregister();
      readiness = 'draining';
      server = undefined;
      const drainDelay = settings.drainDelay ?? (leaving ? 1_000 : 0);
      if (drainDelay > 0) await new Promise((resolve) => setTimeout(resolve, drainDelay));
      const closingWs = wsServer?.close();
      const ownWsListener = wsListener !== stopping ? wsListener : undefined;
      wsServer = undefined;
      wsListener = undefined;
      await closingWs;
      if (ownWsListener) await new Promise<void>((resolve) => ownWsListener.close(() => resolve()));
      const closed = new Promise<void>((resolve) => stopping.close(() => resolve()));
      stopping.closeIdleConnections();
      const timer = setTimeout(() => stopping.closeAllConnections(), settings.shutdownTimeout);
      await closed;
      clearTimeout(timer);
      for (const detach of detachRelay.splice(0)) detach();
      await bus?.stop();
    },
  };
}

/** A push from another instance, handed to this one's consumers in a consumer span that continues the publisher's trace. */
function deliverFromBus(wsServer: WsServer, push: BusPush, tracing: boolean): void {
  const options = { to: push.to, ...(push.headers && { headers: push.headers }), fromBus: true };
  if (!tracing) return void wsServer.push(push.service, push.channel, push.message, push.payload, options);
  const span = pushSpan(SpanKind.CONSUMER, push, contextFromCarrier(push.trace));
  const delivered = wsServer.push(push.service, push.channel, push.message, push.payload, options);
  if (span.isRecording()) span.setAttribute('limis.push.delivered', delivered);
  span.end();
}

/** One record per service, all under one instance id. */
function instanceRecords(
  services: readonly Service[],
  at: { contextRoot: string; httpUrl: string; wsUrl: string | undefined },
): InstanceRecord[] {
  const id = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const startedAt = new Date().toISOString();
  const mounted = (origin: string, service: Service) =>
    [origin.replace(/\/+$/, ''), at.contextRoot, service.path].filter(Boolean).join('/');
  return services.map((service) => {
    const info = (service.contract as { info?: { version?: unknown } } | undefined)?.info;
    return {
      id,
      service: service.name,
      version: typeof info?.version === 'string' ? info.version : '',
      contractHash: createHash('sha256')
        .update(JSON.stringify(service.contract ?? {}))
        .digest('hex'),
      httpUrl: mounted(at.httpUrl, service),
      ...(at.wsUrl && service.channels.length > 0 ? { wsUrl: mounted(at.wsUrl, service) } : {}),
      startedAt,
    };
  });
}

/**
 * Where others reach a server: the address it listens on, or this machine's hostname when that is every interface
 * (`localhost` would point each reader at itself). For WebSocket, the advertised HTTP host with the WebSocket port.
 */
function advertisedOrigin(scheme: 'http' | 'ws', server: Server, advertisedHttp?: string): string {
  const address = server.address() as AddressInfo;
  if (advertisedHttp) return `${scheme}://${new URL(advertisedHttp).hostname}:${address.port}`;
  return `${scheme}://${hostOf(address, hostname())}:${address.port}`;
}

/** The listening address as a URL host, or `wildcard` when it is every interface. */
function hostOf(address: AddressInfo, wildcard: string): string {
  if (address.address === '0.0.0.0' || address.address === '::') return wildcard;
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

/** Writes an answer decided before any adapter (a probe, a preflight) with its length. */
function writeAnswer(response: ServerResponse, answer: RuntimeResponse, head: boolean): void {
  if (isStreamBody(answer.body)) {
    writeStream(response, answer.status, answer.headers, answer.body, head);
    return;
  }
  const length =
    answer.body === undefined
      ? 0
      : typeof answer.body === 'string'
        ? Buffer.byteLength(answer.body)
        : answer.body.byteLength;
  response.writeHead(answer.status, { ...answer.headers, 'content-length': length });
  response.end(head ? undefined : answer.body);
}

/** HTTP services and WebSocket services live on separate ports, so each kind needs unique paths among its own. */
function checkUniquePaths(services: readonly Service[]): void {
  for (const [kind, of] of [
    ['HTTP', (s: Service) => s.handlers.length],
    ['WebSocket', (s: Service) => s.channels.length],
  ] as const) {
    const seen = new Map<string, string>();
    for (const service of services.filter((s) => of(s) > 0)) {
      const other = seen.get(service.path);
      if (other !== undefined)
        throw new TypeError(`${kind} services "${other}" and "${service.name}" are both mounted at "${service.path}"`);
      seen.set(service.path, service.name);
    }
  }
}

/**
 * Runs connect-style middleware in order, then `done`. A throw or `next(error)` goes to `fail`, which answers 500
 * unless the middleware had already passed the request on.
 */
function runNodeMiddleware(
  middleware: readonly NodeMiddleware[],
  request: IncomingMessage,
  response: ServerResponse,
  done: () => void,
  fail: (error: unknown, request: IncomingMessage, response: ServerResponse, answer: boolean) => void,
): void {
  const at = (index: number): void => {
    const current = middleware[index];
    if (current === undefined) {
      done();
      return;
    }
    let called = false;
    try {
      current(request, response, (error?: unknown) => {
        if (called) return;
        called = true;
        if (error !== undefined) fail(error, request, response, true);
        else at(index + 1);
      });
    } catch (error) {
      fail(error, request, response, !called);
    }
  };
  at(0);
}

/** node:http hands CONNECT to a `connect` listener, or closes the socket without a word; limis is no proxy: 405. */
function refuseConnect(server: Server): void {
  server.on('connect', (request, socket) => {
    socket.on('error', () => undefined);
    refuseUpgrade(socket, methodNotAllowed('CONNECT', String(request.url).slice(0, 100), []));
  });
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function urlOf(scheme: 'http' | 'ws', server: Server | undefined): string {
  const address = server?.address() as AddressInfo | null | undefined;
  if (!address) throw new Error(`the runtime is not serving ${scheme === 'ws' ? 'WebSocket' : 'HTTP'}`);
  return `${scheme}://${hostOf(address, 'localhost')}:${address.port}`;
}
