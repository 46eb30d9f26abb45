import type { Span } from '@opentelemetry/api';
import type { PayloadKind } from '../common/media.js';
import type { ActionLogger } from '../handler.js';
import type { SecurityRequirement } from '../interceptors/authorize.js';
import type { Validator } from '../validator.js';

/** A WebSocket consumer as actions and push filters see it. */
export interface ConnectionInfo {
  /** Unique per runtime, for logs and filters. */
  id: string;
  /** The channel's id in the contract. */
  channel: string;
  /** Channel parameters parsed from the connection path (`rooms/{roomId}` → `{ roomId }`). */
  params: Record<string, unknown>;
  /** Headers of the upgrade request, lower-cased. */
  headers: Record<string, string | string[] | undefined>;
}

/** What a message action and interceptors see of the message they serve. */
export interface MessageContext<Principal = unknown> {
  transport: 'ws';
  /** Who the connection authenticated as, when its channel requires credentials. */
  principal?: Principal;
  /** The message's id, once the logging interceptor has run. */
  requestId?: string;
  /** A logger bound to this message's id, once the logging interceptor has run. */
  logger?: ActionLogger;
  service: string;
  component: string;
  /** The operation id. */
  action: string;
  /** The message's name in the contract. */
  message: string;
  connection: ConnectionInfo;
  state: Record<string, unknown>;
  /** The message's OpenTelemetry server span (see ActionContext.span). */
  span?: Span;
}

export type { PayloadKind };

export interface MessageSpec {
  kind: PayloadKind;
  validate: Validator;
  /** The schema declares a `__proto__` or `constructor` property, so payloads may carry those keys. */
  prototypeKeys?: true;
  /** The message's headers against their schema, when the contract declares headers (AsyncAPI `headers`). */
  headers?: Validator;
  /**
   * JSON pointer into the message (`{ headers, payload }`) where its correlation id lives, when the contract
   * declares one: `/payload/id` for `$message.payload#/id`, `/headers/id` for `$message.header#/id`.
   */
  correlation?: string;
}

export interface ReceiveSpec extends MessageSpec {
  operationId: string;
  component: string;
  /** Alternatives checked per message, against the credentials the connection brought. */
  security?: SecurityRequirement[];
  /** The message the action's return value is sent as; absent when the operation declares no reply. */
  reply?: string;
  /**
   * Calls the component method. Its input is typed by the generated glue (`{ params, headers?, payload }` of
   * this message); the runtime only passes what it has validated, hence `never` here.
   */
  invoke(input: never, context: MessageContext): Promise<unknown>;
}

/**
 * Generated glue for one AsyncAPI channel: its address, how its parameters are read, and every message it
 * carries each way. `frames: 'raw'` sends bare payloads (text frames for string payloads, JSON otherwise), since
 * the channel carries one message each way; `'envelope'` wraps each in `{ "message": name, "payload": … }`.
 */
export interface ChannelHandler {
  id: string;
  /** Address template below the service path (`rooms/{roomId}`). */
  address: string;
  frames: 'raw' | 'envelope';
  /** Alternatives checked when a consumer connects; one must pass for the upgrade to succeed. */
  security?: SecurityRequirement[];
  parseParams(params: Record<string, string>): Record<string, unknown>;
  validateParams: Validator;
  /** By message name: what the service accepts on this channel. */
  receives: Record<string, ReceiveSpec>;
  /** By message name: what the service sends (pushes and replies). */
  sends: Record<string, MessageSpec>;
}

/** Which consumers of a channel a push reaches: those whose channel parameters match, or those a predicate picks. */
export type PushTarget<Params> = Partial<Params> | ((connection: ConnectionInfo) => boolean);

export interface PushOptions<Params> {
  to?: PushTarget<Params>;
}

/** A push of a message that declares headers: they are validated and sent with it. */
export interface HeaderPushOptions<Params, Headers> extends PushOptions<Params> {
  headers: Headers;
}

/** What a sink is told with a push besides its target. */
export interface SinkPushOptions extends PushOptions<Record<string, unknown>> {
  /** The message's headers, validated, when it declares them. */
  headers?: Record<string, unknown>;
  /** The push came from another instance over the push bus. */
  fromBus?: boolean;
  /** The W3C trace context of the push's publish span, for a bus to carry to the other instances. */
  trace?: Record<string, string>;
}

/** Something that delivers pushed messages: a WebSocket server the service is mounted on. */
export interface PushSink {
  push(service: string, channel: string, message: string, payload: unknown, options: SinkPushOptions): number;
}
