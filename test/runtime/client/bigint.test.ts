import { expect } from 'chai';
import { type BigintShape, bigintJson } from 'limis/client/bigint';

const named: Record<string, BigintShape> = {
  Id: true,
  Node: { properties: { id: { ref: 'Id' }, children: { items: { ref: 'Node' } }, ['__proto__']: true } },
};

describe('bigintJson (runtime/client/bigint)', () => {
  it('reads marked integers as bigint at any size and depth, through refs and recursion', () => {
    const codec = bigintJson({ ref: 'Node' }, named);
    const text = '{"id":1,"count":2,"children":[{"id":9007199254740993,"children":[{"id":3,"children":[]}]}]}';
    expect(codec.parse(text)).to.deep.equal({
      id: 1n,
      count: 2,
      children: [{ id: 9007199254740993n, children: [{ id: 3n, children: [] }] }],
    });
  });

  it('leaves an unmarked integer beyond 2^53 as the rounded number JSON.parse makes of it, for the validator', () => {
    const codec = bigintJson({ properties: { id: true } });
    expect(codec.parse('{"id":9007199254740993,"other":9007199254740993,"list":[9007199254740993]}')).to.deep.equal({
      id: 9007199254740993n,
      other: 9007199254740992,
      list: [9007199254740992],
    });
  });

  it('keeps a declared __proto__ property as data, and the last of duplicate keys as JSON.parse does', () => {
    const value = bigintJson({ ref: 'Node' }, named).parse('{"__proto__":5,"id":1,"id":2}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).to.equal(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).to.equal(true);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).to.equal(5n);
    expect(value.id).to.equal(2n);
  });

  it('leaves what is not an integer alone where a bigint is expected, so the validator names it', () => {
    expect(bigintJson(true).parse('"12"')).to.equal('12');
    expect(bigintJson(true).parse('1.5')).to.equal(1.5);
    expect(bigintJson({ items: true }).parse('[1, null, 2]')).to.deep.equal([1n, null, 2n]);
  });

  it('writes bigints as JSON numbers, digit for digit', () => {
    expect(bigintJson(true).stringify({ a: 2n ** 63n - 1n, b: [1, 'x'] })).to.equal(
      '{"a":9223372036854775807,"b":[1,"x"]}',
    );
  });
});
