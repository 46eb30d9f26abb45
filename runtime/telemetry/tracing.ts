import {
  type Attributes,
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
} from '@opentelemetry/api';
import { injectSpan, tracer } from '../client/opentelemetry.js';
import { toProblem } from '../errors.js';
import { givenRequestId } from '../http/request-id.js';
import { actionChain, type ChainParts } from '../interceptors/chain.js';
import type { Interceptor, InterceptorContext } from '../interceptors/compose.js';

export { tracer };

/** W3C trace context from node:http's lower-cased headers (an upgrade's, a request's). */
const headerGetter: TextMapGetter<Record<string, string | string[] | undefined>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key.toLowerCase()],
};

/** The trace a request or upgrade carries (`traceparent`, `tracestate`); the root context when it carries none. */
export function contextFromHeaders(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(ROOT_CONTEXT, headers, headerGetter);
}

/** The W3C trace context of `span`, as the headers or message fields that carry it to another process. */
export function traceCarrier(span: Span): Record<string, string> {
  const carrier: Record<string, string> = {};
  injectSpan(span, carrier);
  return carrier;
}

/**
 * A push's span, as HTTP and WebSocket actions publish it (`publish <channel>`, producer) and as another instance
 * delivers it from the bus (`deliver <channel>`, consumer), under `parent`.
 */
export function pushSpan(
  kind: SpanKind.PRODUCER | SpanKind.CONSUMER,
  push: { service: string; channel: string; message: string },
  parent: Context,
): Span {
  const producer = kind === SpanKind.PRODUCER;
  return tracer().startSpan(
    `${producer ? 'publish' : 'deliver'} ${push.channel}`,
    {
      kind,
      attributes: {
        'messaging.system': 'limis',
        'messaging.operation.type': producer ? 'send' : 'process',
        'messaging.destination.name': push.channel,
        'limis.service': push.service,
        'limis.message': push.message,
      },
    },
    parent,
  );
}

/**
 * Runs a call's chain under its server span: the traced chain (child spans) while the span records; the plain one
 * inside the span's context when it is sampled out but valid, so the calls the action makes carry the trace on; the
 * plain one alone without a span or an SDK.
 */
export function runInSpan(
  span: Span | undefined,
  ctx: InterceptorContext,
  plain: Chain,
  traced: () => Chain,
): Promise<void> {
  if (!span) return plain(ctx);
  if (span.isRecording()) return context.with(trace.setSpan(context.active(), span), () => traced()(ctx));
  if (trace.isSpanContextValid(span.spanContext()))
    return context.with(trace.setSpan(context.active(), span), () => plain(ctx));
  return plain(ctx);
}

/** The context a carrier from another process (a bus message) names; the root context for anything else. */
export function contextFromCarrier(carrier: unknown): Context {
  if (carrier === null || typeof carrier !== 'object') return ROOT_CONTEXT;
  const fields: Record<string, string> = {};
  for (const key of ['traceparent', 'tracestate']) {
    const value = (carrier as Record<string, unknown>)[key];
    if (typeof value === 'string' && value.length <= 512) fields[key] = value;
  }
  return propagation.extract(ROOT_CONTEXT, fields, headerGetter);
}

/**
 * Wraps a built-in check in a child span of the call's span that ends as soon as the check passes the call on, so
 * it measures the check alone, not everything inside it. Used only while the call's span records.
 */
function checkInSpan(name: string, check: Interceptor): Interceptor {
  return async (ctx, next) => {
    const parent = trace.setSpan(context.active(), ctx.span!);
    const span = tracer().startSpan(name, undefined, parent);
    let passed = false;
    try {
      await context.with(trace.setSpan(parent, span), () =>
        check(ctx, () => {
          passed = true;
          span.end();
          return context.with(parent, next);
        }),
      );
    } catch (error) {
      if (!passed) failSpan(span, error);
      throw error;
    } finally {
      if (!passed) span.end();
    }
  };
}

/** The action itself in a child span named by its operation id. */
function actionInSpan(
  name: string,
  action: (ctx: InterceptorContext) => Promise<void>,
): (ctx: InterceptorContext) => Promise<void> {
  return (ctx) => {
    const span = tracer().startSpan(name, undefined, trace.setSpan(context.active(), ctx.span!));
    return context.with(trace.setSpan(context.active(), span), async () => {
      try {
        await action(ctx);
      } catch (error) {
        failSpan(span, error);
        throw error;
      } finally {
        span.end();
      }
    });
  };
}

type Chain = (ctx: InterceptorContext) => Promise<void>;

/**
 * The one action chain again, each built-in check (by the name its span gets) and the action in child spans of the
 * call's span: what a call runs while its span records.
 */
export function tracedChain(
  parts: Omit<ChainParts, 'checks'>,
  checks: ReadonlyArray<readonly [name: string, checks: readonly Interceptor[]]>,
  action: Chain,
): Chain {
  return actionChain(
    { ...parts, checks: checks.flatMap(([name, list]) => list.map((check) => checkInSpan(name, check))) },
    actionInSpan(parts.action, action),
  );
}

/** Ends a call's recording server span with what the call turned out to be: who, cache, request id, failure. */
export function endCallSpan(span: Span, ctx: InterceptorContext, failure: unknown): void {
  span.setAttributes(callAttributes(ctx));
  if (failure !== undefined) failSpan(span, failure);
  span.end();
}

/** Marks a span failed: a 5xx, or an error whose problem status is one, records the exception; a 4xx is the caller's. */
export function failSpan(span: Span, error: unknown): void {
  const problem = toProblem(error);
  span.setAttribute('limis.error.code', problem.code);
  if (problem.status >= 500) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: problem.code });
  }
}

/** What every server span of a call ends with, whichever transport carried it: who called, cache, request id. */
function callAttributes(ctx: InterceptorContext): Attributes {
  const attributes: Attributes = {};
  const sub = (ctx.principal as { sub?: unknown } | undefined)?.sub;
  // Who called, when the principal names itself: never the credentials.
  if (typeof sub === 'string') attributes['enduser.id'] = sub.slice(0, 200);
  // The logging interceptor's id, else the one a gateway in front set.
  const requestId = ctx.requestId ?? (ctx.transport === 'http' ? givenRequestId(ctx.request.headers) : undefined);
  if (requestId !== undefined) attributes['limis.request_id'] = requestId;
  if (typeof ctx.state.cache === 'string') attributes['limis.cache'] = ctx.state.cache;
  return attributes;
}
