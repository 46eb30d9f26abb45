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
});
