import { expect } from 'chai';
import { declaresPrototypeKeys } from '../../../generator/model/prototype-keys.js';
import type { JsonSchema, NamedSchema } from '../../../generator/model/service-model.js';

describe('declaresPrototypeKeys', () => {
  const schemas: NamedSchema[] = [
    { name: 'Plain', typeName: 'Plain', schema: { type: 'object', properties: { name: { type: 'string' } } } },
    { name: 'Ctor', typeName: 'Ctor', schema: { type: 'object', properties: { constructor: { type: 'object' } } } },
    // Parsed, as a contract is: in an object literal `__proto__` would set the prototype instead.
    { name: 'a/b', typeName: 'AB', schema: JSON.parse('{"properties":{"__proto__":{"type":"string"}}}') },
    { name: 'Loop', typeName: 'Loop', schema: { properties: { next: { $ref: '#/components/schemas/Loop' } } } },
  ];
  const cases: Array<[string, JsonSchema, boolean]> = [
    ['no properties', { type: 'string' }, false],
    ['ordinary properties', { $ref: '#/components/schemas/Plain' }, false],
    ['a recursive schema without them', { $ref: '#/components/schemas/Loop' }, false],
    ['constructor, through a $ref', { type: 'array', items: { $ref: '#/components/schemas/Ctor' } }, true],
    [
      '__proto__, through an escaped $ref',
      { oneOf: [{ $ref: '#/components/schemas/Plain' }, { $ref: '#/components/schemas/a~1b' }] },
      true,
    ],
    ['constructor inline', { properties: { x: { properties: { constructor: {} } } } }, true],
    ['the words only as a required name or enum value', { required: ['constructor'], enum: ['__proto__'] }, false],
  ];
  for (const [title, schema, expected] of cases) {
    it(`${title} → ${expected}`, () => {
      expect(declaresPrototypeKeys(schema, schemas)).to.equal(expected);
    });
  }

  it('follows a chain of 3,000 references, and a cycle, to the one schema that declares the key', () => {
    const chain: NamedSchema[] = Array.from({ length: 3000 }, (_, i) => ({
      name: `S${i}`,
      typeName: `S${i}`,
      schema:
        i === 2999
          ? { properties: { constructor: {} } }
          : {
              properties: {
                next: { $ref: `#/components/schemas/S${i + 1}` },
                back: { $ref: '#/components/schemas/S0' },
              },
            },
    }));
    expect(declaresPrototypeKeys({ $ref: '#/components/schemas/S0' }, chain)).to.equal(true);
    expect(declaresPrototypeKeys({ $ref: '#/components/schemas/S1500' }, chain)).to.equal(true);
    const cut = chain.map((s, i) => (i === 2999 ? { ...s, schema: { type: 'object' } } : s));
    expect(declaresPrototypeKeys({ $ref: '#/components/schemas/S0' }, cut)).to.equal(false);
  });
});
