import { toBigInt, toBoolean, toInteger, toNumber } from '../common/coerce.js';
import { type ActionResult, declaredResponse, essence, type JsonCodec, type MediaKind } from '../common/media.js';
import { parsePathTemplate } from '../common/path-template.js';
import {
  type Balancer,
  balancerFor,
  failedBeforeSending,
  type InstanceRecord,
  isIdempotent,
  type ServiceLocation,
} from './discovery.js';
import type { SseProgress, StreamReader } from './stream-reader.js';
import { type ClientSpan, clientTracing } from './tracing.js';

interface CommonClientOptions {
  /** Sent with every request; a function is called per request (for tokens that expire). */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** How a generated client reaches a service, and what it sends with every call. */
export type ClientOptions = CommonClientOptions &
  ServiceLocation & {
    /**
     * With `discovery`: further instances a call is sent to after a connection failure or a 502/503, when it is
     * safe to repeat (GET, HEAD, PUT, DELETE, OPTIONS, or a POST with an `Idempotency-Key`; any call the connection
     * refused before it was sent). Default 2.
     */
    retries?: number;
  };

export interface ClientParameter {
  name: string;
  /** Key in the input section (header names lower-cased). */
  key: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  style: string;
  explode: boolean;
}

export interface ClientMedia {
  mediaType: string;
  kind: MediaKind;
  /** How bodies are read and written where JSON.parse and JSON.stringify would not do (`bigintJson`). */
  json?: JsonCodec;
  /** For a streamed media type, how its items are read (`sseStream()`, `jsonLinesStream()` from `limis/client/stream`). */
  stream?: StreamReader;
}

/** Per call: what aborts it, and for a Server-Sent Events stream how it reconnects. */
export interface CallOptions {
  /** Aborts the request, or the stream being read. */
  signal?: AbortSignal;
  /**
   * When an SSE stream's connection fails, call again with `Last-Event-ID` after the delay the server asked for
   * (`retry:`, else `delay` ms), at most `retries` times in a row. Default `{ retries: 3, delay: 1000 }`; JSON Lines
   * streams, which cannot resume, never reconnect.
   */
  reconnect?: false | { retries?: number; delay?: number };
}

/** The item type of a Result's streamed member. */
export type StreamItem<R> = R extends { stream: AsyncIterable<infer Item> } ? Item : never;

/**
 * A call to a streamed operation: awaited, the Result (its `stream` member for the streamed status); iterated
 * (`for await (const event of client.watchPets())`), the items themselves, any other status thrown as a
 * ResponseStatusError, an SSE stream reconnecting where it left off.
 */
export type StreamCall<R> = Promise<R> & AsyncIterable<StreamItem<R>>;

/** A streamed operation answered with a status that carries no stream (a 400, a 404): iterating it has nothing to give. */
export class ResponseStatusError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(result: ActionResult, operation: ClientOperation) {
    super(`${operation.method} ${operation.path} answered ${result.status}, not a stream`);
    this.name = 'ResponseStatusError';
    this.status = result.status;
    this.body = result.body;
  }
}

/** What a generated client knows of one operation. */
export interface ClientOperation {
  method: string;
  path: string;
  parameters: readonly ClientParameter[];
  requestBody?: ClientMedia;
  responses: Readonly<Record<string, readonly ClientMedia[]>>;
  /** Declared response headers that are not strings, by status: read back into numbers and booleans. */
  responseHeaders?: Readonly<
    Record<string, Readonly<Record<string, 'toInteger' | 'toBigInt' | 'toNumber' | 'toBoolean'>>>
  >;
}

const HEADER_COERCERS = { toInteger, toBigInt, toNumber, toBoolean };

/**
 * An action's Input with every section optional whose members all are. (`Partial<S> extends S`, not
 * `{} extends S`: the latter fails for a section with a `constructor` member, which `{}` already has.)
 */
export type ClientInput<T> = {
  [K in keyof T as Partial<T[K]> extends T[K] ? K : never]?: T[K];
} & {
  [K in keyof T as Partial<T[K]> extends T[K] ? never : K]: T[K];
};

/** The server answered with a status the contract does not declare; `body` is parsed when it is JSON. */
export class UnexpectedResponseError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, body: unknown, operation: ClientOperation) {
    const detail =
      typeof body === 'object' && body !== null && 'detail' in body
        ? `: ${String((body as { detail: unknown }).detail)}`
        : '';
    super(`${operation.method} ${operation.path} answered ${status}, which its contract does not declare${detail}`);
    this.name = 'UnexpectedResponseError';
    this.status = status;
    this.body = body;
  }
}

const SEPARATORS: Record<string, string> = { form: ',', simple: ',', spaceDelimited: ' ', pipeDelimited: '|' };

/** Sends one operation's request and reads its response into the action's Result shape. */
export class HttpClient {
  private readonly options: ClientOptions;
  private readonly balancer: Balancer | undefined;

  /** `service` is the contract's service name, which a discovery source is asked for unless `options.service` says. */
  constructor(options: ClientOptions, service = '') {
    this.balancer = balancerFor(options, service, 'http://localhost:8080/petstore');
    this.options = options;
  }

  call(
    operation: ClientOperation,
    input: Record<string, unknown> = {},
    options: CallOptions = {},
  ): Promise<ActionResult> {
    return this.send(operation, input, options, {});
  }

  /** A streamed operation's call: a Promise of its Result that also iterates the stream's items (StreamCall). */
  stream(
    operation: ClientOperation,
    input: Record<string, unknown> = {},
    options: CallOptions = {},
  ): StreamCall<ActionResult> {
    const progress: SseProgress = {};
    const first = this.send(operation, input, options, progress);
    const items = () => this.items(first, operation, input, options, progress);
    return Object.assign(first, { [Symbol.asyncIterator]: items }) as StreamCall<ActionResult>;
  }

  private async *items(
    first: Promise<ActionResult>,
    operation: ClientOperation,
    input: Record<string, unknown>,
    options: CallOptions,
    progress: SseProgress,
  ): AsyncGenerator<unknown> {
    let result = await first;
    const reconnect = options.reconnect === false ? undefined : { retries: 3, delay: 1000, ...options.reconnect };
    let retriesLeft = reconnect?.retries ?? 0;
    for (;;) {
      if (result.stream === undefined) throw new ResponseStatusError(result, operation);
      const sse =
        declaredResponse(operation.responses, result.status)?.some((m) => m.stream?.format === 'sse') ?? false;
      try {
        for await (const item of result.stream) {
          retriesLeft = reconnect?.retries ?? 0;
          yield item;
        }
        return;
      } catch (error) {
        // A StreamError is the server's answer (or a frame it garbled), which calling again would only repeat.
        const refused = error instanceof Error && error.name === 'StreamError';
        if (!sse || !reconnect || refused || options.signal?.aborted || retriesLeft-- <= 0) throw error;
      }
      await pause(progress.retry ?? reconnect.delay, options.signal);
      const headers = { ...(input.headers as object | undefined), 'last-event-id': progress.lastEventId };
      result = await this.send(operation, { ...input, headers }, options, progress);
    }
  }

  private async send(
    operation: ClientOperation,
    input: Record<string, unknown>,
    options: CallOptions,
    progress: SseProgress,
  ): Promise<ActionResult> {
    const sections = input as Partial<Record<'params' | 'query' | 'headers' | 'cookies', Record<string, unknown>>>;
    // A base the path is resolved against; the instance's URL replaces it per attempt.
    const url = new URL(`http://service${this.expandPath(operation, sections.params ?? {})}`);
    const headers: Record<string, string> = { ...(await this.defaultHeaders()) };
    const cookies: string[] = [];
    for (const parameter of operation.parameters) {
      const value = sections[sectionOf(parameter)]?.[parameter.key];
      if (value === undefined || parameter.in === 'path') continue;
      if (parameter.in === 'query') appendQuery(url.searchParams, parameter, value);
      else if (parameter.in === 'header') headers[parameter.name] = serialize(value, ',');
      else cookies.push(`${encodeURIComponent(parameter.name)}=${encodeURIComponent(serialize(value, ','))}`);
    }
    if (cookies.length > 0) headers.cookie = cookies.join('; ');
    let body: BodyInit | undefined;
    if (operation.requestBody && input.body !== undefined) {
      headers['content-type'] = operation.requestBody.mediaType;
      body = encode(input.body, operation.requestBody);
    }
    const init = {
      method: operation.method,
      headers,
      body,
      ...(options.signal && { signal: options.signal }),
      // A streamed upload (JSON Lines from an async iterable) is sent as it is produced; fetch asks to be told.
      ...(body instanceof ReadableStream && { duplex: 'half' }),
    };
    const target = url.pathname + url.search;
    // A client span per call, retries included, when tracing is on; its context goes out as `traceparent`.
    const span = clientTracing()?.start(`${operation.method} ${operation.path}`, {
      'http.request.method': operation.method,
      'url.template': operation.path,
    });
    span?.inject(headers);
    try {
      const response = this.balancer
        ? await this.sendToInstances(this.balancer, target, init, span)
        : await this.fetch(`${this.options.baseUrl!.replace(/\/+$/, '')}${target}`, init);
      span?.end({ status: response.status });
      return await readResponse(response, operation, progress);
    } catch (error) {
      span?.end({ error });
      throw error;
    }
  }

  private fetch(url: string, init: RequestInit): Promise<Response> {
    return (this.options.fetch ?? fetch)(url, init);
  }

  /**
   * One instance after another while the call fails in a way that is safe to repeat. A refused connection costs
   * nothing and sent nothing, so it moves on to every untried instance without using up `retries`.
   */
  private async sendToInstances(
    balancer: Balancer,
    target: string,
    init: RequestInit & { method: string; headers: Record<string, string> },
    span: ClientSpan | undefined,
  ): Promise<Response> {
    let retriesLeft = this.options.retries ?? 2;
    const repeatable = isIdempotent(init.method, init.headers);
    const tried = new Set<string>();
    for (;;) {
      const { record, release } = await balancer.pick(tried);
      if (tried.size > 0) span?.setAttribute('http.request.resend_count', tried.size);
      tried.add(record.id);
      span?.setAttribute('server.address', record.httpUrl);
      let response: Response;
      try {
        response = await this.fetch(instanceUrl(record, target), init);
      } catch (error) {
        release(true);
        if (failedBeforeSending(error) && balancer.instances.some((other) => !tried.has(other.id))) continue;
        if (repeatable && retriesLeft-- > 0) continue;
        throw error;
      }
      // A draining or overloaded instance, or a proxy in front of a gone one.
      const unavailable = response.status === 502 || response.status === 503;
      release(unavailable);
      if (!unavailable || !repeatable || retriesLeft-- <= 0) return response;
      await response.body?.cancel();
    }
  }

  private async defaultHeaders(): Promise<Record<string, string>> {
    const headers = this.options.headers;
    return typeof headers === 'function' ? headers() : (headers ?? {});
  }

  private expandPath(operation: ClientOperation, params: Record<string, unknown>): string {
    return parsePathTemplate(operation.path)
      .map((part) => {
        if ('literal' in part) return part.literal;
        const parameter = operation.parameters.find((p) => p.in === 'path' && p.name === part.param);
        const value = params[parameter?.key ?? part.param];
        if (value === undefined)
          throw new TypeError(`${operation.method} ${operation.path}: path parameter "${part.param}" is missing`);
        return encodeURIComponent(serialize(value, ','));
      })
      .join('');
  }
}

function instanceUrl(record: InstanceRecord, target: string): string {
  return `${record.httpUrl.replace(/\/+$/, '')}${target}`;
}

function sectionOf(parameter: ClientParameter): 'params' | 'query' | 'headers' | 'cookies' {
  return parameter.in === 'path'
    ? 'params'
    : parameter.in === 'header'
      ? 'headers'
      : parameter.in === 'cookie'
        ? 'cookies'
        : 'query';
}

function appendQuery(search: URLSearchParams, parameter: ClientParameter, value: unknown): void {
  if (Array.isArray(value)) {
    if (parameter.explode && parameter.style === 'form')
      for (const item of value) search.append(parameter.name, String(item));
    else search.append(parameter.name, value.map(String).join(SEPARATORS[parameter.style] ?? ','));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (parameter.style === 'deepObject') search.append(`${parameter.name}[${key}]`, String(item));
      else search.append(key, String(item));
    }
  } else {
    search.append(parameter.name, String(value));
  }
}

function serialize(value: unknown, separator: string): string {
  return Array.isArray(value) ? value.map(String).join(separator) : String(value);
}

function encode(body: unknown, media: ClientMedia): BodyInit {
  if (isAsyncIterable(body)) return jsonLinesUpload(body, media.json?.stringify ?? JSON.stringify);
  if (media.kind === 'json') return media.json ? media.json.stringify(body) : JSON.stringify(body);
  if (media.kind === 'text') return String(body);
  return body as Uint8Array<ArrayBuffer>;
}

async function readResponse(
  response: Response,
  operation: ClientOperation,
  progress: SseProgress,
): Promise<ActionResult> {
  const declared = declaredResponse(operation.responses, response.status);
  const contentType = response.headers.get('content-type') ?? undefined;
  const headers: Record<string, unknown> = Object.fromEntries(response.headers.entries());
  const typed = operation.responseHeaders ? declaredResponse(operation.responseHeaders, response.status) : undefined;
  for (const [name, coercer] of Object.entries(typed ?? {})) {
    if (typeof headers[name] === 'string') headers[name] = HEADER_COERCERS[coercer](headers[name] as string);
  }
  if (!declared) {
    const text = await response.text();
    throw new UnexpectedResponseError(response.status, parseLoosely(text, contentType), operation);
  }
  if (declared.length === 0 || response.status === 204 || response.status === 304 || operation.method === 'HEAD') {
    await response.body?.cancel();
    return { status: response.status, headers };
  }
  const media =
    declared.find((m) => contentType !== undefined && essence(m.mediaType) === essence(contentType)) ?? declared[0]!;
  if (media.stream && response.body) {
    const stream = media.stream.read(response.body, progress);
    return declared.length > 1
      ? { status: response.status, stream, contentType: media.mediaType, headers }
      : { status: response.status, stream, headers };
  }
  const body = media.kind === 'binary' ? new Uint8Array(await response.arrayBuffer()) : await response.text();
  const value = media.kind === 'json' && typeof body === 'string' ? (media.json?.parse ?? JSON.parse)(body) : body;
  return declared.length > 1
    ? { status: response.status, body: value, contentType: media.mediaType, headers }
    : { status: response.status, body: value, headers };
}

function parseLoosely(text: string, contentType: string | undefined): unknown {
  if (contentType === undefined || !/json/.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Waits `ms`, or until `signal` aborts (rejecting with its reason). */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * An async iterable of items as a JSON Lines request body, pulled as fetch sends it. Node's fetch streams it; a
 * browser streams a request body only over HTTP/2 or later.
 */
function jsonLinesUpload(
  items: AsyncIterable<unknown>,
  stringify: (value: unknown) => string,
): ReadableStream<Uint8Array> {
  const iterator = items[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(`${stringify(next.value)}\n`));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
