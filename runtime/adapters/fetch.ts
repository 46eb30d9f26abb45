import { isStreamBody, type RuntimeRequest, type RuntimeResponse } from '../handler.js';
import { handlerOptions } from '../http/compile-handler.js';
import { type BodyCoding, bodyCoding, bodyTooLarge, undecodableBody } from '../http/content-coding.js';
import { type CorsOptions, corsByService } from '../http/cors.js';
import { type HealthPaths, healthProbe } from '../http/health.js';
import { readableStream } from '../http/response-stream.js';
import type { CacheStore } from '../interceptors/cache-store.js';
import type { Interceptor } from '../interceptors/compose.js';
import type { Service } from '../service.js';
import { compileDispatch } from './dispatch.js';

export interface FetchHandlerOptions {
  /** Path every service is mounted below. Default: none. */
  contextRoot?: string;
  /** Request body limit in bytes, counted decoded, unless an operation sets its own. Default 1 MiB. */
  bodyLimit?: number;
  /** Validate every response against the contract. Default: on unless NODE_ENV is production. */
  validateResponses?: boolean;
  interceptors?: Interceptor[];
  /** Default: an in-memory LRU, as on the other adapters; `false` caches nothing. */
  cache?: CacheStore | false;
  cors?: CorsOptions;
  /** `/healthz` and `/readyz` (always ready: a fetch handler has no start or stop); `false` serves neither. */
  health?: Partial<HealthPaths> | false;
  /** Told of every error that became a 5xx. Default: one JSON line on stderr. */
  onError?: (error: unknown, request: RuntimeRequest) => void;
  /** Milliseconds of silence after which a Server-Sent Events stream gets a comment line. Default 15 000; 0 sends none. */
  streamHeartbeat?: number;
}

/**
 * The WHATWG fetch adapter, for serverless and edge runtimes (Node's `Request`/`Response`, Deno, Bun, workers): the same
 * generated handlers, interceptors, probes and CORS as the node adapter, as `(request: Request) => Promise<Response>`.
 * It never rejects: every failure is a problem response.
 */
export function createFetchHandler(
  services: readonly Service[],
  options: FetchHandlerOptions = {},
): (request: Request) => Promise<Response> {
  const contextRoot = options.contextRoot ?? '';
  const dispatch = compileDispatch(services, { contextRoot, ...handlerOptions(options, 'createFetchHandler') });
  const health = healthProbe(options.health, () => 'ready');
  const cors = corsByService(services, contextRoot, options.cors);
  return async (request) => {
    const url = new URL(request.url);
    const headers = headerRecord(request.headers);
    const head = request.method === 'HEAD';
    const probe = health(request.method, url.pathname);
    if (probe) return toResponse(probe, head, {});
    const decision = cors(request.method, url.pathname, headers);
    if (decision?.answer) return toResponse(decision.answer, false, {});
    const result = await dispatch({
      method: request.method,
      target: url.pathname + url.search,
      headers,
      readBody: (limit) => readWebBody(request, headers, limit),
      streamBody: (limit) => streamWebBody(request, headers, limit),
    });
    return toResponse(result, head, decision?.headers ?? {});
  };
}

function headerRecord(headers: Headers): RuntimeRequest['headers'] {
  const record: Record<string, string> = Object.create(null);
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

function toResponse(result: RuntimeResponse, head: boolean, extra: Record<string, string>): Response {
  const empty = head || result.status === 204 || result.status === 304 || result.body === undefined;
  if (isStreamBody(result.body)) {
    if (empty) void result.body.return?.();
    else
      return new Response(readableStream(result.body), {
        status: result.status,
        headers: { ...extra, ...result.headers },
      });
  }
  const body = empty ? null : typeof result.body === 'string' ? result.body : new Uint8Array(result.body as Uint8Array);
  return new Response(body, { status: result.status, headers: { ...extra, ...result.headers } });
}

/**
 * A fetch request's body up to `limit` decoded bytes, `gzip` and `deflate` decoded with the platform's
 * DecompressionStream, with the same answers as the node adapter's reader (413, 415, 400).
 */
async function readWebBody(request: Request, headers: RuntimeRequest['headers'], limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of streamWebBody(request, headers, limit)) {
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** A fetch request's body chunk by chunk, decoded, failing past `limit` decoded bytes. */
async function* streamWebBody(
  request: Request,
  headers: RuntimeRequest['headers'],
  limit: number,
): AsyncGenerator<Uint8Array> {
  const length = Number(headers['content-length']);
  if (Number.isFinite(length) && length > limit) throw bodyTooLarge(limit);
  if (!request.body) return;
  let coding: BodyCoding;
  try {
    coding = bodyCoding(headers);
  } catch (error) {
    await request.body.cancel();
    throw error;
  }
  const stream =
    coding === 'identity'
      ? request.body
      : request.body.pipeThrough(
          new DecompressionStream(coding === 'deflate' ? 'deflate' : 'gzip') as unknown as ReadableWritablePair<
            Uint8Array,
            Uint8Array
          >,
        );
  const reader = stream.getReader();
  let total = 0;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch {
        throw undecodableBody(coding);
      }
      if (next.done) return;
      total += next.value.byteLength;
      if (total > limit) throw bodyTooLarge(limit);
      yield next.value;
    }
  } finally {
    // Stopped early (a limit, an invalid item, an action that read no further): nothing more is read.
    await reader.cancel().catch(() => undefined);
  }
}
