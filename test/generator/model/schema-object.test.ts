import { fullFormats } from 'ajv-formats/dist/formats.js';
import { expect } from 'chai';
import { KNOWN_FORMATS } from '../../../generator/contract-tables.js';
import { schemaObject } from '../../../generator/model/schema-object.js';
import type { Reporter } from '../../../generator/model/service-model.js';
import { recordingReporter } from '../../helpers/reporter.js';

const silent: Reporter = { error: () => {}, warning: () => {} };

describe('schemaObject', () => {
  const cases: Array<[string, '3.0' | '3.1', unknown, unknown]> = [
    ['3.0 nullable → type array', '3.0', { type: 'string', nullable: true }, { type: ['string', 'null'] }],
    [
      '3.0 nullable enum gains null',
      '3.0',
      { type: 'string', enum: ['a'], nullable: true },
      { type: ['string', 'null'], enum: ['a', null] },
    ],
    [
      '3.0 nullable $ref → anyOf with null',
      '3.0',
      { $ref: '#/components/schemas/A', nullable: true },
      { anyOf: [{ $ref: '#/components/schemas/A' }, { type: 'null' }] },
    ],
    [
      '3.0 siblings of $ref are ignored',
      '3.0',
      { $ref: '#/components/schemas/A', description: 'x' },
      { $ref: '#/components/schemas/A' },
    ],
    [
      '3.0 boolean exclusiveMinimum → number',
      '3.0',
      { type: 'number', minimum: 1, exclusiveMinimum: true },
      { type: 'number', exclusiveMinimum: 1 },
    ],
    ['3.0 example → examples', '3.0', { type: 'string', example: 'x' }, { type: 'string', examples: ['x'] }],
    [
      'nested schemas are converted too',
      '3.0',
      { type: 'object', properties: { a: { type: 'integer', nullable: true } } },
      { type: 'object', properties: { a: { type: ['integer', 'null'] } } },
    ],
    [
      '3.1 passes through',
      '3.1',
      { type: ['string', 'null'], $ref: '#/components/schemas/A', description: 'kept' },
      { type: ['string', 'null'], $ref: '#/components/schemas/A', description: 'kept' },
    ],
  ];
  for (const [title, version, input, output] of cases) {
    it(title, () => expect(schemaObject(input, version, '', silent)).to.deep.equal(output));
  }

  it('reports a schema that is not an object at its pointer', () => {
    const errors: string[] = [];
    schemaObject({ properties: { a: 5 } }, '3.1', '/components/schemas/X', {
      error: (p, m) => errors.push(`${p} ${m}`),
      warning: () => {},
    });
    expect(errors).to.deep.equal(['/components/schemas/X/properties/a a schema must be an object']);
  });

  it('reads a schema nested one level too deep under `type` as that schema, with a located warning', () => {
    const report = recordingReporter();
    const nested = { description: 'Kind.', type: { type: 'string', enum: ['a', 'b'], nullable: true } };
    expect(schemaObject(nested, '3.0', '/components/schemas/K', report)).to.deep.equal({
      description: 'Kind.',
      type: ['string', 'null'],
      enum: ['a', 'b', null],
    });
    expect(report.lines).to.deep.equal([
      'warning /components/schemas/K/type: `type` holds a schema object, not a type name (a schema nested one level too deep); it is read as that schema',
    ]);
  });

  it('leaves out, with a located warning, a pattern that is not a string', () => {
    const report = recordingReporter();
    expect(schemaObject({ type: 'string', pattern: 0 }, '3.0', '/components/schemas/T', report)).to.deep.equal({
      type: 'string',
    });
    expect(report.lines).to.deep.equal([
      'warning /components/schemas/T/pattern: pattern must be a string (a regular expression); 0 is not enforced',
    ]);
  });

  it('knows exactly ajv-formats’ formats, OpenAPI’s included', () => {
    expect([...KNOWN_FORMATS].sort()).to.deep.equal(Object.keys(fullFormats).sort());
  });
});
