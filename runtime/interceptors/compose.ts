import type { ActionContext, ActionResult, RuntimeResponse } from '../handler.js';
import type { MessageContext } from '../ws/channel.js';

/**
 * What an interceptor sees: the action's context — an HTTP request (`transport: 'http'`) or a WebSocket message
 * (`transport: 'ws'`) — its validated input, and the result once `next()` returns.
 */
export type InterceptorContext = (ActionContext | MessageContext) & {
  input: unknown;
  /** An HTTP action's `{ status, body }`, or a message action's reply payload. */
  result?: ActionResult | unknown;
  /** HTTP: the response as it will be written, once the action's result is encoded (or a cache answered). */
  response?: RuntimeResponse;
};

/** Middleware around every action: call `next()` to go on, or set `ctx.result` (or throw) to answer instead. */
export type Interceptor = (ctx: InterceptorContext, next: () => Promise<void>) => Promise<void>;

/** koa-compose's shape: runs the chain in order, each around the next, the action innermost. */
export function composeInterceptors(
  interceptors: readonly Interceptor[],
  action: (ctx: InterceptorContext) => Promise<void>,
): (ctx: InterceptorContext) => Promise<void> {
  for (const interceptor of interceptors) {
    if (typeof interceptor !== 'function')
      throw new TypeError('an interceptor must be a function (ctx, next) => Promise<void>');
  }
  if (interceptors.length === 0) return action;
  // The common case — one step around the action — with one closure per call instead of one per level.
  if (interceptors.length === 1) {
    const only = interceptors[0]!;
    return (ctx) => {
      let called = false;
      return only(ctx, () => {
        if (called) return Promise.reject(new Error('next() called more than once in one interceptor'));
        called = true;
        return action(ctx);
      });
    };
  }
  return (ctx) => {
    let last = -1;
    const dispatch = async (index: number): Promise<void> => {
      if (index <= last) throw new Error('next() called more than once in one interceptor');
      last = index;
      const interceptor = interceptors[index];
      if (interceptor === undefined) return action(ctx);
      await interceptor(ctx, () => dispatch(index + 1));
    };
    return dispatch(0);
  };
}
