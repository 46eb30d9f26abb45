import { expect } from 'chai';
import { forEachObject, isDataKey, isJsonObject } from '../../generator/json-object.js';

describe('isJsonObject', () => {
  it('is true for a mapping only, never for null, a list or a scalar', () => {
    expect([{}, { a: 1 }, Object.create(null)].map(isJsonObject)).to.deep.equal([true, true, true]);
    expect([null, [], 'x', 1, undefined].map(isJsonObject)).to.deep.equal([false, false, false, false, false]);
  });
});

describe('isDataKey', () => {
  it('names the members that hold values, not schemas: examples, defaults, constants and extensions', () => {
    expect(['example', 'examples', 'default', 'const', 'x-anything'].every(isDataKey)).to.equal(true);
    expect(['properties', 'items', 'schema', 'content', 'format'].some(isDataKey)).to.equal(false);
  });
});

describe('forEachObject', () => {
  it('visits every object with its pointer, in document order, and skips what it is told to', () => {
    const seen: string[] = [];
    const root = { a: { b: [{ c: 1 }, 2, { d: { e: {} } }] }, 'x/y': {}, examples: { hidden: {} } };
    forEachObject(
      root,
      (_node, pointer) => seen.push(pointer),
      (key) => key === 'examples',
    );
    expect(seen).to.deep.equal(['', '/a', '/a/b/0', '/a/b/2', '/a/b/2/d', '/a/b/2/d/e', '/x~1y']);
  });

  it('walks a document nested deeper than the stack', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { next: deep };
    let count = 0;
    forEachObject(deep, () => count++);
    expect(count).to.equal(100_001);
  });
});
