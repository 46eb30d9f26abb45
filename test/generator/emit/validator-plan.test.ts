import { expect } from 'chai';
import { componentRef, validationSchema } from '../../../generator/emit/validator-plan.js';

const none = () => undefined;
const MAX = Number.MAX_SAFE_INTEGER;

describe('validationSchema', () => {
  it('points component references at the compiled components, but leaves data (const, enum, examples) as written', () => {
    expect(
      validationSchema(
        {
          properties: { enum: { $ref: '#/components/schemas/Pet' } },
          const: { $ref: '#/components/schemas/Pet', format: 'sku' },
          examples: [{ $ref: 'x' }],
        },
        none,
        { sku: '^a$' },
      ),
    ).to.deep.equal({
      properties: { enum: { $ref: componentRef('Pet') } },
      const: { $ref: '#/components/schemas/Pet', format: 'sku' },
      examples: [{ $ref: 'x' }],
    });
  });

  it('checks a custom format as its pattern, beside the schema’s own', () => {
    expect(validationSchema({ type: 'string', format: 'sku', pattern: '^A' }, none, { sku: '^[A-Z]+$' })).to.deep.equal(
      {
        type: 'string',
        pattern: '^A',
        allOf: [{ pattern: '^[A-Z]+$' }],
      },
    );
  });

  it('bounds integers to what a JavaScript number holds exactly, unless the schema’s own bounds are tighter', () => {
    expect(validationSchema({ type: 'integer' }, none)).to.deep.equal({ type: 'integer', maximum: MAX, minimum: -MAX });
    expect(validationSchema({ type: ['integer', 'null'], minimum: 1 }, none)).to.deep.equal({
      type: ['integer', 'null'],
      minimum: 1,
      allOf: [{ maximum: MAX }],
    });
    expect(validationSchema({ type: 'integer', minimum: 0, exclusiveMaximum: 10 }, none)).to.deep.equal({
      type: 'integer',
      minimum: 0,
      exclusiveMaximum: 10,
    });
    expect(validationSchema({ type: 'number' }, none)).to.deep.equal({ type: 'number' });
  });
});
