import { LimisError } from '../errors.js';
import type { ActionContext } from '../handler.js';
import type { InputReader } from '../http/read-input.js';
import { type Validator, validationIssues } from '../validator.js';
import type { MessageContext } from '../ws/channel.js';
import type { Interceptor, InterceptorContext } from './compose.js';

/** Reads, coerces and validates every part of the request into `ctx.input`; placed after authorization, so the body is read only once the caller is admitted. */
export function requestValidation(readInput: InputReader): Interceptor {
  return async (ctx, next) => {
    ctx.input = await readInput((ctx as InterceptorContext & ActionContext).request);
    await next();
  };
}

/** A WebSocket message's payload against its schema: 400-class error frame listing each issue. */
export function messageValidation(validate: Validator): Interceptor {
  return async (ctx, next) => {
    const { payload } = ctx.input as { payload: unknown };
    if (!validate(payload)) {
      const name = (ctx as InterceptorContext & MessageContext).message;
      throw new LimisError('LIMIS_ERR_VALIDATION', `message ${name} does not match the contract`, {
        errors: validationIssues(validate, '/payload'),
      });
    }
    await next();
  };
}
