import { expect } from 'chai';
import { isJsonObject } from '../../generator/json-object.js';

describe('isJsonObject', () => {
  it('is true for a mapping only, never for null, a list or a scalar', () => {
    expect([{}, { a: 1 }, Object.create(null)].map(isJsonObject)).to.deep.equal([true, true, true]);
    expect([null, [], 'x', 1, undefined].map(isJsonObject)).to.deep.equal([false, false, false, false, false]);
  });
});
