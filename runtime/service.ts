import { context, SpanKind } from '@opentelemetry/api';
import { LimisError } from './errors.js';
import type { Handler } from './handler.js';
import type { CorsOptions } from './http/cors.js';
import {
  type Authenticator,
  checkAuthenticator,
  type SecurityScheme,
  type Verifier,
} from './interceptors/authorize.js';
import type { CachePolicy } from './interceptors/cache-store.js';
import type { Interceptor } from './interceptors/compose.js';
import { pushSpan, traceCarrier } from './telemetry/tracing.js';
import { describeIssueList, messageIssues } from './validator.js';
import type { ChannelHandler, PushOptions, PushSink, SinkPushOptions } from './ws/channel.js';

/** Every optional member may be given as `undefined` (under `exactOptionalPropertyTypes` too): factories pass options through. */
export interface ServiceDefinition {
  /** As in the contract: `x-limis-service` or `info.title`. */
  name: string;
  /** Mount path below the context root: one or more URL segments (`petstore`, `v1/pets`). */
  path: string;
  /** HTTP operations (from an OpenAPI contract). */
  handlers?: Handler[] | undefined;
  /** WebSocket channels (from an AsyncAPI contract). */
  channels?: ChannelHandler[] | undefined;
  /** The contract, served at `<mount>/openapi.json` or `<mount>/asyncapi.json`. */
  contract?: Record<string, unknown> | undefined;
  /** Run around every action of the service, after the runtime's own. */
  interceptors?: Interceptor[] | undefined;
  /** Run around the actions of one component (by its property name), after the service's. */
  componentInterceptors?: Record<string, Interceptor[] | undefined> | undefined;
  /** Run around one action (by operation id), innermost. */
  actionInterceptors?: Record<string, Interceptor[] | undefined> | undefined;
  /** The contract's security schemes, by name. */
  securitySchemes?: Record<string, SecurityScheme> | undefined;
  /** The user's verifier for each security scheme the contract's operations require. */
  verifiers?: Record<string, Verifier<never> | undefined> | undefined;
  /** Cache policies by operation id, over the contract's `x-limis-cache`; `false` turns one off. */
  cache?: Record<string, CachePolicy | false | undefined> | undefined;
  /** Who may call this service from a page on another origin, over the runtime's `cors`; `false` lets no one. */
  cors?: CorsOptions | false | undefined;
}

export interface Service {
  readonly name: string;
  readonly path: string;
  readonly handlers: readonly Handler[];
  readonly channels: readonly ChannelHandler[];
  readonly contract?: Record<string, unknown>;
  readonly interceptors: readonly Interceptor[];
  readonly componentInterceptors: Readonly<Record<string, readonly Interceptor[] | undefined>>;
  readonly actionInterceptors: Readonly<Record<string, readonly Interceptor[] | undefined>>;
  readonly authenticator: Authenticator;
  readonly cache: Readonly<Record<string, CachePolicy | false | undefined>>;
  readonly cors?: CorsOptions | false;
  /**
   * Validates a message and sends it to the matching consumers of a channel on every WebSocket server the
   * service is mounted on; returns how many received it. Generated push controllers call this, typed.
   */
  publish(
    channel: string,
    message: string,
    payload: unknown,
    options?: PushOptions<Record<string, unknown>> & { headers?: Record<string, unknown> },
  ): number;
  /** Called by WebSocket servers as they mount and unmount the service. */
  attach(sink: PushSink): () => void;
}

/** URL path segments, none of them a dot segment (`.` or `..`), which every URL parser would resolve away. */
const SEGMENTS = /^(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+)*$/;

/** Every interceptor around one action, outermost first: service, then component, then action. */
export function interceptorsOf(service: Service, component: string, action: string): Interceptor[] {
  return [
    ...service.interceptors,
    ...(service.componentInterceptors[component] ?? []),
    ...(service.actionInterceptors[action] ?? []),
  ];
}

/** Checks a service once, when it is defined, so a mistake fails at start-up with a message that says what to fix. */
export function defineService(definition: ServiceDefinition): Service {
  const {
    name,
    path,
    handlers = [],
    channels = [],
    contract,
    interceptors = [],
    componentInterceptors = {},
    actionInterceptors = {},
  } = definition;
  const { securitySchemes = {}, verifiers = {}, cache = {} } = definition;
  if (typeof name !== 'string' || name === '') throw new TypeError('a service needs a non-empty name');
  if (typeof path !== 'string' || !SEGMENTS.test(path)) {
    throw new TypeError(
      `service "${name}": path must be URL segments such as "pets" or "v1/pets", got ${JSON.stringify(path)}`,
    );
  }
  if (!Array.isArray(handlers) || !Array.isArray(channels))
    throw new TypeError(`service "${name}": handlers and channels must be arrays`);
  unique(
    name,
    handlers.map((h) => `${h.method} ${h.path}`),
    'two handlers for',
  );
  unique(
    name,
    channels.map((c) => c.id),
    'two channels named',
  );
  const all = [interceptors, ...Object.values(componentInterceptors), ...Object.values(actionInterceptors)].flatMap(
    (list) => list ?? [],
  );
  for (const interceptor of all) {
    if (typeof interceptor !== 'function')
      throw new TypeError(`service "${name}": interceptors must be functions (ctx, next) => Promise<void>`);
  }
  const authenticator: Authenticator = {
    service: name,
    schemes: securitySchemes,
    verifiers: verifiers as Authenticator['verifiers'],
  };
  for (const handler of handlers)
    checkAuthenticator(authenticator, handler.security ?? [], `operation ${handler.operationId}`);
  for (const channel of channels) {
    checkAuthenticator(authenticator, channel.security ?? [], `channel ${channel.id}`);
    for (const spec of Object.values(channel.receives))
      checkAuthenticator(authenticator, spec.security ?? [], `operation ${spec.operationId}`);
  }
  for (const [operation, policy] of Object.entries(cache)) checkCachePolicy(name, operation, policy, handlers);
  const sinks = new Set<PushSink>();
  return {
    name,
    path,
    handlers: Object.freeze([...handlers]),
    channels: Object.freeze([...channels]),
    contract,
    interceptors: Object.freeze([...interceptors]),
    componentInterceptors,
    actionInterceptors,
    authenticator,
    cache,
    cors: definition.cors,
    publish(channel, message, payload, options = {}) {
      const spec = channels.find((c) => c.id === channel)?.sends[message];
      if (!spec) throw new TypeError(`service "${name}": channel "${channel}" sends no message "${message}"`);
      // A message that declares headers is always sent with them (none given: none, checked as such).
      const headers = spec.headers ? (options.headers ?? {}) : undefined;
      const issues = messageIssues(spec, { headers, payload });
      if (issues.length > 0)
        throw new LimisError(
          'LIMIS_ERR_INVALID_PUSH',
          `push of ${message} on ${channel} does not match the contract: ${describeIssueList(issues)}`,
        );
      // A producer span, child of the action that pushed; its context travels with the push over the bus.
      const span = pushSpan(SpanKind.PRODUCER, { service: name, channel, message }, context.active());
      const recording = span.isRecording();
      const sinkOptions: SinkPushOptions = { to: options.to, ...(headers && { headers }) };
      if (recording) sinkOptions.trace = traceCarrier(span);
      let delivered = 0;
      for (const sink of sinks) delivered += sink.push(name, channel, message, payload, sinkOptions);
      if (recording) span.setAttribute('limis.push.delivered', delivered).end();
      return delivered;
    },
    attach(sink) {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
  };
}

function checkCachePolicy(
  service: string,
  operation: string,
  policy: CachePolicy | false | undefined,
  handlers: readonly Handler[],
): void {
  const handler = handlers.find((h) => h.operationId === operation);
  if (!handler)
    throw new TypeError(`service "${service}": cache names operation "${operation}", which the service does not have`);
  if (policy === undefined || policy === false) return;
  if (handler.method !== 'GET')
    throw new TypeError(`service "${service}": only GET operations can be cached, not ${handler.method} ${operation}`);
  if (typeof policy !== 'object' || !Number.isFinite(policy.maxAge) || policy.maxAge < 0) {
    throw new TypeError(`service "${service}": cache.${operation} must be { maxAge: seconds, vary?: header names }`);
  }
}

function unique(service: string, keys: string[], what: string): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new TypeError(`service "${service}": ${what} ${key}`);
    seen.add(key);
  }
}
