import type { Span } from '@opentelemetry/api';
import type { ActionResult, JsonCodec, MediaKind } from './common/media.js';
import type { Validator } from './validator.js';

/** One alternative of a `security` list: every scheme named must pass, with the scopes listed. */
export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

/** How one safe operation's responses are cached (`x-limis-cache` in the contract, or the service's options). */
export interface CachePolicy {
  /** Seconds a response stays fresh, here and in the caller's `Cache-Control: max-age`. */
  maxAge: number;
  /** Request headers (lower-case) whose value selects a different response, sent back as `Vary`. */
  vary?: readonly string[];
}

/** What an adapter hands to a handler: the request, transport-neutral. */
export interface RuntimeRequest {
  method: string;
  /** Path below the service mount, for logs. */
  path: string;
  /** Path parameters by the contract's names, still URL-decoded strings. */
  params: Record<string, string>;
  /** Query parameters; a repeated key gives an array. A null-prototype object. */
  query: Record<string, string | string[] | undefined>;
  /** Lower-cased header names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** Reads the body, failing with LIMIS_ERR_BODY_TOO_LARGE past `limit` bytes. */
  readBody(limit: number): Promise<Uint8Array>;
  /** The body as it arrives (decoded), failing past `limit` bytes in all: for a streamed request body (JSON Lines). */
  streamBody?(limit: number): AsyncIterable<Uint8Array>;
}

/** The request a failure outside any handler (a middleware, a socket) is reported with: no parameters, no body. */
export function requestForReport(method: string, path: string, headers: RuntimeRequest['headers']): RuntimeRequest {
  return { method, path, params: {}, query: {}, headers, readBody: async () => new Uint8Array() };
}

/** What a handler hands back to the adapter to write. */
export interface RuntimeResponse {
  status: number;
  headers: Record<string, string>;
  /** A stream (`isStreamBody`) is written chunk by chunk as the socket takes it, never collected first. */
  body?: string | Uint8Array | StreamBody;
}

/** How a streamed response frames its items: Server-Sent Events, or one JSON value per line (JSON Lines, NDJSON). */
export type StreamFormat = 'sse' | 'jsonl';

/** How a streamed response ended, and how many items it carried. */
export interface StreamSummary {
  items: number;
  /** `closed`: the client went away (or the server stopped) first; `failed`: an item was invalid or the action threw. */
  ended: 'complete' | 'closed' | 'failed';
  error?: unknown;
}

/** A response body written as it is produced: text chunks, pulled one at a time. */
export interface StreamBody extends AsyncIterableIterator<string> {
  /** Settles once the stream has ended, however it ended. */
  readonly finished: Promise<StreamSummary>;
}

export function isStreamBody(body: RuntimeResponse['body']): body is StreamBody {
  return typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
}

export type { MediaKind };

export interface MediaSpec {
  mediaType: string;
  kind: MediaKind;
  validate?: Validator;
  /** The schema declares a `__proto__` or `constructor` property, so bodies may carry those keys. */
  prototypeKeys?: true;
  /** How bodies are read and written where JSON.parse and JSON.stringify would not do: `x-limis-bigint` integers. */
  json?: JsonCodec;
  /** A streamed media type (OpenAPI 3.2 `itemSchema`): the result's `stream` is written item by item, `validate` checks each. */
  stream?: StreamFormat;
}

type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type NumberOf<Text> = Text extends `${infer Value extends number}` ? Value : never;
type StatusClass<Class extends number> = NumberOf<`${Class}${Digit}${Digit}`>;

/**
 * Every code of a class, for responses a contract declares as a range (`2XX`): RFC 9110 §15 lets a server send any
 * three-digit code of the class, and the runtime answers all of them with the range's response.
 */
export type Status1XX = StatusClass<1>;
export type Status2XX = StatusClass<2>;
export type Status3XX = StatusClass<3>;
export type Status4XX = StatusClass<4>;
export type Status5XX = StatusClass<5>;
/** Any HTTP status code (100–599): what a `default` response may carry, less the codes the operation lists. */
export type HttpStatus = Status1XX | Status2XX | Status3XX | Status4XX | Status5XX;

export type { ActionResult };

/** The part of a logger actions use; a pino logger is one. */
export interface ActionLogger {
  debug(details: object, message?: string): void;
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

/** What every action and interceptor sees of the call it serves. */
export interface ActionContext<Principal = unknown> {
  transport: 'http';
  service: string;
  component: string;
  /** The operationId. */
  action: string;
  request: RuntimeRequest;
  /** Who the verifier of the operation's security scheme said the caller is; undefined for anonymous calls. */
  principal?: Principal;
  /** Added to whatever response the call ends with, errors included (`X-Request-Id`, …). */
  responseHeaders: Record<string, string>;
  /** The call's id (`X-Request-Id`), once the logging interceptor has run. */
  requestId?: string;
  /** A logger bound to this call's request id, once the logging interceptor has run. */
  logger?: ActionLogger;
  /** Free for interceptors and actions to share per-call data. */
  state: Record<string, unknown>;
  /**
   * The call's OpenTelemetry server span, for attributes and events of your own; it records only once an SDK is
   * registered (`span.isRecording()`), and is absent when the runtime's `tracing` is off.
   */
  span?: Span;
}

/** The context of an action whose contract requires credentials: the principal is always there. */
export type AuthorizedContext<Principal = unknown> = ActionContext<Principal> & { principal: Principal };

/**
 * Generated, transport-neutral glue for one HTTP operation: how to read its parameters, which validators
 * apply, which component method to call and how each declared response is written.
 */
export interface Handler<Input = unknown, Result extends ActionResult = ActionResult> {
  operationId: string;
  component: string;
  /** Upper-case HTTP method. */
  method: string;
  /** The contract's path template (`/pets/{petId}`). */
  path: string;
  /** Reads and coerces path, query, header and cookie parameters. */
  parse(request: RuntimeRequest): Record<string, unknown>;
  validate: Validator;
  requestBody?: { required: boolean; media: MediaSpec[] };
  /** Bytes accepted for the body; the runtime's limit when absent. */
  bodyLimit?: number;
  /** Keyed by status code or `default`. */
  responses: Record<string, MediaSpec[]>;
  /** Alternatives, any one of which admits the caller; absent or empty when the operation is open to anyone. */
  security?: SecurityRequirement[];
  /** From `x-limis-cache`: how long a safe operation's responses may be served from the cache. */
  cache?: CachePolicy;
  invoke(input: Input, context: ActionContext): Promise<Result>;
}
