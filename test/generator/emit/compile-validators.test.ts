import { expect } from 'chai';
import { compileValidators, type ValidatorJob } from '../../../generator/emit/compile-validators.js';
import { compileValidatorsDeep } from '../../../generator/emit/compile-validators-deep.js';
import { componentRef } from '../../../generator/emit/validator-plan.js';

/** `count` named schemas, each an object whose `next` is the following one, the last pointing back at the first. */
function cycleJob(count: number): ValidatorJob {
  const components = Array.from({ length: count }, (_, i) => ({
    name: `Node${i}`,
    schema: { type: 'object', properties: { next: { $ref: componentRef(`Node${(i + 1) % count}`) } } },
    pointer: `/components/schemas/Node${i}`,
  }));
  return {
    components: components.reverse(),
    validators: [{ exportName: 'validateNode', schema: { $ref: componentRef('Node0') }, pointer: '/paths/~1n/put' }],
    reached: components.map((c) => c.name),
    unevaluated: false,
    dynamicRef: false,
  };
}

describe('compileValidators', () => {
  it('compiles a job into one standalone module exporting each validator', () => {
    const build = compileValidators(cycleJob(3));
    expect(build.failures).to.deep.equal([]);
    expect(build.exports).to.deep.equal(['validateNode']);
    expect(build.code).to.match(/export const validateNode = validate\d+;/);
  });

  it('reports a schema it cannot compile at its pointer, and leaves its validator out', () => {
    const job = cycleJob(1);
    job.validators.push({ exportName: 'validateBad', schema: { type: 'strin' }, pointer: '/paths/~1b/post' });
    const build = compileValidators(job);
    expect(build.failures).to.deep.equal([
      { pointer: '/paths/~1b/post', message: 'schema cannot be compiled: type must be JSONType or JSONType[]: strin' },
    ]);
    expect(build.exports).to.deep.equal(['validateNode']);
  });
});

describe('compileValidatorsDeep', () => {
  it('writes, on a worker, the same module the main thread writes', () => {
    expect(compileValidatorsDeep(cycleJob(5), 16)).to.deep.equal(compileValidators(cycleJob(5)));
  });

  // On the main thread a cycle of 300 already overflows the stack (and takes seconds to, once per schema).
  it('compiles a reference cycle of 1,000 schemas', function () {
    this.timeout(60_000);
    const build = compileValidatorsDeep(cycleJob(1000), 32);
    expect(build.failures).to.deep.equal([]);
    expect(build.exports).to.deep.equal(['validateNode']);
  });
});
