import { readPointer, withCorrelationId } from '../common/json-pointer.js';
import type { PayloadKind } from '../common/media.js';
import { parsePathTemplate } from '../common/path-template.js';
import { isPlainObject } from '../common/plain-object.js';
import type { ValidationIssue } from '../common/validation-issue.js';
import { type Balancer, balancerFor, type ServiceLocation } from './discovery.js';
import { encodeFrame, type FrameStyle, readEnvelope, readErrorFrame, type WireMessage } from './frames.js';
import { clientTracing } from './tracing.js';

/** The part of the WHATWG WebSocket this client uses: browsers, Deno, Bun and Node ≥ 22 have it, as does `ws`. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(
    type: 'open' | 'close' | 'error' | 'message',
    listener: (event: { data?: unknown; message?: string }) => void,
  ): void;
}

/** `ws` takes headers as a third argument; the WHATWG constructor ignores it. */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string[],
  options?: { headers?: Record<string, string> },
) => WebSocketLike;

/**
 * Where a generated WebSocket client connects: `baseUrl` is where the service's channels are (`ws://localhost:8888/chat`);
 * with `discovery`, each (re)connect picks an instance that lists a `wsUrl`, skipping one whose connection just
 * failed.
 */
export type WsClientOptions = CommonWsClientOptions & ServiceLocation;

interface CommonWsClientOptions {
  /**
   * A bearer token, sent as `?access_token=` because browsers cannot set headers on a WebSocket upgrade (RFC 6750
   * §2.3); a function is called at every (re)connect, for tokens that expire.
   */
  token?: string | (() => string | Promise<string>);
  /** Sent with the upgrade request. Only a WebSocket that can send headers (Node's `ws`) can take them. */
  headers?: Record<string, string>;
  /** The WebSocket implementation. Default: the global one, else the `ws` package, loaded when first needed. */
  WebSocket?: WebSocketConstructor;
  /** Reconnect with exponential backoff when the connection drops (not when `close()` is called). Default: off. */
  reconnect?: false | { retries?: number; minDelay?: number; maxDelay?: number };
  /** How long `request…` methods wait for their reply, in ms. Default 10 000. */
  requestTimeout?: number;
}

export interface ClientMessageSpec {
  kind: PayloadKind;
  /** The message declares headers: they travel in the envelope beside the payload. */
  headers?: true;
  /** JSON pointer into the message (`/payload/id`, `/headers/id`) where its correlation id lives. */
  correlation?: string;
  /** For a message the client sends: the message its reply comes as. */
  reply?: string;
}

/** What a generated client knows of one channel, from the client's side: what it sends and what it receives. */
export interface ClientChannelSpec {
  address: string;
  frames: FrameStyle;
  sends: Readonly<Record<string, ClientMessageSpec>>;
  receives: Readonly<Record<string, ClientMessageSpec>>;
}

/**
 * An error frame from the server (the message it answers was not served), or `LIMIS_ERR_INVALID_FRAME` for a frame
 * from the server this client cannot read.
 */
export class WsRemoteError extends Error {
  readonly code: string;
  readonly errors?: ValidationIssue[];

  constructor(error: { code: string; detail: string; errors?: ValidationIssue[] }) {
    super(error.detail);
    this.name = 'WsRemoteError';
    this.code = error.code;
    this.errors = error.errors;
  }
}

interface Pending {
  reply: string;
  id: unknown;
  resolve(payload: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

const OPEN = 1;
const CLOSED = 3;

/**
 * One open channel. Generated per-channel subclasses add typed `send…`, `on…` and request methods on top of the
 * protected, untyped ones here.
 */
export class ChannelConnection {
  private socket: WebSocketLike | undefined;
  private readonly handlers = new Map<string, Set<(payload: unknown, headers: unknown) => void>>();
  private readonly errorHandlers = new Set<(error: WsRemoteError) => void>();
  private readonly pending: Pending[] = [];
  private url: string;
  private readonly path: string;
  private readonly balancer: Balancer | undefined;
  private readonly spec: ClientChannelSpec;
  private readonly options: WsClientOptions;
  private closedByUser = false;
  private attempts = 0;
  private closed: Promise<void> = Promise.resolve();
  /** Resolves once the socket is open (again, after a reconnect). */
  ready: Promise<void>;

  /** `balancer` is the client's, shared by its connections, when it reaches the service through discovery. */
  constructor(spec: ClientChannelSpec, options: WsClientOptions, params: Record<string, unknown>, balancer?: Balancer) {
    this.spec = spec;
    this.options = options;
    this.balancer = balancer;
    const path = parsePathTemplate(spec.address)
      .map((part) => ('literal' in part ? part.literal : encodeURIComponent(String(params[part.param]))))
      .join('');
    this.path = `/${path.replace(/^\/+/, '')}`;
    this.url = options.baseUrl === undefined ? this.path : `${options.baseUrl.replace(/\/+$/, '')}${this.path}`;
    this.ready = this.connect();
  }

  /** Calls `handler` for every error frame, including those that also reject a request, and for unreadable frames. */
  onError(handler: (error: WsRemoteError) => void): () => void {
    this.errorHandlers.add(handler);
    return () => this.errorHandlers.delete(handler);
  }

  /** Closes with 1000 and stops reconnecting; pending requests are rejected. */
  async close(): Promise<void> {
    this.closedByUser = true;
    await this.ready.catch(() => undefined);
    if (!this.socket || this.socket.readyState === CLOSED) return;
    this.socket.close(1000);
    await this.closed;
  }

  protected send(message: string, payload: unknown, headers?: object): void {
    if (this.socket?.readyState !== OPEN)
      throw new Error(`cannot send ${message}: the connection to ${this.url} is not open`);
    const spec = this.spec.sends[message];
    this.socket.send(
      encodeFrame(this.spec.frames, spec?.kind, message, payload, spec?.headers ? { ...headers } : undefined),
    );
  }

  /**
   * Sends a message and resolves with its reply (`{ headers, payload }` when the reply declares headers): matched
   * by correlation id when the contract declares one, else in order.
   */
  protected request(message: string, payload: unknown, headers?: object): Promise<unknown> {
    const spec = this.spec.sends[message];
    if (!spec?.reply) throw new TypeError(`${message} declares no reply`);
    let sent: WireMessage = spec.headers ? { headers: { ...headers }, payload } : { payload };
    let id: unknown;
    if (spec.correlation !== undefined) {
      id = readPointer(sent, spec.correlation);
      if (id === undefined) {
        const assigned = withCorrelationId(sent, spec.correlation, randomId());
        id = assigned === sent ? undefined : readPointer(assigned, spec.correlation);
        sent = assigned;
      }
    }
    const reply = spec.reply;
    const timeout = this.options.requestTimeout ?? 10_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.forget(entry);
        reject(new Error(`no ${reply} reply to ${message} within ${timeout} ms`));
      }, timeout);
      const entry: Pending = { reply, id, resolve, reject, timer };
      this.pending.push(entry);
      try {
        this.send(message, sent.payload, sent.headers);
      } catch (error) {
        this.forget(entry);
        reject(error as Error);
      }
    });
  }

  protected on(message: string, handler: (payload: unknown, headers: unknown) => void): () => void {
    const set = this.handlers.get(message) ?? new Set();
    this.handlers.set(message, set);
    set.add(handler);
    return () => set.delete(handler);
  }

  private async connect(): Promise<void> {
    if (!this.balancer) return this.open();
    // One instance after another until one accepts; a failed one sits out its cool-down, so a reconnect goes
    // elsewhere too.
    const tried = new Set<string>();
    let last: Error | undefined;
    for (;;) {
      const { record, release } = await this.balancer.pick(tried, (r) => typeof r.wsUrl === 'string');
      if (tried.has(record.id)) {
        release();
        throw new Error(
          `no instance of ${this.balancer.service} accepted the connection to ${this.path} (${tried.size} tried; last: ${last?.message})`,
        );
      }
      tried.add(record.id);
      this.url = `${record.wsUrl!.replace(/\/+$/, '')}${this.path}`;
      try {
        await this.open();
      } catch (error) {
        release(true);
        last = error as Error;
        continue;
      }
      this.closed.then(() => release(!this.closedByUser));
      return;
    }
  }

  private async open(): Promise<void> {
    const Socket = await webSocketConstructor(this.options);
    const token = typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
    const url =
      token === undefined
        ? this.url
        : `${this.url}${this.url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`;
    // A client span for the upgrade; its trace context goes in the upgrade's headers where the WebSocket can send
    // headers (`ws`), which browsers' cannot.
    const span = clientTracing()?.start(`WS ${this.spec.address}`, { 'url.template': this.spec.address });
    const headers = { ...this.options.headers };
    if (Socket !== (globalThis as { WebSocket?: unknown }).WebSocket) span?.inject(headers);
    const socket = new Socket(url, [], Object.keys(headers).length > 0 ? { headers } : undefined);
    this.socket = socket;
    let opened = false;
    this.closed = new Promise((resolve) => socket.addEventListener('close', () => resolve()));
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', () => {
      if (opened) this.dropped();
    });
    return new Promise((resolve, reject) => {
      socket.addEventListener('open', () => {
        opened = true;
        this.attempts = 0;
        span?.end({});
        resolve();
      });
      // Browsers do not say why an upgrade failed; `ws` puts the status in the message.
      socket.addEventListener('error', (event) => {
        const status = /Unexpected server response: (\d+)/.exec(event.message ?? '')?.[1];
        if (!opened) span?.end({ error: new Error(status ? `HTTP ${status}` : 'connection failed') });
        reject(
          new Error(status ? `${this.url} refused the connection: HTTP ${status}` : `could not connect to ${this.url}`),
        );
      });
    });
  }

  private dropped(): void {
    for (const entry of this.pending.splice(0)) {
      clearTimeout(entry.timer);
      entry.reject(new Error(`the connection to ${this.url} closed before the ${entry.reply} reply`));
    }
    const policy = this.options.reconnect;
    if (this.closedByUser || !policy) return;
    const retries = policy.retries ?? 10;
    if (this.attempts >= retries) return;
    const delay = Math.min((policy.minDelay ?? 100) * 2 ** this.attempts, policy.maxDelay ?? 5000);
    this.attempts++;
    const timer = setTimeout(() => {
      if (this.closedByUser) return;
      this.ready = this.connect();
      this.ready.catch(() => this.dropped());
    }, delay);
    (timer as { unref?: () => void }).unref?.();
  }

  /** Never throws: a frame this client cannot read reaches the error handlers, and the caller's process goes on. */
  private receive(data: unknown): void {
    if (typeof data !== 'string') {
      this.unreadable('the server sent a binary frame, where this channel carries text');
      return;
    }
    const error = readErrorFrame(data);
    if (error) {
      const remote = new WsRemoteError(error.error);
      const entry = this.pending.find((p) => error.correlationId === undefined || p.id === error.correlationId);
      if (entry) {
        this.forget(entry);
        entry.reject(remote);
      }
      this.report(remote);
      return;
    }
    const decoded = this.decode(data);
    if (typeof decoded === 'string') {
      this.unreadable(decoded);
      return;
    }
    const { message, headers, payload } = decoded;
    const spec = this.spec.receives[message];
    // Headers that are not an object (the server's own checks make that rare) are none.
    const received: WireMessage = spec?.headers
      ? { headers: isPlainObject(headers) ? headers : {}, payload }
      : { payload };
    const id = spec?.correlation !== undefined ? readPointer(received, spec.correlation) : undefined;
    const entry = this.pending.find((p) => p.reply === message && (p.id === undefined || p.id === id));
    if (entry) {
      this.forget(entry);
      entry.resolve(spec?.headers ? received : payload);
      return;
    }
    for (const handler of this.handlers.get(message) ?? []) handler(payload, received.headers);
  }

  private unreadable(detail: string): void {
    this.report(new WsRemoteError({ code: 'LIMIS_ERR_INVALID_FRAME', detail }));
  }

  private report(error: WsRemoteError): void {
    for (const handler of this.errorHandlers) handler(error);
  }

  private forget(entry: Pending): void {
    clearTimeout(entry.timer);
    const index = this.pending.indexOf(entry);
    if (index >= 0) this.pending.splice(index, 1);
  }

  /** The frame's message and payload, or why it cannot be read. */
  private decode(text: string): { message: string; headers?: unknown; payload: unknown } | string {
    const raw = this.spec.frames === 'raw' ? (Object.keys(this.spec.receives)[0] ?? '') : undefined;
    if (raw !== undefined && this.spec.receives[raw]?.kind === 'text') return { message: raw, payload: text };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return `the server sent a frame that is not JSON: ${(error as Error).message}`;
    }
    if (raw !== undefined) return { message: raw, payload: value };
    return readEnvelope(value) ?? 'the server sent a frame that is not a { "message", "payload" } envelope';
  }
}

/**
 * What a generated WebSocket client extends: the options, and the balancer its connections share when it reaches
 * the service through discovery.
 */
export class ChannelClient {
  private readonly options: WsClientOptions;
  private readonly balancer: Balancer | undefined;

  /** `service` is the contract's service name, which a discovery source is asked for unless `options.service` says. */
  constructor(options: WsClientOptions, service: string) {
    this.balancer = balancerFor(options, service, 'ws://localhost:8888/chat');
    this.options = options;
  }

  /** Opens one channel; resolves once the socket is open. */
  protected async openChannel<C extends ChannelConnection>(
    Connection: new (
      spec: ClientChannelSpec,
      options: WsClientOptions,
      params: Record<string, unknown>,
      balancer?: Balancer,
    ) => C,
    spec: ClientChannelSpec,
    params: object,
  ): Promise<C> {
    const connection = new Connection(spec, this.options, params as Record<string, unknown>, this.balancer);
    await connection.ready;
    return connection;
  }
}

/** Loads `ws` only where there is no global WebSocket, or where headers must be sent; a bundler never sees it. */
async function webSocketConstructor(options: WsClientOptions): Promise<WebSocketConstructor> {
  if (options.WebSocket) return options.WebSocket;
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (global && !options.headers) return global;
  const specifier = 'ws';
  try {
    const module = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as {
      default: WebSocketConstructor;
    };
    return module.default;
  } catch {
    if (global)
      throw new TypeError(
        'this platform’s WebSocket cannot send headers: pass options.token instead of options.headers',
      );
    throw new TypeError('there is no WebSocket here: install the `ws` package, or pass options.WebSocket');
  }
}

function randomId(): string {
  const crypto = (
    globalThis as { crypto?: { randomUUID?: () => string; getRandomValues?: (a: Uint8Array) => Uint8Array } }
  ).crypto;
  if (crypto?.randomUUID) return crypto.randomUUID();
  // randomUUID needs a secure context in browsers; the id only has to be unique among this connection's requests.
  const bytes = crypto?.getRandomValues
    ? crypto.getRandomValues(new Uint8Array(16))
    : Uint8Array.from({ length: 16 }, () => Math.floor(Math.random() * 256));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
