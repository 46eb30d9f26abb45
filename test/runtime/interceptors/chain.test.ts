import { expect } from 'chai';
import { defineService, type Interceptor, type InterceptorContext } from 'limis/runtime';
import { actionChain } from '../../../runtime/interceptors/chain.js';

const step =
  (calls: string[], name: string): Interceptor =>
  async (_ctx, next) => {
    calls.push(name);
    await next();
    calls.push(`/${name}`);
  };

describe('actionChain', () => {
  it('runs the runtime’s interceptors, the checks, then the service’s, the component’s and the action’s, the action innermost', async () => {
    const calls: string[] = [];
    const service = defineService({
      name: 'demo',
      path: 'demo',
      interceptors: [step(calls, 'service')],
      componentInterceptors: { things: [step(calls, 'component')], other: [step(calls, 'other component')] },
      actionInterceptors: { getThing: [step(calls, 'action')], otherAction: [step(calls, 'other action')] },
    });
    const chain = actionChain(
      {
        runtime: [step(calls, 'runtime')],
        checks: [step(calls, 'authorization'), step(calls, 'validation')],
        service,
        component: 'things',
        action: 'getThing',
      },
      async () => {
        calls.push('getThing');
      },
    );
    await chain({ state: {} } as InterceptorContext);
    expect(calls).to.deep.equal([
      'runtime',
      'authorization',
      'validation',
      'service',
      'component',
      'action',
      'getThing',
      '/action',
      '/component',
      '/service',
      '/validation',
      '/authorization',
      '/runtime',
    ]);
  });
});
