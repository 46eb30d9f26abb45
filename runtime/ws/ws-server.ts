import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { context, type Link, SpanKind, trace } from '@opentelemetry/api';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { encodeErrorFrame, encodeFrame, readEnvelope, type WireMessage } from '../client/frames.js';
import type { ClientFaultListener } from '../client-faults.js';
import { readPointer, withCorrelationId } from '../common/json-pointer.js';
import { parsePathTemplate } from '../common/path-template.js';
import { LimisError, PROBLEM_MEDIA_TYPE, type Problem, toProblem } from '../errors.js';
import { parseQuery } from '../http/query.js';
import { splitRequestTarget } from '../http/request-target.js';
import { mountPath } from '../http/routing.js';
import { type ConnectionAuth, messageAuthorization } from '../interceptors/authorization.js';
import { authorize } from '../interceptors/authorize.js';
import { actionChain } from '../interceptors/chain.js';
import type { Interceptor, InterceptorContext } from '../interceptors/compose.js';
import { messageValidation } from '../interceptors/validation.js';
import { checkJsonValue, mayHavePrototypeKeys, parseJsonText } from '../parse-json.js';
import type { Service } from '../service.js';
import type { ChannelMeter, RuntimeMetrics } from '../telemetry/metrics.js';
import { contextFromHeaders, endCallSpan, runInSpan, tracedChain, tracer } from '../telemetry/tracing.js';
import { describeIssueList, describeIssues, messageIssues } from '../validator.js';
import type {
  ChannelHandler,
  ConnectionInfo,
  MessageContext,
  MessageSpec,
  PushOptions,
  PushSink,
  ReceiveSpec,
  SinkPushOptions,
} from './channel.js';

export interface WsServerOptions {
  contextRoot: string;
  /** Largest frame accepted, in bytes; a larger one closes the socket with 1009. */
  maxPayload: number;
  /** How often sockets are pinged; one that has not answered the previous ping is terminated. */
  heartbeatInterval: number;
  /** Bytes a consumer may have queued before a push counts it as slow. */
  highWaterMark: number;
  /** A slow consumer misses pushes (`drop`) or is closed with 1013 (`close`). */
  slowConsumer: 'drop' | 'close';
  validateReplies: boolean;
  /** Messages one connection may send per window; past that they are refused, and past twice that the socket is closed. */
  messageRate: { messages: number; per: number } | false;
  interceptors: readonly Interceptor[];
  onError(error: unknown, connection: ConnectionInfo): void;
  /** Told of every client mistake that refused an upgrade or broke a socket: the server's own faults go to onError. */
  onClientFault: ClientFaultListener;
  /** A server span per message, linked to the trace the upgrade carried. */
  tracing: boolean;
  metrics?: RuntimeMetrics;
}

type Chain = (ctx: InterceptorContext) => Promise<void>;

interface Route {
  pattern: RegExp;
  names: string[];
  service: Service;
  channel: ChannelHandler;
  /** By message: the chain, and the same with each check and the action in a child span, for recording spans. */
  chains: Map<string, { plain: Chain; traced: () => Chain }>;
  /** `WS /chat/rooms/{roomId}`: what each message's span name starts with. */
  spanName: string;
  meter: ChannelMeter | undefined;
}

interface Connection {
  info: ConnectionInfo;
  socket: WebSocket;
  route: Route;
  alive: boolean;
  queue: Promise<void>;
  /** Messages received and not yet served; when none are, the next is served at once instead of queued. */
  inFlight: number;
  /** Messages received in the current rate window, and when it started. */
  received: number;
  windowStart: number;
  /** The trace the upgrade request carried, which each message's span links to. */
  upgradeLink: Link[] | undefined;
}

type WsContext = InterceptorContext & MessageContext;

/** A message decoded and on its way through its chain: its operation and context (its span, when tracing). */
interface Served {
  operation: string;
  ctx: WsContext;
}

let nextConnectionId = 1;

/**
 * Serves AsyncAPI channels over WebSocket: routes upgrades by path to a channel, runs each incoming message
 * through validation, the interceptors and its action, sends replies, and delivers pushes to the consumers of a
 * channel. A bad message gets an error frame on the same socket; the socket stays open.
 */
export class WsServer implements PushSink {
  private readonly wss: WebSocketServer;
  private readonly routes: Route[] = [];
  private readonly connections = new Set<Connection>();
  private readonly detach: Array<() => void> = [];
  private readonly heartbeat: NodeJS.Timeout;
  private readonly auth = new WeakMap<ConnectionInfo, ConnectionAuth>();
  /** By service and channel id: where pushes are counted. */
  private readonly meters = new Map<string, ChannelMeter>();

  constructor(
    services: readonly Service[],
    private readonly options: WsServerOptions,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload });
    for (const service of services) this.mount(service);
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatInterval);
    this.heartbeat.unref();
  }

  mount(service: Service): void {
    for (const channel of service.channels) {
      const mount = mountPath(this.options.contextRoot, service.path);
      const { pattern, names } = compileAddress(mount, channel.address);
      const chains = new Map(
        Object.entries(channel.receives).map(([message, spec]) => [message, this.chains(service, spec)]),
      );
      const meter = this.options.metrics?.channel(service.name, channel.id);
      if (meter) this.meters.set(meterKey(service.name, channel.id), meter);
      const spanName = `WS ${mount}/${channel.address.replace(/^\/+/, '')}`;
      this.routes.push({ pattern, names, service, channel, chains, spanName, meter });
    }
    if (service.channels.length > 0) this.detach.push(service.attach(this));
  }

  /**
   * Takes an HTTP upgrade; answers 404 for a path no channel serves, 400 for invalid channel parameters, and 401/403
   * when the channel's security is not met. A bearer token may come as `?access_token=`, since browsers cannot set
   * headers on a WebSocket (RFC 6750 §2.3).
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A client may reset while it is being refused or admitted: without a listener, that error would end the process.
    socket.on('error', (error: NodeJS.ErrnoException) =>
      this.clientFault(request, 'socket-error', error.code ?? error.message),
    );
    try {
      this.route(request, socket, head);
    } catch (error) {
      this.options.onError(error, { id: 'upgrade', channel: '', params: {}, headers: request.headers });
      refuseUpgrade(socket, error);
    }
  }

  private route(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = splitRequestTarget(request.url);
    if (!target) {
      this.clientFault(request, 'upgrade-target', 'the request-target is not a path');
      refuseUpgrade(
        socket,
        new LimisError(
          'LIMIS_ERR_BAD_REQUEST',
          'the request-target of a WebSocket upgrade must be a path (or an absolute URL)',
        ),
      );
      return;
    }
    const { path, search } = target;
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      const raw: Record<string, string> = Object.create(null);
      try {
        for (const [i, name] of route.names.entries()) raw[name] = decodeURIComponent(match[i + 1]!);
      } catch {
        refuseUpgrade(socket, new LimisError('LIMIS_ERR_VALIDATION', 'malformed channel parameter'));
        return;
      }
      const params = route.channel.parseParams(raw);
      if (!route.channel.validateParams(params)) {
        const issues = describeIssues(route.channel.validateParams, '/params');
        refuseUpgrade(socket, new LimisError('LIMIS_ERR_VALIDATION', `invalid channel parameters: ${issues}`));
        return;
      }
      const query = parseQuery(search);
      const token = query.access_token;
      const headers =
        request.headers.authorization === undefined && typeof token === 'string'
          ? { ...request.headers, authorization: `Bearer ${token}` }
          : request.headers;
      const auth: ConnectionAuth = { source: { headers, query }, verified: new Map(), principal: undefined };
      const requirements = route.channel.security ?? [];
      const admitted =
        requirements.length === 0
          ? Promise.resolve({ principal: undefined })
          : authorize(route.service.authenticator, requirements, auth.source, auth.verified);
      admitted.then(
        ({ principal }) => {
          auth.principal = principal;
          this.wss.handleUpgrade(request, socket, head, (ws) => this.open(ws, route, params, request, auth));
        },
        (error: unknown) => {
          if (!(error instanceof LimisError))
            this.options.onError(error, { id: 'upgrade', channel: route.channel.id, params, headers: request.headers });
          refuseUpgrade(socket, error);
        },
      );
      return;
    }
    refuseUpgrade(socket, new LimisError('LIMIS_ERR_NOT_FOUND', `no channel is served at ${path}`));
  }

  private clientFault(request: IncomingMessage, kind: string, detail: string): void {
    this.options.onClientFault({ transport: 'ws', kind, detail, remoteAddress: request.socket.remoteAddress });
  }

  push(serviceName: string, channelId: string, message: string, payload: unknown, options: SinkPushOptions): number {
    let frame: string | undefined;
    let delivered = 0;
    for (const connection of this.connections) {
      const { route, socket, info } = connection;
      if (route.service.name !== serviceName || route.channel.id !== channelId || !matches(info, options.to)) continue;
      if (socket.readyState !== socket.OPEN) continue;
      if (socket.bufferedAmount > this.options.highWaterMark) {
        const close = this.options.slowConsumer === 'close';
        if (close) socket.close(1013, 'slow consumer');
        route.meter?.slowConsumer(close ? 'closed' : 'dropped');
        continue;
      }
      frame ??= encode(route.channel, message, payload, options.headers);
      socket.send(frame);
      delivered++;
    }
    this.meters.get(meterKey(serviceName, channelId))?.pushed(message, options.fromBus ? 'bus' : 'local', delivered);
    return delivered;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Closes every socket with 1001 (going away), waiting up to `timeout` ms for them to close. */
  async close(timeout = 5000): Promise<void> {
    clearInterval(this.heartbeat);
    for (const undo of this.detach.splice(0)) undo();
    const closed = [...this.connections].map(
      ({ socket }) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === socket.CLOSED) return resolve();
          socket.once('close', () => resolve());
          socket.close(1001, 'server shutting down');
        }),
    );
    const timer = setTimeout(() => {
      for (const { socket } of this.connections) socket.terminate();
    }, timeout);
    await Promise.all(closed);
    clearTimeout(timer);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private open(
    socket: WebSocket,
    route: Route,
    params: Record<string, unknown>,
    request: IncomingMessage,
    auth: ConnectionAuth,
  ): void {
    const info: ConnectionInfo = {
      id: `ws-${nextConnectionId++}`,
      channel: route.channel.id,
      params,
      headers: request.headers,
    };
    const connection: Connection = {
      info,
      socket,
      route,
      alive: true,
      queue: Promise.resolve(),
      inFlight: 0,
      received: 0,
      windowStart: Date.now(),
      upgradeLink: this.upgradeLink(request),
    };
    this.auth.set(info, auth);
    this.connections.add(connection);
    route.meter?.opened();
    socket.on('pong', () => (connection.alive = true));
    socket.on('close', () => {
      this.connections.delete(connection);
      route.meter?.closed();
    });
    // ws reports a client's protocol mistakes (bad frames, oversize, invalid UTF-8) here, then closes the socket.
    socket.on('error', (error: NodeJS.ErrnoException) =>
      this.clientFault(request, 'ws-protocol', error.code ?? error.message),
    );
    socket.on('message', (data, isBinary) => {
      if (this.overRate(connection)) return;
      // Messages on one socket are served in order: each waits for the one before, unless there is none.
      const serve = () => this.receive(connection, data, isBinary).finally(() => connection.inFlight--);
      connection.queue = connection.inFlight++ === 0 ? serve() : connection.queue.then(serve);
    });
  }

  private async receive(connection: Connection, data: RawData, isBinary: boolean): Promise<void> {
    const { route, socket, info } = connection;
    const started = route.meter ? performance.now() : 0;
    let correlationId: unknown;
    let served: Served | undefined;
    let failure: unknown;
    try {
      // Every payload a contract can declare here is text or JSON, which WebSocket carries in text frames.
      if (isBinary)
        throw new LimisError(
          'LIMIS_ERR_UNSUPPORTED_MEDIA_TYPE',
          `channel ${route.channel.id} takes text frames; this one was binary`,
        );
      const text = Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8');
      const { message, headers, payload } = decode(route.channel, text);
      const spec = route.channel.receives[message]!;
      route.meter?.received(message);
      // Headers are read only for a message that declares them; absent, they are none (and checked as such).
      const received: WireMessage = spec.headers
        ? { headers: (headers ?? {}) as Record<string, unknown>, payload }
        : { payload };
      correlationId = spec.correlation ? readPointer(received, spec.correlation) : undefined;
      const span = this.options.tracing ? this.messageSpan(connection, spec, message) : undefined;
      const ctx: WsContext = {
        transport: 'ws',
        service: route.service.name,
        component: spec.component,
        action: spec.operationId,
        message,
        connection: info,
        principal: this.auth.get(info)?.principal,
        state: {},
        input: { params: info.params, ...received },
        result: undefined,
        span,
      };
      served = { operation: spec.operationId, ctx };
      const chains = route.chains.get(message)!;
      await runInSpan(span, ctx, chains.plain, chains.traced);
      if (spec.reply === undefined || ctx.result === undefined) return;
      const reply = route.channel.sends[spec.reply]!;
      let answer = replyMessage(ctx.result, reply, spec);
      // A reply carries its request's correlation id, whatever the action put there.
      if (reply.correlation && correlationId !== undefined)
        answer = withCorrelationId(answer, reply.correlation, correlationId);
      if (this.options.validateReplies) checkReply(answer, reply, spec);
      if (socket.readyState === socket.OPEN) {
        socket.send(encode(route.channel, spec.reply, answer.payload, answer.headers));
        route.meter?.sent('reply');
      }
    } catch (error) {
      failure = error;
      const problem = toProblem(error);
      if (problem.status >= 500) this.options.onError(error, info);
      sendError(socket, problem, correlationId);
      route.meter?.sent('error');
      if (error instanceof LimisError && error.code === 'LIMIS_ERR_UNAUTHORIZED')
        socket.close(1008, 'credentials expired');
    } finally {
      if (served) this.served(route, served, started, failure);
      else if (failure instanceof LimisError) route.meter?.unreadable(failure.code);
    }
  }

  /** A message's server span: a new trace (a socket lives far longer than one call), linked to its upgrade's. */
  private messageSpan(connection: Connection, spec: ReceiveSpec, message: string) {
    const { route, info } = connection;
    return tracer().startSpan(
      `${route.spanName} ${message}`,
      {
        kind: SpanKind.SERVER,
        links: connection.upgradeLink,
        attributes: {
          'network.protocol.name': 'websocket',
          'limis.service': route.service.name,
          'limis.component': spec.component,
          'limis.operation': spec.operationId,
          'limis.channel': route.channel.id,
          'limis.message': message,
          'limis.connection': info.id,
        },
      },
      context.active(),
    );
  }

  private upgradeLink(request: IncomingMessage): Link[] | undefined {
    if (!this.options.tracing) return undefined;
    const upgrade = trace.getSpanContext(contextFromHeaders(request.headers));
    return upgrade && trace.isSpanContextValid(upgrade) ? [{ context: upgrade }] : undefined;
  }

  /** A message served (or refused): its span ends, its duration and outcome are counted. */
  private served(route: Route, served: Served, started: number, error: unknown): void {
    const rejection = error instanceof LimisError && error.status < 500 ? error.code : undefined;
    const span = served.ctx.span;
    if (span?.isRecording()) endCallSpan(span, served.ctx, error);
    route.meter?.served(
      served.operation,
      (performance.now() - started) / 1000,
      rejection,
      error !== undefined && rejection === undefined,
    );
  }

  /** Counts a message against the connection's window: past the limit it is refused, past twice the limit the socket closes. */
  private overRate(connection: Connection): boolean {
    const rate = this.options.messageRate;
    if (!rate) return false;
    const now = Date.now();
    if (now - connection.windowStart >= rate.per) {
      connection.windowStart = now;
      connection.received = 0;
    }
    connection.received++;
    if (connection.received <= rate.messages) return false;
    if (connection.received > 2 * rate.messages) connection.socket.close(1008, 'message rate exceeded');
    else
      sendError(
        connection.socket,
        toProblem(
          new LimisError(
            'LIMIS_ERR_RATE_LIMITED',
            `more than ${rate.messages} messages in ${rate.per} ms; this one was dropped`,
          ),
        ),
      );
    return true;
  }

  /**
   * Runtime interceptors, then the built-in checks (credentials still valid, the operation's scopes, the payload),
   * then the service's; the traced variant, with each check and the action in a child span, is built when first used.
   */
  private chains(service: Service, spec: ReceiveSpec): { plain: Chain; traced: () => Chain } {
    const authorization = messageAuthorization(spec.security, service, (ctx) => this.auth.get(ctx.connection));
    const validation = messageValidation(spec.validate, spec.headers);
    const parts = {
      runtime: this.options.interceptors,
      checks: [...authorization, validation],
      service,
      component: spec.component,
      action: spec.operationId,
    };
    const action: Chain = async (ctx) => {
      ctx.result = await spec.invoke(ctx.input as never, ctx as WsContext);
    };
    let traced: Chain | undefined;
    return {
      plain: actionChain(parts, action),
      traced: () =>
        (traced ??= tracedChain(
          parts,
          [
            ['authorize', authorization],
            ['validate', [validation]],
          ],
          action,
        )),
    };
  }

  private beat(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }
}

/** `rooms/{roomId}` below `/ctx/chat` → a pattern over whole segments, a trailing slash allowed. */
function compileAddress(mount: string, address: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const body = parsePathTemplate(address.replace(/^\/+/, ''))
    .map((part) => {
      if ('literal' in part) return part.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.param);
      return '([^/]+)';
    })
    .join('');
  const prefix = mount.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { pattern: new RegExp(`^${prefix}/${body}/?$`), names };
}

function decode(channel: ChannelHandler, text: string): { message: string; headers?: unknown; payload: unknown } {
  const names = Object.keys(channel.receives);
  if (names.length === 0)
    throw new LimisError('LIMIS_ERR_UNKNOWN_MESSAGE', `channel ${channel.id} accepts no messages`);
  if (channel.frames === 'raw') {
    const message = names[0]!;
    const spec = channel.receives[message]!;
    return {
      message,
      payload:
        spec.kind === 'text' ? text : parseJsonText(text, 'the message', '/payload', spec.prototypeKeys === true),
    };
  }
  // The envelope's own keys are limis's; only its payload is checked against what the message declares.
  const envelope = parseJsonText(text, 'the message', '', true);
  const read = readEnvelope(envelope);
  if (!read)
    throw new LimisError(
      'LIMIS_ERR_UNKNOWN_MESSAGE',
      `frames on channel ${channel.id} are { "message": name, "payload": … } with one of: ${names.join(', ')}`,
    );
  const { message, headers, payload } = read;
  if (!Object.hasOwn(channel.receives, message)) {
    throw new LimisError(
      'LIMIS_ERR_UNKNOWN_MESSAGE',
      `channel ${channel.id} accepts no message "${message}"; it accepts: ${names.join(', ')}`,
    );
  }
  if (mayHavePrototypeKeys(text)) {
    if (channel.receives[message]!.prototypeKeys !== true)
      checkJsonValue(payload, 'the message payload', '/payload', true);
    if (headers !== undefined) checkJsonValue(headers, 'the message headers', '/headers', true);
  }
  return { message, headers, payload };
}

function encode(channel: ChannelHandler, message: string, payload: unknown, headers?: Record<string, unknown>): string {
  return encodeFrame(channel.frames, channel.sends[message]?.kind, message, payload, headers);
}

/** What an action returned as the message it is sent as: `{ headers, payload }` for a reply that declares headers. */
function replyMessage(result: unknown, reply: MessageSpec, spec: ReceiveSpec): WireMessage {
  if (!reply.headers) return { payload: result };
  if (result === null || typeof result !== 'object' || !('payload' in result))
    throw new LimisError(
      'LIMIS_ERR_INVALID_RESPONSE',
      `action ${spec.operationId} must reply with { headers, payload }: its ${spec.reply} declares headers`,
    );
  const { headers, payload } = result as { headers?: Record<string, unknown>; payload: unknown };
  return { headers: headers ?? {}, payload };
}

function checkReply(answer: WireMessage, reply: MessageSpec, spec: ReceiveSpec): void {
  const issues = messageIssues(reply, answer);
  if (issues.length > 0)
    throw new LimisError(
      'LIMIS_ERR_INVALID_RESPONSE',
      `action ${spec.operationId} replied with a ${spec.reply} that does not match the contract: ${describeIssueList(issues)}`,
    );
}

function meterKey(service: string, channel: string): string {
  return `${service}\u0000${channel}`;
}

function matches(info: ConnectionInfo, to: PushOptions<Record<string, unknown>>['to']): boolean {
  if (to === undefined) return true;
  if (typeof to === 'function') return to(info);
  // Own parameters only: a filter from another instance's push is data, and `__proto__` is no parameter.
  return Object.entries(to).every(
    ([key, value]) =>
      value === undefined || (Object.hasOwn(info.params, key) && String(info.params[key]) === String(value)),
  );
}

/** Answers an upgrade that opens no socket, with the same problem+json (and headers) as any HTTP error. */
export function refuseUpgrade(socket: Duplex, error: unknown): void {
  if (!socket.writable) return void socket.destroy();
  const problem = toProblem(error);
  const body = JSON.stringify(problem);
  const extra =
    error instanceof LimisError && error.headers
      ? Object.entries(error.headers)
          .map(([name, value]) => `${name}: ${value.replace(/[\r\n]/g, ' ')}\r\n`)
          .join('')
      : '';
  socket.end(
    `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: ${PROBLEM_MEDIA_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`,
  );
}

/** An error frame: `{ error: { code, detail, errors? }, correlationId? }`; the socket stays open. */
function sendError(socket: WebSocket, problem: Problem, correlationId?: unknown): void {
  if (socket.readyState !== socket.OPEN) return;
  socket.send(encodeErrorFrame(problem, correlationId));
}
