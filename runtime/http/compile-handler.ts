import { SpanKind } from '@opentelemetry/api';
import { declaredResponse } from '../common/media.js';
import { LimisError, PROBLEM_MEDIA_TYPE, toProblem } from '../errors.js';
import type { ActionContext, ActionResult, Handler, MediaSpec, RuntimeRequest, RuntimeResponse } from '../handler.js';
import { requestAuthorization } from '../interceptors/authorization.js';
import { caching } from '../interceptors/cache.js';
import { type CacheStore, MemoryCacheStore } from '../interceptors/cache-store.js';
import { actionChain } from '../interceptors/chain.js';
import type { Interceptor, InterceptorContext } from '../interceptors/compose.js';
import { requestValidation } from '../interceptors/validation.js';
import { interceptorsOf, type Service } from '../service.js';
import type { RuntimeMetrics } from '../telemetry/metrics.js';
import { contextFromHeaders, endCallSpan, runInSpan, tracedChain, tracer } from '../telemetry/tracing.js';
import { describeIssues } from '../validator.js';
import { contentTypeHeader, encodeBody } from './media-type.js';
import { inputReader } from './read-input.js';
import { ResponseStream } from './response-stream.js';
import { mountPath } from './routing.js';

export interface HandlerOptions {
  bodyLimit: number;
  validateResponses: boolean;
  /** Run before the service's own interceptors. */
  interceptors: readonly Interceptor[];
  /** Where responses of operations with a cache policy are kept; without one nothing is cached. */
  cacheStore?: CacheStore;
  /** Told of every error that becomes a 5xx, with the request it broke. */
  onError(error: unknown, request: RuntimeRequest): void;
  /** Start a server span per call (a no-op until an OpenTelemetry SDK is registered). */
  tracing: boolean;
  /** Where each operation's request counts, durations and sizes go; without one nothing is measured. */
  metrics?: RuntimeMetrics;
  /** The path every service is mounted below, for the route a span and a metric name. */
  contextRoot?: string;
  /** Milliseconds of silence after which a Server-Sent Events stream gets a comment line; 0: none. */
  streamHeartbeat: number;
}

/** The handler options a user sets (on createRuntime, createFetchHandler); `handlerOptions` defaults the rest. */
export interface HandlerSettings {
  bodyLimit?: number;
  validateResponses?: boolean;
  interceptors?: Interceptor[];
  cache?: CacheStore | false;
  onError?: (error: unknown, request: RuntimeRequest) => void;
  /** OpenTelemetry server spans, children and trace-context propagation. Default true; `false` starts no span at all. */
  tracing?: boolean;
  /** Milliseconds of silence after which a Server-Sent Events stream gets a comment line (proxies close idle ones). Default 15 000; 0 sends none. */
  streamHeartbeat?: number;
}

/**
 * The defaults every adapter shares: a 1 MiB body limit, responses validated unless NODE_ENV is production, an
 * in-memory LRU cache, errors as JSON lines on stderr. `caller` names the function in the TypeError for a bad limit.
 */
export function handlerOptions(settings: HandlerSettings, caller: string): HandlerOptions {
  const bodyLimit = settings.bodyLimit ?? 1024 * 1024;
  if (!Number.isInteger(bodyLimit) || bodyLimit <= 0)
    throw new TypeError(`${caller}: bodyLimit must be a positive integer`);
  return {
    bodyLimit,
    validateResponses: settings.validateResponses ?? globalThis.process?.env?.NODE_ENV !== 'production',
    interceptors: settings.interceptors ?? [],
    cacheStore: settings.cache === false ? undefined : (settings.cache ?? new MemoryCacheStore()),
    onError: settings.onError ?? logError,
    tracing: settings.tracing ?? true,
    streamHeartbeat: settings.streamHeartbeat ?? 15_000,
  };
}

function logError(error: unknown, request: RuntimeRequest): void {
  const err =
    error instanceof Error
      ? { name: error.name, message: error.message, stack: error.stack }
      : { message: String(error) };
  console.error(
    JSON.stringify({ level: 'error', msg: 'request failed', method: request.method, path: request.path, err }),
  );
}

export type CompiledHandler = (request: RuntimeRequest) => Promise<RuntimeResponse>;

type HttpContext = InterceptorContext & ActionContext;

/**
 * Prepares one handler once, at mount time: its interceptor chain is composed here, not per request. The chain,
 * outermost first: the runtime's interceptors, authorization, request validation, the cache, then the service's,
 * the component's and the action's own; the action innermost, its result encoded (and checked) inside the chain so
 * every interceptor sees what is answered. The returned function never throws: every failure becomes problem+json.
 */
export function compileHandler(handler: Handler, service: Service, options: HandlerOptions): CompiledHandler {
  const respond = (result: unknown, request: RuntimeRequest) =>
    writeResult(handler, result as ActionResult | undefined, options, request);
  const readInput = inputReader(handler, handler.bodyLimit ?? options.bodyLimit);
  const action = async (ctx: InterceptorContext) => {
    ctx.result = await handler.invoke(ctx.input, ctx as HttpContext);
    ctx.response = respond(ctx.result, (ctx as HttpContext).request);
  };
  const authorization = requestAuthorization(handler.security, service);
  const validation = requestValidation(readInput);
  const cache = caching(handler, service, options.cacheStore, respond);
  const parts = {
    runtime: options.interceptors,
    checks: [...authorization, validation, ...cache],
    service,
    component: handler.component,
    action: handler.operationId,
  };
  // With nothing but validation around the action (the common case), one function does both: same order, fewer awaits.
  const chain =
    parts.checks.length === 1 &&
    options.interceptors.length === 0 &&
    interceptorsOf(service, handler.component, handler.operationId).length === 0
      ? async (ctx: InterceptorContext) => {
          const input = readInput((ctx as HttpContext).request);
          ctx.input = input instanceof Promise ? await input : input;
          await action(ctx);
        }
      : actionChain(parts, action);
  // The same chain with each check and the action in a child span, built once a span first records.
  let tracedVariant: typeof chain | undefined;
  const traced = () =>
    (tracedVariant ??= tracedChain(
      parts,
      [
        ['authorize', authorization],
        ['validate', [validation]],
        ['cache', cache],
      ],
      action,
    ));
  const route = mountPath(options.contextRoot ?? '', service.path) + handler.path;
  const spanName = `${handler.method} ${route}`;
  const spanAttributes = {
    'http.request.method': handler.method,
    'http.route': route,
    'limis.service': service.name,
    'limis.component': handler.component,
    'limis.operation': handler.operationId,
  };
  const meter = options.metrics?.operation(service.name, handler.operationId, handler.method, route);
  return async (request) => {
    const started = meter ? performance.now() : 0;
    meter?.begin();
    if (meter && handler.requestBody) request = measuredBody(request, meter.requestBody);
    const span = options.tracing
      ? tracer().startSpan(
          spanName,
          { kind: SpanKind.SERVER, attributes: spanAttributes },
          contextFromHeaders(request.headers),
        )
      : undefined;
    const recording = span?.isRecording() === true;
    const ctx: HttpContext = {
      transport: 'http',
      service: service.name,
      component: handler.component,
      action: handler.operationId,
      request,
      responseHeaders: {},
      state: {},
      input: undefined,
      result: undefined,
      span,
    };
    let response: RuntimeResponse;
    let failure: unknown;
    try {
      await runInSpan(span, ctx, chain, traced);
      // An interceptor that answered without calling next() left a result, not a response.
      response = ctx.response ?? respond(ctx.result, request);
      for (const name in ctx.responseHeaders) response.headers[name] = ctx.responseHeaders[name]!;
    } catch (error) {
      failure = error;
      const problem = toProblem(error);
      if (problem.status >= 500) options.onError(error, request);
      const headers: Record<string, string> = {
        ...ctx.responseHeaders,
        'content-type': PROBLEM_MEDIA_TYPE,
        ...(error instanceof LimisError ? error.headers : {}),
      };
      response = { status: problem.status, headers, body: JSON.stringify(problem) };
    }
    const rejection =
      failure instanceof LimisError && failure.status < 500 && ctx.result === undefined ? failure.code : undefined;
    if (recording) endCallSpan(span!.setAttribute('http.response.status_code', response.status), ctx, failure);
    meter?.end(response, (performance.now() - started) / 1000, ctx.state.cache, rejection);
    return response;
  };
}

/** The request with a body reader that reports each body's size. */
function measuredBody(request: RuntimeRequest, observe: (bytes: number) => void): RuntimeRequest {
  const read = request.readBody;
  return {
    ...request,
    readBody: async (limit) => {
      const bytes = await read(limit);
      observe(bytes.byteLength);
      return bytes;
    },
  };
}

function writeResult(
  handler: Handler,
  result: ActionResult | undefined,
  options: HandlerOptions,
  request: RuntimeRequest,
): RuntimeResponse {
  const validate = options.validateResponses;
  if (
    result === null ||
    typeof result !== 'object' ||
    !Number.isInteger(result.status) ||
    result.status < 100 ||
    result.status > 599
  ) {
    throw new Error(`action ${handler.operationId} returned ${describe(result)}, not a { status, body } result`);
  }
  const declared = declaredResponse(handler.responses, result.status);
  if (!declared) {
    throw new LimisError(
      'LIMIS_ERR_INVALID_RESPONSE',
      `action ${handler.operationId} returned status ${result.status}, which its contract does not declare`,
    );
  }
  const headers = stringHeaders(handler, result.headers);
  if (result.stream !== undefined) return streamResponse(handler, result, declared, headers, options, request);
  if (result.body === undefined) return { status: result.status, headers };
  const media =
    result.contentType === undefined
      ? declared.find((m) => m.stream === undefined)
      : declared.find((m) => m.mediaType === result.contentType && m.stream === undefined);
  if (!media) {
    throw new LimisError(
      'LIMIS_ERR_INVALID_RESPONSE',
      `action ${handler.operationId} returned a body its contract does not declare for status ${result.status}`,
    );
  }
  if (validate && media.validate && !media.validate(result.body)) {
    const details = describeIssues(media.validate, '/body');
    throw new LimisError(
      'LIMIS_ERR_INVALID_RESPONSE',
      `action ${handler.operationId} returned a ${result.status} body that does not match its contract: ${details}`,
    );
  }
  headers['content-type'] = contentTypeHeader(media);
  return { status: result.status, headers, body: encodeBody(result.body, media) };
}

/**
 * A streamed result: its items written as they come, in the declared streamed media type, each checked against the
 * item schema when responses are validated. SSE responses are marked uncacheable and unbuffered for proxies.
 */
function streamResponse(
  handler: Handler,
  result: ActionResult,
  declared: readonly MediaSpec[],
  headers: Record<string, string>,
  options: HandlerOptions,
  request: RuntimeRequest,
): RuntimeResponse {
  const media = declared.find((m) => m.stream !== undefined && (result.contentType ?? m.mediaType) === m.mediaType);
  if (!media?.stream || typeof (result.stream as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] !== 'function')
    throw new LimisError(
      'LIMIS_ERR_INVALID_RESPONSE',
      media
        ? `action ${handler.operationId} returned a stream that is not an async iterable`
        : `action ${handler.operationId} returned a stream where its contract declares no streamed media type for status ${result.status}`,
    );
  headers['content-type'] = contentTypeHeader(media);
  headers['cache-control'] ??= 'no-cache';
  if (media.stream === 'sse') headers['x-accel-buffering'] = 'no';
  const body = new ResponseStream(result.stream!, {
    format: media.stream,
    validate: options.validateResponses ? media.validate : undefined,
    heartbeat: options.streamHeartbeat,
    stringify: media.json?.stringify,
    operationId: handler.operationId,
    onError: (error) => options.onError(error, request),
  });
  return { status: result.status, headers, body };
}

/** RFC 9110 §5.1 field names (tokens) and §5.5 values: no CR, LF, NUL or other control character but tab. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BAD_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** An action's headers as strings; one that cannot be sent is the action's mistake (500, nothing exposed), caught here rather than thrown by node:http. */
function stringHeaders(handler: Handler, headers: Record<string, unknown> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) return result;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    const text = String(value);
    if (!HEADER_NAME.test(name) || BAD_HEADER_VALUE.test(text)) {
      throw new LimisError(
        'LIMIS_ERR_INVALID_RESPONSE',
        `action ${handler.operationId} returned a header ${JSON.stringify(name).slice(0, 60)} that cannot be sent: field names are tokens, values have no control characters`,
      );
    }
    result[name.toLowerCase()] = text;
  }
  return result;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
