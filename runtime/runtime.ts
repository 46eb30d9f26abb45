import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKoaApp } from './adapters/koa.js';
import type { RuntimeRequest } from './handler.js';
import type { Interceptor } from './interceptor.js';
import type { Service } from './service.js';

export interface RuntimeOptions {
  services: readonly Service[];
  /** Path every service is mounted below (`api` → `/api/<service>/…`). Default: none. */
  contextRoot?: string;
  http?: {
    /** Default 8080; 0 picks a free port. */
    port?: number;
    /** Default: every interface. */
    host?: string;
  };
  /** Request body limit in bytes, unless an operation sets its own. Default 1 MiB. */
  bodyLimit?: number;
  /** Validate every response against the contract. Default: on unless NODE_ENV is production. */
  validateResponses?: boolean;
  /** Run around every action of every service, before the services' own. */
  interceptors?: Interceptor[];
  /** How long `stop()` waits for in-flight requests before closing their connections. Default 10 s. */
  shutdownTimeout?: number;
  /** Told of every error that became a 5xx. Default: one JSON line on stderr. */
  onError?: (error: unknown, request: RuntimeRequest) => void;
}

export interface Runtime {
  start(): Promise<void>;
  /** Stops accepting connections and resolves once in-flight requests have been answered. */
  stop(): Promise<void>;
  /** Mounts one more service; works before and after `start()`. */
  addService(service: Service): void;
  readonly services: readonly Service[];
  /** `http://host:port` once started. */
  readonly httpUrl: string;
}

const DEFAULTS = {
  contextRoot: '',
  bodyLimit: 1024 * 1024,
  shutdownTimeout: 10_000,
};

export function createRuntime(options: RuntimeOptions): Runtime {
  const settings = { ...DEFAULTS, ...options };
  if (!Array.isArray(settings.services)) throw new TypeError('createRuntime: services must be an array of services');
  if (!Number.isInteger(settings.bodyLimit) || settings.bodyLimit <= 0) throw new TypeError('createRuntime: bodyLimit must be a positive integer');
  const services = [...settings.services];
  checkUniquePaths(services);
  const handlerOptions = {
    contextRoot: settings.contextRoot,
    bodyLimit: settings.bodyLimit,
    validateResponses: settings.validateResponses ?? process.env.NODE_ENV !== 'production',
    interceptors: settings.interceptors ?? [],
    onError: settings.onError ?? logError,
  };
  let listener: RequestListener = createKoaApp(services, handlerOptions).callback();
  let server: Server | undefined;

  return {
    get services() {
      return services;
    },
    get httpUrl() {
      const address = server?.address() as AddressInfo | null | undefined;
      if (!address) throw new Error('the runtime is not started');
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}`;
    },
    addService(service) {
      services.push(service);
      checkUniquePaths(services);
      // Rebuilt rather than patched, so the new routes are ordered like the rest.
      listener = createKoaApp(services, handlerOptions).callback();
    },
    async start() {
      if (server) throw new Error('the runtime is already started');
      const started = createServer((request, response) => listener(request, response));
      server = started;
      await new Promise<void>((resolve, reject) => {
        started.once('error', reject);
        started.listen(settings.http?.port ?? 8080, settings.http?.host, () => {
          started.off('error', reject);
          resolve();
        });
      });
    },
    async stop() {
      const stopping = server;
      if (!stopping) return;
      server = undefined;
      const closed = new Promise<void>((resolve) => stopping.close(() => resolve()));
      stopping.closeIdleConnections();
      const timer = setTimeout(() => stopping.closeAllConnections(), settings.shutdownTimeout);
      await closed;
      clearTimeout(timer);
    },
  };
}

function checkUniquePaths(services: readonly Service[]): void {
  const seen = new Map<string, string>();
  for (const service of services) {
    const other = seen.get(service.path);
    if (other !== undefined) throw new TypeError(`services "${other}" and "${service.name}" are both mounted at "${service.path}"`);
    seen.set(service.path, service.name);
  }
}

function logError(error: unknown, request: RuntimeRequest): void {
  const err = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) };
  process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'request failed', method: request.method, path: request.path, err })}\n`);
}
