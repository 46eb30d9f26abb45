import { expect } from 'chai';
import { bigintShapes, checkBigints, isBigintSchema } from '../../../generator/model/bigint.js';
import type { NamedSchema } from '../../../generator/model/service-model.js';
import { recordingReporter } from '../../helpers/reporter.js';

const named = (schemas: Record<string, unknown>): NamedSchema[] =>
  Object.entries(schemas).map(([name, schema]) => ({ name, typeName: name, schema: schema as NamedSchema['schema'] }));
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const big = { type: 'integer', 'x-limis-bigint': true };

describe('x-limis-bigint (generator/model/bigint)', () => {
  it('marks integer schemas only, null allowed beside', () => {
    expect(isBigintSchema(big)).to.equal(true);
    expect(isBigintSchema({ type: ['integer', 'null'], 'x-limis-bigint': true })).to.equal(true);
    expect(isBigintSchema({ type: 'integer' })).to.equal(false);
    expect(isBigintSchema({ type: ['integer', 'string'], 'x-limis-bigint': true })).to.equal(false);
  });

  it('refuses, located, a mark that is not a boolean, on what is not an integer, or where it is not supported', () => {
    const report = recordingReporter();
    const document = {
      components: {
        schemas: {
          A: { type: 'string', format: 'int64', 'x-limis-bigint': true },
          B: { type: 'integer', 'x-limis-bigint': 'yes' },
          C: { type: 'integer', 'x-limis-bigint': false },
          D: big,
          // An example is data: a key there that spells the extension marks nothing.
          E: { type: 'object', example: { 'x-limis-bigint': 'not a mark' } },
        },
      },
    };
    expect(checkBigints(document, report)).to.equal(true);
    expect(report.lines).to.deep.equal([
      'error /components/schemas/A/x-limis-bigint: x-limis-bigint: true marks integer schemas (`type: integer`, with `null` at most)',
      'error /components/schemas/B/x-limis-bigint: x-limis-bigint must be true or false',
    ]);
    const asyncReport = recordingReporter();
    checkBigints({ components: { schemas: { D: big } } }, asyncReport, 'AsyncAPI contracts');
    expect(asyncReport.lines).to.deep.equal([
      'error /components/schemas/D/x-limis-bigint: x-limis-bigint is not supported in AsyncAPI contracts yet',
    ]);
    expect(checkBigints({ components: { schemas: { C: { type: 'integer' } } } }, recordingReporter())).to.equal(false);
  });

  it('shapes named schemas through refs, items, maps and choices; a cycle that reaches no bigint is dropped', () => {
    const shapes = bigintShapes(
      named({
        Id: big,
        Tree: { type: 'object', properties: { id: ref('Id'), kids: { type: 'array', items: ref('Tree') } } },
        Plain: { type: 'object', properties: { next: ref('Other'), n: { type: 'integer' } } },
        Other: { type: 'object', properties: { back: ref('Plain') } },
        Map: { type: 'object', additionalProperties: { oneOf: [ref('Id'), { type: 'null' }] } },
      }),
    );
    expect(Object.fromEntries(shapes.named)).to.deep.equal({
      Id: true,
      Tree: { properties: { id: { ref: 'Id' }, kids: { items: { ref: 'Tree' } } } },
      Map: { additional: { all: [{ ref: 'Id' }] } },
    });
    expect(shapes.of(ref('Plain'))).to.equal(undefined);
    expect(shapes.of({ type: 'array', items: ref('Tree') })).to.deep.equal({ items: { ref: 'Tree' } });
  });

  it('follows a chain of thousands of refs without recursing down it', () => {
    const schemas: Record<string, unknown> = { S0: big };
    for (let i = 1; i <= 5000; i++) schemas[`S${i}`] = { type: 'object', properties: { next: ref(`S${i - 1}`) } };
    const shapes = bigintShapes(named(schemas));
    expect(shapes.named.size).to.equal(5001);
    expect(shapes.of(ref('S5000'))).to.deep.equal({ ref: 'S5000' });
  });
});
