import { randomUUID } from 'node:crypto';
import { type Logger, pino } from 'pino';
import { toProblem } from '../errors.js';
import { type ActionResult, isStreamBody } from '../handler.js';
import { givenRequestId } from '../http/request-id.js';
import type { Interceptor } from './compose.js';

export interface LoggingOptions {
  /** A pino logger; default: JSON lines on stdout at `info`. */
  logger?: Logger;
}

/**
 * One structured line per action: request id (the caller's `X-Request-Id` when it is sane, else a new one, echoed
 * on every HTTP response, errors included), method and path or channel and message, operation, status, cache hit or
 * miss, duration. Nothing from headers, query strings or bodies is logged, so credentials cannot leak into logs.
 * Registered on the runtime it is outermost, so it also logs the 401s, 400s and 304s of the built-in steps. While an
 * OpenTelemetry span records, each line carries its `trace_id` and `span_id`.
 */
export function loggingInterceptor(options: LoggingOptions = {}): Interceptor {
  const logger = options.logger ?? pino();
  return async (ctx, next) => {
    const started = performance.now();
    const requestId = (ctx.transport === 'http' ? givenRequestId(ctx.request.headers) : undefined) ?? randomUUID();
    ctx.requestId = requestId;
    // Joined to the trace when a span records, so a log line leads to its trace and back.
    const span = ctx.span?.isRecording() ? ctx.span.spanContext() : undefined;
    const ids = span ? { requestId, trace_id: span.traceId, span_id: span.spanId } : { requestId };
    ctx.logger = logger.child(ids);
    if (ctx.transport === 'http') ctx.responseHeaders['x-request-id'] = requestId;
    const where =
      ctx.transport === 'http'
        ? { method: ctx.request.method, path: ctx.request.path }
        : { channel: ctx.connection.channel, message: ctx.message, connection: ctx.connection.id };
    const line = { ...ids, transport: ctx.transport, service: ctx.service, operation: ctx.action, ...where };
    try {
      await next();
    } catch (error) {
      const problem = toProblem(error);
      logger[problem.status >= 500 ? 'error' : 'warn'](
        { ...line, status: problem.status, code: problem.code, ms: elapsed(started) },
        'action failed',
      );
      throw error;
    }
    const status =
      ctx.transport === 'http' ? (ctx.response?.status ?? (ctx.result as ActionResult | undefined)?.status) : undefined;
    const cache = ctx.state.cache;
    // Who called, when the principal names itself (a JWT's or a verifier's `sub`): never the credentials.
    const sub = (ctx.principal as { sub?: unknown } | undefined)?.sub;
    logger.info(
      {
        ...line,
        ...(status === undefined ? {} : { status }),
        ...(cache === undefined ? {} : { cache }),
        ...(typeof sub === 'string' ? { sub: sub.slice(0, 200) } : {}),
        ms: elapsed(started),
      },
      'action',
    );
    // A stream outlives its call: its end is a line of its own, with how it ended and how many items it carried.
    const body = ctx.transport === 'http' ? ctx.response?.body : undefined;
    if (isStreamBody(body))
      void body.finished.then(({ items, ended }) =>
        logger[ended === 'failed' ? 'warn' : 'info'](
          { ...line, status, items, ended, ms: elapsed(started) },
          'stream ended',
        ),
      );
  };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
