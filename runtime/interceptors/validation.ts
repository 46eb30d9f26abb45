import { LimisError } from '../errors.js';
import type { ActionContext } from '../handler.js';
import type { InputReader } from '../http/read-input.js';
import { messageIssues, type Validator } from '../validator.js';
import type { MessageContext } from '../ws/channel.js';
import type { Interceptor, InterceptorContext } from './compose.js';

/** Reads, coerces and validates every part of the request into `ctx.input`; placed after authorization, so the body is read only once the caller is admitted. */
export function requestValidation(readInput: InputReader): Interceptor {
  return async (ctx, next) => {
    ctx.input = await readInput((ctx as InterceptorContext & ActionContext).request);
    await next();
  };
}

/** A WebSocket message's headers and payload against their schemas: 400-class error frame listing each issue. */
export function messageValidation(validate: Validator, validateHeaders?: Validator): Interceptor {
  return async (ctx, next) => {
    const errors = messageIssues({ validate, headers: validateHeaders }, ctx.input as { payload: unknown });
    if (errors.length > 0) {
      const name = (ctx as InterceptorContext & MessageContext).message;
      throw new LimisError('LIMIS_ERR_VALIDATION', `message ${name} does not match the contract`, { errors });
    }
    await next();
  };
}
