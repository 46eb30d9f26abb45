import { authorize } from '../interceptors/authorize.js';
import type { CacheStore } from '../interceptors/cache-store.js';
import { caching } from '../interceptors/cache.js';
import { LimisError, PROBLEM_MEDIA_TYPE, toProblem, type ValidationIssue } from '../errors.js';
import { declaredResponse } from '../common/media.js';
import type { ActionContext, ActionResult, Handler, MediaSpec, RuntimeRequest, RuntimeResponse } from '../handler.js';
import { composeInterceptors, type Interceptor, type InterceptorContext } from '../interceptors/compose.js';
import { contentTypeHeader, decodeBody, encodeBody, matchMedia } from './media-type.js';
import { firstValue } from './query.js';
import { interceptorsOf, type Service } from '../service.js';
import { describeIssues, validationIssues } from '../validator.js';

export interface HandlerOptions {
  bodyLimit: number;
  validateResponses: boolean;
  /** Run before the service's own interceptors. */
  interceptors: readonly Interceptor[];
  /** Where responses of operations with a cache policy are kept; without one nothing is cached. */
  cacheStore?: CacheStore;
  /** Told of every error that becomes a 5xx, with the request it broke. */
  onError(error: unknown, request: RuntimeRequest): void;
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
  const respond = (result: unknown) => writeResult(handler, result as ActionResult | undefined, options.validateResponses);
  const readInput = inputReader(handler, handler.bodyLimit ?? options.bodyLimit);
  const action = async (ctx: InterceptorContext) => {
    ctx.result = await handler.invoke(ctx.input, ctx as HttpContext);
    ctx.response = respond(ctx.result);
  };
  const outer = [...options.interceptors, ...authorization(handler, service)];
  const inner = [...caching(handler, service, options.cacheStore, respond), ...interceptorsOf(service, handler.component, handler.operationId)];
  // With nothing but validation around the action (the common case), one function does both: same order, fewer awaits.
  const chain = outer.length === 0 && inner.length === 0
    ? async (ctx: InterceptorContext) => {
        const input = readInput((ctx as HttpContext).request);
        ctx.input = input instanceof Promise ? await input : input;
        await action(ctx);
      }
    : composeInterceptors([...outer, requestValidation(readInput), ...inner], action);
  return async (request) => {
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
    };
    try {
      await chain(ctx);
      // An interceptor that answered without calling next() left a result, not a response.
      const response = ctx.response ?? respond(ctx.result);
      for (const name in ctx.responseHeaders) response.headers[name] = ctx.responseHeaders[name]!;
      return response;
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status >= 500) options.onError(error, request);
      const headers: Record<string, string> = { ...ctx.responseHeaders, 'content-type': PROBLEM_MEDIA_TYPE, ...(error instanceof LimisError ? error.headers : {}) };
      return { status: problem.status, headers, body: JSON.stringify(problem) };
    }
  };
}

function authorization(handler: Handler, service: Service): Interceptor[] {
  const requirements = handler.security ?? [];
  if (requirements.length === 0) return [];
  return [
    async (ctx, next) => {
      const http = ctx as HttpContext;
      http.principal = (await authorize(service.authenticator, requirements, http.request)).principal;
      await next();
    },
  ];
}

type InputReader = (request: RuntimeRequest) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** Reads, coerces and validates every part of the request into `ctx.input`; the body only once the caller is admitted. */
function requestValidation(readInput: InputReader): Interceptor {
  return async (ctx, next) => {
    ctx.input = await readInput((ctx as HttpContext).request);
    await next();
  };
}

/** The request's parameters (and body, when the operation has one), coerced and validated; synchronous without a body. */
function inputReader(handler: Handler, bodyLimit: number): InputReader {
  const fail = (issues: ValidationIssue[]) => new LimisError('LIMIS_ERR_VALIDATION', 'the request does not match the contract', { errors: issues });
  const { requestBody } = handler;
  if (!requestBody) {
    return (request) => {
      const input = handler.parse(request);
      if (!handler.validate(input)) throw fail(validationIssues(handler.validate));
      return input;
    };
  }
  return async (request) => {
    const input = handler.parse(request);
    const issues: ValidationIssue[] = handler.validate(input) ? [] : validationIssues(handler.validate);
    const body = await readBody(requestBody, request, bodyLimit);
    if (body !== undefined) {
      input.body = body.value;
      const validate = body.media.validate;
      if (validate && !validate(body.value)) issues.push(...validationIssues(validate, '/body'));
    }
    if (issues.length > 0) throw fail(issues);
    return input;
  };
}

async function readBody(
  declared: NonNullable<Handler['requestBody']>,
  request: RuntimeRequest,
  limit: number,
): Promise<{ value: unknown; media: MediaSpec } | undefined> {
  const contentType = firstValue(request.headers['content-type']);
  const length = firstValue(request.headers['content-length']);
  const chunked = request.headers['transfer-encoding'] !== undefined;
  if (contentType === undefined && !chunked && (length === undefined || length === '0')) {
    if (declared.required) throw new LimisError('LIMIS_ERR_BODY_REQUIRED', 'the request needs a body');
    return undefined;
  }
  const media = matchMedia(declared.media, contentType);
  if (!media) {
    const accepted = declared.media.map((m) => m.mediaType).join(', ');
    throw new LimisError('LIMIS_ERR_UNSUPPORTED_MEDIA_TYPE', `Content-Type ${contentType ?? '(none)'} is not accepted; send one of: ${accepted}`, {
      headers: { 'accept-post': accepted },
    });
  }
  const bytes = await request.readBody(limit);
  if (bytes.length === 0) {
    if (declared.required) throw new LimisError('LIMIS_ERR_BODY_REQUIRED', 'the request needs a body');
    return undefined;
  }
  return { value: decodeBody(bytes, media), media };
}

function writeResult(handler: Handler, result: ActionResult | undefined, validate: boolean): RuntimeResponse {
  if (result === null || typeof result !== 'object' || !Number.isInteger(result.status) || result.status < 100 || result.status > 599) {
    throw new Error(`action ${handler.operationId} returned ${describe(result)}, not a { status, body } result`);
  }
  const declared = declaredResponse(handler.responses, result.status);
  if (!declared) {
    throw new LimisError('LIMIS_ERR_INVALID_RESPONSE', `action ${handler.operationId} returned status ${result.status}, which its contract does not declare`);
  }
  const headers = stringHeaders(result.headers);
  if (result.body === undefined) return { status: result.status, headers };
  const media = result.contentType === undefined ? declared[0] : declared.find((m) => m.mediaType === result.contentType);
  if (!media) {
    throw new LimisError('LIMIS_ERR_INVALID_RESPONSE', `action ${handler.operationId} returned a body its contract does not declare for status ${result.status}`);
  }
  if (validate && media.validate && !media.validate(result.body)) {
    const details = describeIssues(media.validate, '/body');
    throw new LimisError('LIMIS_ERR_INVALID_RESPONSE', `action ${handler.operationId} returned a ${result.status} body that does not match its contract: ${details}`);
  }
  headers['content-type'] = contentTypeHeader(media);
  return { status: result.status, headers, body: encodeBody(result.body, media) };
}

function stringHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) return result;
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && value !== null) result[name.toLowerCase()] = String(value);
  }
  return result;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
