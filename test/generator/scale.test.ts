import { join } from 'node:path';
import { expect } from 'chai';
import { generate } from '../../generator/index.js';
import { removeDir, scratchDir, writeFiles } from '../helpers/workspace.js';

const COUNT = 3000;

/**
 * 3,000 named schemas, each referring to the next and the last to the first (a chain closed into one cycle), and
 * 3,000 operations, each with a path parameter, a body and a response of one of those schemas.
 */
function scaleContract(): object {
  const schema = (i: number) => ({ $ref: `#/components/schemas/Node${i}` });
  const schemas = Object.fromEntries(
    Array.from({ length: COUNT }, (_, i) => [
      `Node${i}`,
      { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, next: schema((i + 1) % COUNT) } },
    ]),
  );
  const paths = Object.fromEntries(
    Array.from({ length: COUNT }, (_, i) => [
      `/nodes${i}/{id}`,
      {
        put: {
          operationId: `putNode${i}`,
          tags: [`group${i % 30}`],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          requestBody: { content: { 'application/json': { schema: schema(i) } } },
          responses: {
            '200': { description: 'Stored.', content: { 'application/json': { schema: schema(i) } } },
            '400': { description: 'Refused.' },
          },
        },
      },
    ]),
  );
  return { openapi: '3.1.0', info: { title: 'Scale', version: '1' }, paths, components: { schemas } };
}

describe('generation at scale: thousands of schemas and operations', () => {
  let dir: string;
  before(async () => {
    dir = await scratchDir('scale');
  });
  after(() => removeDir(dir));

  // Not a benchmark (npm run bench measures generation): a bound far above the seconds this takes, which recursion
  // by reference depth (a stack overflow per schema) or work quadratic in the schemas (minutes) would break.
  it(`a ${COUNT}-schema reference cycle and ${COUNT} operations generate cleanly within 120 s`, async function () {
    this.timeout(180_000);
    const file = join(dir, 'scale.json');
    await writeFiles('/', [{ path: file, text: JSON.stringify(scaleContract()) }]);
    const started = performance.now();
    const { files, problems, timings } = await generate({ contracts: [file], outDir: join(dir, 'out') });
    const seconds = (performance.now() - started) / 1000;
    expect(problems).to.deep.equal([]);
    expect(files.some((f) => f.path.endsWith('generated/validators.js'))).to.equal(true);
    expect(seconds, JSON.stringify(timings)).to.be.below(120);
  });
});
