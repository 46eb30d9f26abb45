import { LimisError, PROBLEM_MEDIA_TYPE, toProblem } from '../errors.js';
import type { RuntimeRequest, RuntimeResponse } from '../handler.js';
import type { Service } from '../service.js';
import { firstValue } from './query.js';
import { mountPath } from './routing.js';

export interface CorsOptions {
  /**
   * Origins that may call the services from a browser: exact origins (`https://app.example.com`), patterns
   * (`/^https:\/\/[a-z]+\.example\.com$/`), or `'*'` for any origin — which cannot be combined with `credentials`.
   */
  origins: '*' | ReadonlyArray<string | RegExp>;
  /** Let the browser send cookies and `Authorization` (`Access-Control-Allow-Credentials`). Default false. */
  credentials?: boolean;
  /** Seconds a browser may cache a preflight answer. Default 600. */
  maxAge?: number;
  /** Response headers the page may read, besides those the contracts declare and `X-Request-Id`. */
  exposeHeaders?: readonly string[];
  /** Request headers a page may send; default: whatever the preflight asks for. */
  allowHeaders?: readonly string[];
}

const METHODS = 'GET, HEAD, PUT, POST, DELETE, PATCH';

/**
 * What CORS makes of one request: an answer in place of routing (a preflight), and/or headers to add to whatever the
 * request is answered with. Undefined when CORS has nothing to say (no `Origin`, or an actual request from an origin
 * that is not allowed, which gets no CORS headers and so cannot be read by the page).
 */
export interface CorsDecision {
  answer?: RuntimeResponse;
  headers: Record<string, string>;
}

export type CorsCheck = (method: string, headers: RuntimeRequest['headers']) => CorsDecision | undefined;

/**
 * Cross-origin resource sharing, before routing and the interceptors, the same on every adapter: a preflight from an
 * allowed origin is answered 204, one from another origin 403; an actual request from an allowed origin gets the
 * `Access-Control-*` headers on whatever it is answered with. An origin is never reflected unless it was allowed.
 */
export function corsHandler(options: CorsOptions, declaredHeaders: readonly string[]): CorsCheck {
  if (options.origins === '*' && options.credentials) {
    throw new TypeError('createRuntime: cors.origins "*" cannot be combined with cors.credentials; list the origins');
  }
  if (options.origins !== '*' && !Array.isArray(options.origins)) {
    throw new TypeError('createRuntime: cors.origins must be "*" or an array of origins and patterns');
  }
  const exposed = [
    ...new Set([...declaredHeaders, 'x-request-id', ...(options.exposeHeaders ?? [])].map((h) => h.toLowerCase())),
  ].join(', ');
  const allowed = (origin: string) =>
    options.origins === '*' ||
    options.origins.some((entry) => (typeof entry === 'string' ? entry === origin : entry.test(origin)));
  return (method, requestHeaders) => {
    const origin = firstValue(requestHeaders.origin);
    if (origin === undefined) return undefined;
    const ok = allowed(origin);
    const preflight = method === 'OPTIONS' && requestHeaders['access-control-request-method'] !== undefined;
    if (preflight && !ok) {
      const problem = toProblem(
        new LimisError('LIMIS_ERR_FORBIDDEN', `origin ${origin.slice(0, 100)} may not call this service`),
      );
      return {
        answer: {
          status: 403,
          headers: { 'content-type': PROBLEM_MEDIA_TYPE, vary: 'Origin' },
          body: JSON.stringify(problem),
        },
        headers: {},
      };
    }
    if (!ok) return undefined;
    const headers: Record<string, string> = { 'access-control-allow-origin': options.origins === '*' ? '*' : origin };
    if (options.origins !== '*') headers.vary = 'Origin';
    if (options.credentials) headers['access-control-allow-credentials'] = 'true';
    if (!preflight) return { headers: { ...headers, 'access-control-expose-headers': exposed } };
    const requested = firstValue(requestHeaders['access-control-request-headers']);
    const answer: RuntimeResponse = {
      status: 204,
      headers: {
        ...headers,
        'access-control-allow-methods': METHODS,
        'access-control-allow-headers': options.allowHeaders?.join(', ') ?? requested ?? '',
        'access-control-max-age': String(options.maxAge ?? 600),
      },
    };
    return { answer, headers: {} };
  };
}

/** The response headers every OpenAPI contract among `contracts` declares, lower-cased, for the browser to read. */
export function declaredResponseHeaders(contracts: ReadonlyArray<Record<string, unknown> | undefined>): string[] {
  const names = new Set<string>();
  for (const contract of contracts) {
    const paths = (contract?.paths ?? {}) as Record<
      string,
      Record<string, { responses?: Record<string, { headers?: object }> }>
    >;
    for (const item of Object.values(paths)) {
      for (const operation of Object.values(item ?? {})) {
        for (const declared of Object.values(operation?.responses ?? {})) {
          const response = resolveResponse(contract!, declared as Record<string, unknown>);
          for (const name of Object.keys(response?.headers ?? {})) names.add(name.toLowerCase());
        }
      }
    }
  }
  return [...names].sort();
}

/** A Response Object, through one `$ref` to `components.responses` (where shared responses live). */
function resolveResponse(
  contract: Record<string, unknown>,
  response: Record<string, unknown> | undefined,
): { headers?: object } | undefined {
  const ref = response?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/components/responses/')) return response;
  const name = ref.slice('#/components/responses/'.length).replace(/~1/g, '/').replace(/~0/g, '~');
  const responses =
    ((contract.components ?? {}) as { responses?: Record<string, { headers?: object }> }).responses ?? {};
  return Object.hasOwn(responses, name) ? responses[name] : undefined;
}

/**
 * CORS as each HTTP service wants it: its own `cors`, else the runtime's; `false` turns it off for one service. A
 * path no service is mounted at gets the runtime's (so a preflight to a mistyped path is still answered).
 */
export function corsByService(
  services: readonly Service[],
  contextRoot: string,
  runtimeCors: CorsOptions | undefined,
): (method: string, path: string, headers: RuntimeRequest['headers']) => CorsDecision | undefined {
  const contracts = (list: readonly Service[]) => list.map((s) => s.contract as Record<string, unknown> | undefined);
  const mounted = services
    .filter((service) => service.handlers.length > 0)
    .map((service) => {
      const options = service.cors === false ? undefined : (service.cors ?? runtimeCors);
      return {
        prefix: `${mountPath(contextRoot, service.path)}/`,
        check: options ? corsHandler(options, declaredResponseHeaders(contracts([service]))) : undefined,
      };
    })
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const fallback = runtimeCors ? corsHandler(runtimeCors, declaredResponseHeaders(contracts(services))) : undefined;
  if (!fallback && mounted.every((m) => !m.check)) return () => undefined;
  return (method, path, headers) => {
    if (headers.origin === undefined) return undefined;
    const service = mounted.find((m) => path.startsWith(m.prefix));
    const check = service ? service.check : fallback;
    return check?.(method, headers);
  };
}
