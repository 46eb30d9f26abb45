import { createHash } from 'node:crypto';
import {
  type ActionContext,
  type Handler,
  isStreamBody,
  type RuntimeRequest,
  type RuntimeResponse,
} from '../handler.js';
import type { Service } from '../service.js';
import {
  type CachedResponse,
  type CachePolicy,
  type CacheStore,
  entityTag,
  matchesEntityTag,
  notModified,
} from './cache-store.js';
import type { Interceptor, InterceptorContext } from './compose.js';

type HttpContext = InterceptorContext & ActionContext;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The cache step of one handler: a GET with a policy is answered from the store (or 304 when the caller's
 * `If-None-Match` still matches); a successful unsafe request drops what was cached for its path and the paths above
 * it, so `PUT /pets/1` clears `GET /pets/1` and `GET /pets`.
 */
export function caching(
  handler: Handler,
  service: Service,
  store: CacheStore | undefined,
  respond: (result: unknown, request: RuntimeRequest) => RuntimeResponse,
): Interceptor[] {
  if (!store) return [];
  if (UNSAFE.has(handler.method))
    return service.handlers.some((other) => policyOf(other, service)) ? [invalidation(store)] : [];
  const policy = policyOf(handler, service);
  if (handler.method !== 'GET' || !policy) return [];
  const vary = (policy.vary ?? []).map((name) => name.toLowerCase());
  const authorized = (handler.security ?? []).some((requirement) => Object.keys(requirement).length > 0);
  const cacheControl = `${authorized ? 'private' : 'public'}, max-age=${Math.floor(policy.maxAge)}`;
  return [
    async (ctx, next) => {
      const { request, principal } = ctx as HttpContext;
      const key = cacheKey(request, vary, authorized ? principal : undefined);
      const cached = key === undefined ? undefined : await store.get(key);
      if (cached) {
        ctx.state.cache = 'hit';
        ctx.response = conditional(request, { ...cached, headers: { ...cached.headers } });
        return;
      }
      await next();
      const response = ctx.response ?? respond(ctx.result, request);
      // A stream is never kept: it has no end to keep, and each caller must get its own.
      if (
        response.status !== 200 ||
        isStreamBody(response.body) ||
        /no-store/i.test(response.headers['cache-control'] ?? '')
      ) {
        ctx.response = response;
        return;
      }
      const body =
        typeof response.body === 'string' ? Buffer.from(response.body) : (response.body as Uint8Array | undefined);
      const headers: Record<string, string> = {
        ...response.headers,
        etag: entityTag(body),
        'cache-control': cacheControl,
      };
      if (vary.length > 0) headers.vary = vary.join(', ');
      const entry: CachedResponse = { status: response.status, headers, body };
      if (key !== undefined) await store.set(key, entry, { ttl: policy.maxAge, tags: [request.path] });
      ctx.state.cache = 'miss';
      ctx.response = conditional(request, { ...entry, headers: { ...headers } });
    },
  ];
}

function policyOf(handler: Handler, service: Service): CachePolicy | undefined {
  const configured = service.cache[handler.operationId];
  return configured === false ? undefined : (configured ?? handler.cache);
}

function invalidation(store: CacheStore): Interceptor {
  return async (ctx, next) => {
    await next();
    const status = ctx.response?.status ?? 0;
    if (status < 200 || status >= 400) return;
    for (const path of pathAndParents((ctx as HttpContext).request.path)) await store.invalidate(path);
  };
}

function conditional(request: RuntimeRequest, response: RuntimeResponse): RuntimeResponse {
  const etag = response.headers.etag;
  return etag !== undefined && matchesEntityTag(request.headers['if-none-match'], etag)
    ? notModified(response)
    : response;
}

/** Method, path, query (order-free), the `Vary` headers and who is asking, hashed; undefined when the principal cannot be keyed. */
function cacheKey(request: RuntimeRequest, vary: readonly string[], principal: unknown): string | undefined {
  let who: string;
  try {
    who = principal === undefined ? '' : JSON.stringify(principal);
  } catch {
    return undefined;
  }
  const query = Object.entries(request.query).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const headers = vary.map((name) => request.headers[name] ?? null);
  return `GET ${request.path} ${createHash('sha1')
    .update(JSON.stringify([query, headers, who]))
    .digest('base64url')}`;
}

function pathAndParents(path: string): string[] {
  const paths: string[] = [];
  for (let end = path.replace(/\/+$/, '').length; end > 0; end = path.lastIndexOf('/', end - 1))
    paths.push(path.slice(0, end));
  return paths;
}
