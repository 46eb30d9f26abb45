import { expect } from 'chai';
import { schemaType } from '../../../generator/emit/schema-type.js';

const refName = (name: string) => `T.${name}`;

describe('schemaType', () => {
  const cases: Array<[unknown, string]> = [
    [{}, 'unknown'],
    [true, 'unknown'],
    [false, 'never'],
    [{ type: 'string' }, 'string'],
    [{ type: 'integer' }, 'number'],
    [{ type: ['string', 'null'] }, 'string | null'],
    [{ enum: ['a', 'b"c', 1, null] }, '"a" | "b\\"c" | 1 | null'],
    [{ const: 'x' }, '"x"'],
    [{ $ref: '#/components/schemas/Pet' }, 'T.Pet'],
    [{ $ref: '#/components/schemas/a~1b' }, 'T.a/b'],
    [{ type: 'array', items: { type: ['string', 'null'] } }, '(string | null)[]'],
    [{ type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false }, '[string, number]'],
    [{ oneOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] }, 'T.A | T.B'],
    [
      { allOf: [{ $ref: '#/components/schemas/A' }, { oneOf: [{ type: 'string' }, { type: 'number' }] }] },
      'T.A & (string | number)',
    ],
    [{ type: 'object', additionalProperties: { type: 'integer' } }, 'Record<string, number>'],
    [{ type: 'object' }, 'Record<string, unknown>'],
    [
      { type: 'object', required: ['a'], properties: { a: { type: 'string' }, 'b-c': { type: 'integer' } } },
      '{\n  a: string;\n  "b-c"?: number;\n}',
    ],
    [
      {
        type: 'object',
        properties: { a: { type: 'string', description: 'ends */ here' } },
        additionalProperties: true,
      },
      '{\n  /** ends *\\/ here */\n  a?: string;\n  [key: string]: unknown;\n}',
    ],
  ];
  for (const [schema, type] of cases) {
    it(`${JSON.stringify(schema)} → ${type.replace(/\n\s*/g, ' ')}`, () => {
      expect(schemaType(schema as never, refName)).to.equal(type);
    });
  }
});
