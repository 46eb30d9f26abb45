import { expect } from 'chai';
import { isPlainObject } from '../../../runtime/common/plain-object.js';

describe('isPlainObject (runtime/common/plain-object)', () => {
  it('takes mappings, and neither null, lists nor scalars', () => {
    expect([{}, { a: 1 }, Object.create(null)].map(isPlainObject)).to.deep.equal([true, true, true]);
    expect([null, [], [1], 'x', 1, undefined].map(isPlainObject)).to.deep.equal([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
