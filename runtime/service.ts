import type { Handler } from './handler.js';
import type { Interceptor } from './interceptor.js';

export interface ServiceDefinition {
  /** As in the contract: `x-limis-service` or `info.title`. */
  name: string;
  /** Mount path below the context root: one or more URL segments (`petstore`, `v1/pets`). */
  path: string;
  handlers: Handler[];
  /** The bundled contract, served at `<mount>/openapi.json`. */
  contract?: Record<string, unknown>;
  interceptors?: Interceptor[];
}

export interface Service {
  readonly name: string;
  readonly path: string;
  readonly handlers: readonly Handler[];
  readonly contract?: Record<string, unknown>;
  readonly interceptors: readonly Interceptor[];
}

const SEGMENTS = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;

/** Checks a service once, when it is defined, so a mistake fails at start-up with a message that says what to fix. */
export function defineService(definition: ServiceDefinition): Service {
  const { name, path, handlers, contract, interceptors = [] } = definition;
  if (typeof name !== 'string' || name === '') throw new TypeError('a service needs a non-empty name');
  if (typeof path !== 'string' || !SEGMENTS.test(path)) {
    throw new TypeError(`service "${name}": path must be URL segments such as "pets" or "v1/pets", got ${JSON.stringify(path)}`);
  }
  if (!Array.isArray(handlers)) throw new TypeError(`service "${name}": handlers must be an array`);
  const seen = new Set<string>();
  for (const handler of handlers) {
    const key = `${handler.method} ${handler.path}`;
    if (seen.has(key)) throw new TypeError(`service "${name}": two handlers for ${key}`);
    seen.add(key);
  }
  for (const interceptor of interceptors) {
    if (typeof interceptor !== 'function') throw new TypeError(`service "${name}": interceptors must be functions (ctx, next) => Promise<void>`);
  }
  return Object.freeze({ name, path, handlers: Object.freeze([...handlers]), contract, interceptors: Object.freeze([...interceptors]) });
}
