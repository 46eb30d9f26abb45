import { expect } from 'chai';
import { taggedUnion } from '../../../generator/emit/tagged-union.js';

/** JSON Schema's `{ if, then }`. */
const conditional = (condition: unknown, consequence: unknown) =>
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `then` keyword
  ({ if: condition, then: consequence });

const named: Record<string, unknown> = {
  Task: { type: 'object', properties: { kind: { type: 'string' } } },
  Note: { type: 'object', properties: { kind: { const: 'note' } } },
  Memo: { type: 'object', properties: { kind: { enum: ['memo'] } } },
};
const lookup = (name: string) => named[name];
const tag = (values: string[]) => ({ type: 'object', required: ['kind'], properties: { kind: { enum: values } } });

describe('taggedUnion', () => {
  it('checks the alternative a tag names: from the mapping, a pinned const or enum, else the schema name', () => {
    const union = {
      description: 'kept',
      oneOf: [
        { $ref: '#/components/schemas/Task' },
        { $ref: '#/components/schemas/Note' },
        { $ref: '#/components/schemas/Memo' },
        { type: 'object', properties: { kind: { const: 'inline' } } },
      ],
      discriminator: { propertyName: 'kind', mapping: { task: 'Task', todo: '#/components/schemas/Task' } },
    };
    expect(taggedUnion(union, lookup)).to.deep.equal({
      description: 'kept',
      discriminator: union.discriminator,
      allOf: [
        tag(['task', 'todo', 'note', 'memo', 'inline']),
        conditional(tag(['task', 'todo']), union.oneOf[0]),
        conditional(tag(['note']), union.oneOf[1]),
        conditional(tag(['memo']), union.oneOf[2]),
        conditional(tag(['inline']), union.oneOf[3]),
      ],
    });
  });

  it('keeps an existing allOf and reads anyOf as oneOf', () => {
    const union = {
      allOf: [{ required: ['id'] }],
      anyOf: [{ $ref: '#/components/schemas/Task' }],
      discriminator: { propertyName: 'kind' },
    };
    expect(taggedUnion(union, lookup)?.allOf).to.deep.equal([
      { required: ['id'] },
      tag(['Task']),
      conditional(tag(['Task']), union.anyOf[0]),
    ]);
  });

  it('without a discriminator, tags by a property every alternative requires and pins to a string of its own', () => {
    const union = {
      oneOf: [
        { type: 'object', required: ['id', 'type'], properties: { id: { type: 'string' }, type: { const: 'a' } } },
        { type: 'object', required: ['type'], properties: { type: { enum: ['b'] } } },
      ],
    };
    expect(taggedUnion(union, lookup)).to.deep.equal({
      allOf: [
        { type: 'object', required: ['type'], properties: { type: { enum: ['a', 'b'] } } },
        conditional({ type: 'object', required: ['type'], properties: { type: { enum: ['a'] } } }, union.oneOf[0]),
        conditional({ type: 'object', required: ['type'], properties: { type: { enum: ['b'] } } }, union.oneOf[1]),
      ],
    });
    // Pinned but not required: data without the property could still match that alternative, so no tag.
    const optional = { oneOf: [{ properties: { type: { const: 'a' } } }, union.oneOf[1]] };
    expect(taggedUnion(optional, lookup)).to.equal(undefined);
    expect(taggedUnion({ oneOf: [{ type: 'string' }, { type: 'integer' }] }, lookup)).to.equal(undefined);
  });

  it('leaves alone a union it cannot tag: an untagged inline alternative, a shared tag, no union, no discriminator', () => {
    const discriminator = { propertyName: 'kind' };
    for (const schema of [
      { oneOf: [{ $ref: '#/components/schemas/Task' }, { type: 'object' }], discriminator },
      { oneOf: [{ $ref: '#/components/schemas/Note' }, { properties: { kind: { const: 'note' } } }], discriminator },
      {
        oneOf: [{ $ref: '#/components/schemas/Task' }],
        discriminator: { propertyName: 'kind', mapping: { Task: 'Note' } },
      },
      { type: 'object', discriminator },
      { oneOf: [{ $ref: '#/components/schemas/Task' }] },
      { oneOf: [{ $ref: 'other.yaml#/Task' }], discriminator },
    ]) {
      expect(taggedUnion(schema, lookup), JSON.stringify(schema)).to.equal(undefined);
    }
  });
});
