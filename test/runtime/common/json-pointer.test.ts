import { expect } from 'chai';
import { readPointer, withCorrelationId, writePointer } from '../../../runtime/common/json-pointer.js';

describe('message pointers (runtime/common/json-pointer)', () => {
  it('reads own properties only, through escaped segments', () => {
    const message = { headers: { 'a/b': { '~id': 7 } }, payload: { id: 'p' } };
    expect(readPointer(message, '/headers/a~1b/~0id')).to.equal(7);
    expect(readPointer(message, '/payload/id')).to.equal('p');
    expect(readPointer(message, '')).to.equal(message);
    expect(readPointer(message, '/payload/toString')).to.equal(undefined);
    expect(readPointer(message, '/payload/id/length')).to.equal(undefined);
  });

  it('writes into a copy, leaving the caller’s object as it was, a `__proto__` key as data', () => {
    const message = { payload: { id: 'p', n: 1 } };
    const copy = writePointer(message, '/payload/id', 'q');
    expect(copy).to.deep.equal({ payload: { id: 'q', n: 1 } });
    expect(message.payload.id).to.equal('p');
    const hostile = writePointer({}, '/__proto__/id', 1) as Record<string, unknown>;
    expect(Object.getPrototypeOf(hostile)).to.equal(Object.prototype);
    expect(Object.hasOwn(hostile, '__proto__')).to.equal(true);
  });

  it('sets a correlation id only where an object holds it: a payload that is a number stays a number', () => {
    expect(withCorrelationId({ headers: {}, payload: 1 }, '/headers/requestId', 'r')).to.deep.equal({
      headers: { requestId: 'r' },
      payload: 1,
    });
    const bare = { payload: 5 };
    expect(withCorrelationId(bare, '/payload/id', 'r')).to.equal(bare);
    const list = { payload: [1] };
    expect(withCorrelationId(list, '/payload/id', 'r')).to.equal(list);
  });
});
