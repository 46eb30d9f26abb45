import cluster from 'node:cluster';
import { busFromUrl } from './bus/bus-url.js';
import { workerBus } from './bus/worker-bus.js';
import { etcdRegistry } from './registry/etcd-registry.js';
import { registryEndpoints } from './registry/registry-url.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';

/** What a command line says about where to serve; anything left out comes from the environment, then the config. */
export interface ServeOptions {
  port?: number;
  host?: string;
  /** Serve the services' channels over WebSocket too (the original limis's `-w`). */
  websocket?: boolean;
  wsPort?: number | 'http';
  contextRoot?: string;
  adapter?: 'koa' | 'node';
  /** Validate every response, even in production. */
  debug?: boolean;
  /** `etcd://host:port[,host:port…]` (`etcds://` for TLS): register there, as `etcdRegistry({ endpoints })`. */
  registry?: string;
  /** Seconds a registration outlives a dead instance (default 10). */
  registryTtl?: number;
  /** `nats://host:4222[,…]` or `redis://host:6379`: carry pushes to the other instances' consumers. */
  bus?: string;
  /** The HTTP origin registered for this instance (`http://10.0.0.7:8080`). */
  advertiseUrl?: string;
  /** `false` serves no `/metrics` and measures nothing (`--no-metrics`); anything else leaves the config's choice. */
  metrics?: boolean;
  /** Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** Told one line per service served, and when stopping. Default: stdout. */
  log?: (line: string) => void;
}

/**
 * The runtime options of a config as users of other servers expect them settled: an option given here, else the
 * environment (`LIMIS_PORT`, `PORT`, `LIMIS_HOST`, `LIMIS_WS_PORT`, `LIMIS_CONTEXT_ROOT`, `LIMIS_REGISTRY`,
 * `LIMIS_REGISTRY_TTL`, `LIMIS_ADVERTISE_URL`, `LIMIS_BUS`, `LIMIS_METRICS=off`), else the config, else the default (8080, every interface, 8888, no registry).
 */
export function serveSettings(config: RuntimeOptions, options: ServeOptions = {}): RuntimeOptions {
  const env = options.env ?? process.env;
  const port = options.port ?? envPort(env, 'LIMIS_PORT') ?? envPort(env, 'PORT') ?? config.http?.port ?? 8080;
  const wsPort =
    options.wsPort ??
    (env.LIMIS_WS_PORT === 'http' ? 'http' : envPort(env, 'LIMIS_WS_PORT')) ??
    config.ws?.port ??
    8888;
  const host = options.host ?? (env.LIMIS_HOST || undefined) ?? config.http?.host;
  const registry = options.registry ?? (env.LIMIS_REGISTRY || undefined);
  const ttl = options.registryTtl ?? (env.LIMIS_REGISTRY_TTL ? Number(env.LIMIS_REGISTRY_TTL) : undefined);
  const bus = options.bus ?? (env.LIMIS_BUS || undefined);
  const advertiseUrl = options.advertiseUrl ?? (env.LIMIS_ADVERTISE_URL || undefined);
  const metrics =
    options.metrics === false || /^(0|false|off|no)$/i.test(env.LIMIS_METRICS ?? '') ? false : config.metrics;
  if (advertiseUrl !== undefined && !/^https?:\/\/[^/]+\/?$/.test(advertiseUrl))
    throw new TypeError(`the advertised URL ${advertiseUrl} is not an http(s) origin, e.g. http://10.0.0.7:8080`);
  return {
    ...config,
    contextRoot: options.contextRoot ?? (env.LIMIS_CONTEXT_ROOT || undefined) ?? config.contextRoot,
    adapter: options.adapter ?? config.adapter,
    validateResponses: options.debug ? true : config.validateResponses,
    http: { ...config.http, port, host },
    ws: options.websocket ? { ...config.ws, port: wsPort, host: config.ws?.host ?? host } : undefined,
    registry: registry !== undefined ? etcdRegistry({ endpoints: registryEndpoints(registry), ttl }) : config.registry,
    // A worker of `--workers N` without a broker relays its pushes through the primary.
    bus: bus !== undefined ? busFromUrl(bus) : (config.bus ?? (cluster.isWorker ? workerBus() : undefined)),
    advertise: advertiseUrl !== undefined ? { ...config.advertise, httpUrl: advertiseUrl } : config.advertise,
    // A worker of `--workers N` answers a scrape of the shared port for every worker.
    metrics:
      cluster.isWorker && metrics !== false
        ? { ...(typeof metrics === 'object' ? metrics : {}), workers: true }
        : metrics,
  };
}

/**
 * Starts a config's services and, on SIGINT or SIGTERM, stops them: readiness turns 503, in-flight requests finish,
 * WebSockets close with 1001. What `limis server` runs, and what a production entry (`node dist/server.js`) runs
 * without the CLI. `stopped` resolves once the runtime has drained.
 */
export async function serve(
  config: RuntimeOptions,
  options: ServeOptions = {},
): Promise<Runtime & { stopped: Promise<void> }> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const settings = serveSettings(config, options);
  const runtime = createRuntime(settings);
  await runtime.start();
  if (runtime.instances.length > 0) log(`limis: registering instance ${runtime.instances[0]!.id}`);
  for (const service of runtime.services) {
    const path = [settings.contextRoot, service.path].filter(Boolean).join('/');
    if (service.handlers.length > 0) log(`limis: serving ${service.name} at ${runtime.httpUrl}/${path}`);
    if (service.channels.length > 0 && settings.ws) log(`limis: serving ${service.name} at ${runtime.wsUrl}/${path}`);
  }
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      log('limis: stopping, waiting for in-flight requests');
      runtime.stop().then(resolve, resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return Object.assign(runtime, { stopped });
}

function envPort(env: Record<string, string | undefined>, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new TypeError(`${name}=${value} is not a port (0-65535)`);
  return port;
}
