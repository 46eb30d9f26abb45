import { expect } from 'chai';
import { type InterceptorContext, LimisError, type Validator } from 'limis/runtime';
import { messageValidation, requestValidation } from '../../../runtime/interceptors/validation.js';

/** A validator of `{ n: number }` with ajv's error shape. */
const numbers: Validator = Object.assign(
  (value: unknown) => {
    const ok = typeof (value as { n?: unknown })?.n === 'number';
    numbers.errors = ok ? null : [{ instancePath: '/n', keyword: 'type', params: {}, message: 'must be number' }];
    return ok;
  },
  { errors: null as Validator['errors'] },
);

describe('interceptors/validation', () => {
  it('messageValidation passes a valid payload on, and refuses an invalid one with every issue under /payload', async () => {
    let reached = 0;
    const next = async () => {
      reached++;
    };
    const ctx = (payload: unknown) =>
      ({ message: 'sum', input: { payload }, state: {} }) as unknown as InterceptorContext;
    await messageValidation(numbers)(ctx({ n: 1 }), next);
    const error = await messageValidation(numbers)(ctx({ n: 'x' }), next).catch((e: unknown) => e);
    expect(reached).to.equal(1);
    expect(error).to.be.instanceOf(LimisError);
    expect((error as LimisError).message).to.equal('message sum does not match the contract');
    expect((error as LimisError).errors).to.deep.equal([{ pointer: '/payload/n', message: 'must be number' }]);
  });

  it('requestValidation puts what the reader returns into ctx.input before next()', async () => {
    const ctx = { request: { path: '/x' }, state: {} } as unknown as InterceptorContext;
    let seen: unknown;
    await requestValidation(async (request) => ({ path: request.path }))(ctx, async () => {
      seen = ctx.input;
    });
    expect(seen).to.deep.equal({ path: '/x' });
  });
});
