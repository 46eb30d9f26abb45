import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { PayloadKind } from './channel.js';
import type { ValidationIssue } from './errors.js';
import { readPointer, writePointer } from './json-pointer.js';
import { parsePathTemplate } from './path-template.js';

export interface WsClientOptions {
  /** Where the service's channels are: `ws://host:8888` plus context root and service path (`ws://localhost:8888/chat`). */
  baseUrl: string;
  /** Sent with the upgrade request. */
  headers?: Record<string, string>;
  /** Reconnect with exponential backoff when the connection drops (not when `close()` is called). Default: off. */
  reconnect?: false | { retries?: number; minDelay?: number; maxDelay?: number };
  /** How long `request…` methods wait for their reply, in ms. Default 10 000. */
  requestTimeout?: number;
}

export interface ClientMessageSpec {
  kind: PayloadKind;
  correlation?: string;
  /** For a message the client sends: the message its reply comes as. */
  reply?: string;
}

/** What a generated client knows of one channel, from the client's side: what it sends and what it receives. */
export interface ClientChannelSpec {
  address: string;
  frames: 'raw' | 'envelope';
  sends: Readonly<Record<string, ClientMessageSpec>>;
  receives: Readonly<Record<string, ClientMessageSpec>>;
}

/** An error frame from the server: the message it answers was not served. */
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
  timer: NodeJS.Timeout;
}

/**
 * One open channel. Generated per-channel subclasses add typed `send…`, `on…` and request methods on top of the
 * protected, untyped ones here.
 */
export class ChannelConnection {
  private socket!: WebSocket;
  private readonly handlers = new Map<string, Set<(payload: unknown) => void>>();
  private readonly errorHandlers = new Set<(error: WsRemoteError) => void>();
  private readonly pending: Pending[] = [];
  private readonly url: string;
  private closedByUser = false;
  private attempts = 0;
  /** Resolves once the socket is open (again, after a reconnect). */
  ready: Promise<void>;

  constructor(private readonly spec: ClientChannelSpec, private readonly options: WsClientOptions, params: Record<string, unknown>) {
    const path = parsePathTemplate(spec.address)
      .map((part) => ('literal' in part ? part.literal : encodeURIComponent(String(params[part.param]))))
      .join('');
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
    this.ready = this.connect();
  }

  /** Calls `handler` for every error frame, including those that also reject a request. */
  onError(handler: (error: WsRemoteError) => void): () => void {
    this.errorHandlers.add(handler);
    return () => this.errorHandlers.delete(handler);
  }

  /** Closes with 1000 and stops reconnecting; pending requests are rejected. */
  async close(): Promise<void> {
    this.closedByUser = true;
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close(1000);
    });
  }

  protected send(message: string, payload: unknown): void {
    if (this.socket.readyState !== WebSocket.OPEN) throw new Error(`cannot send ${message}: the connection to ${this.url} is not open`);
    this.socket.send(this.encode(message, payload));
  }

  /** Sends a message and resolves with its reply: matched by correlation id when the contract declares one, else in order. */
  protected request(message: string, payload: unknown): Promise<unknown> {
    const spec = this.spec.sends[message];
    if (!spec?.reply) throw new TypeError(`${message} declares no reply`);
    let body = payload;
    let id: unknown;
    if (spec.correlation !== undefined && body !== null && typeof body === 'object') {
      id = readPointer(body, spec.correlation);
      if (id === undefined) {
        id = randomUUID();
        body = writePointer(body, spec.correlation, id);
      }
    }
    const reply = spec.reply;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.forget(entry);
        reject(new Error(`no ${reply} reply to ${message} within ${this.options.requestTimeout ?? 10_000} ms`));
      }, this.options.requestTimeout ?? 10_000);
      const entry: Pending = { reply, id, resolve, reject, timer };
      this.pending.push(entry);
      try {
        this.send(message, body);
      } catch (error) {
        this.forget(entry);
        reject(error as Error);
      }
    });
  }

  protected on(message: string, handler: (payload: unknown) => void): () => void {
    let set = this.handlers.get(message);
    if (!set) this.handlers.set(message, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  private connect(): Promise<void> {
    const socket = new WebSocket(this.url, { headers: this.options.headers });
    this.socket = socket;
    socket.on('message', (data: Buffer) => this.receive(data.toString('utf8')));
    socket.on('close', () => this.dropped());
    return new Promise((resolve, reject) => {
      socket.once('open', () => {
        this.attempts = 0;
        resolve();
      });
      socket.once('unexpected-response', (_request, response) => reject(new Error(`${this.url} refused the connection: HTTP ${response.statusCode}`)));
      socket.once('error', reject);
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
    setTimeout(() => {
      if (this.closedByUser) return;
      this.ready = this.connect();
      this.ready.catch(() => {});
    }, delay).unref();
  }

  private receive(text: string): void {
    const error = asErrorFrame(text);
    if (error) {
      const remote = new WsRemoteError(error.error);
      const entry = this.pending.find((p) => error.correlationId === undefined || p.id === error.correlationId);
      if (entry) {
        this.forget(entry);
        entry.reject(remote);
      }
      for (const handler of this.errorHandlers) handler(remote);
      return;
    }
    const { message, payload } = this.decode(text);
    const spec = this.spec.receives[message];
    const id = spec?.correlation !== undefined ? readPointer(payload, spec.correlation) : undefined;
    const entry = this.pending.find((p) => p.reply === message && (p.id === undefined || p.id === id));
    if (entry) {
      this.forget(entry);
      entry.resolve(payload);
      return;
    }
    for (const handler of this.handlers.get(message) ?? []) handler(payload);
  }

  private forget(entry: Pending): void {
    clearTimeout(entry.timer);
    const index = this.pending.indexOf(entry);
    if (index >= 0) this.pending.splice(index, 1);
  }

  private encode(message: string, payload: unknown): string {
    if (this.spec.frames === 'envelope') return JSON.stringify({ message, payload });
    return this.spec.sends[message]?.kind === 'text' ? String(payload) : JSON.stringify(payload);
  }

  private decode(text: string): { message: string; payload: unknown } {
    if (this.spec.frames === 'envelope') return JSON.parse(text) as { message: string; payload: unknown };
    const message = Object.keys(this.spec.receives)[0] ?? '';
    return { message, payload: this.spec.receives[message]?.kind === 'text' ? text : JSON.parse(text) };
  }
}

/** Error frames are JSON objects with an `error` member (and maybe `correlationId`), on every channel. */
function asErrorFrame(text: string): { error: { code: string; detail: string; errors?: ValidationIssue[] }; correlationId?: unknown } | undefined {
  if (!text.startsWith('{"error":')) return undefined;
  try {
    const frame = JSON.parse(text);
    return frame && typeof frame.error === 'object' && typeof frame.error.code === 'string' ? frame : undefined;
  } catch {
    return undefined;
  }
}
