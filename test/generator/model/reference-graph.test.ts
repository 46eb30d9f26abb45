import { expect } from 'chai';
import { checkContract } from '../../../generator/generate.js';
import { formatProblem } from '../../../generator/load/problems.js';
import { checkReferenceCycles, dependencyOrder, largestCycle } from '../../../generator/model/reference-graph.js';
import type { NamedSchema } from '../../../generator/model/service-model.js';
import { recordingReporter } from '../../helpers/reporter.js';
import { repoRoot } from '../../helpers/workspace.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('checkReferenceCycles', () => {
  it('refuses, located, every cycle that never descends into a property or an item; a tree is fine', async () => {
    const { problems } = await checkContract('test/fixtures/invalid/reference-cycle.yaml', repoRoot);
    expect(problems.map((p) => formatProblem(p, repoRoot))).to.deep.equal([
      'test/fixtures/invalid/reference-cycle.yaml:17:5 error: schema "Alias" refers to itself without descending into a property or an item (Alias → AliasOfAlias → Alias): it describes no value, and validating it would never end (at #/components/schemas/Alias)',
      'test/fixtures/invalid/reference-cycle.yaml:21:5 error: schema "Either" refers to itself without descending into a property or an item (Either → Either): it describes no value, and validating it would never end (at #/components/schemas/Either)',
      'test/fixtures/invalid/reference-cycle.yaml:25:5 error: schema "Ring1" refers to itself without descending into a property or an item (Ring1, Ring2 and Ring3 refer to one another): it describes no value, and validating it would never end (at #/components/schemas/Ring1)',
    ]);
  });

  it('walks a chain of 20,000 schemas without recursion, and finds the cycle closing it', () => {
    const count = 20_000;
    const chain: NamedSchema[] = Array.from({ length: count }, (_, i) => ({
      name: `S${i}`,
      typeName: `S${i}`,
      schema: i + 1 < count ? { allOf: [ref(`S${i + 1}`)] } : { type: 'string' },
    }));
    const report = recordingReporter();
    checkReferenceCycles(chain, report);
    expect(report.lines).to.deep.equal([]);
    chain[count - 1] = { ...chain[count - 1]!, schema: ref('S0') };
    checkReferenceCycles(chain, report);
    expect(report.lines).to.have.length(1);
    expect(report.lines[0]).to.match(
      /^error \/components\/schemas\/S0: schema "S0" refers to itself .*S19999 refer to one another/,
    );
  });
});

describe('dependencyOrder and largestCycle', () => {
  const schema = (name: string, refs: string[]) => ({
    name,
    typeName: name,
    schema: { type: 'object', properties: Object.fromEntries(refs.map((r) => [r, ref(r)])) },
  });

  it('puts every schema after those it refers to, and with roots only what they reach', () => {
    const schemas = [schema('A', ['B', 'C']), schema('B', ['C']), schema('C', []), schema('D', ['A'])];
    expect(dependencyOrder(schemas).map((s) => s.name)).to.deep.equal(['C', 'B', 'A', 'D']);
    expect(dependencyOrder(schemas, [ref('B')]).map((s) => s.name)).to.deep.equal(['C', 'B']);
  });

  it('measures the largest cycle through any keyword, 1 when there is none', () => {
    expect(largestCycle([schema('A', ['B']), schema('B', [])])).to.equal(1);
    expect(largestCycle([schema('A', ['B']), schema('B', ['C']), schema('C', ['A']), schema('D', ['D'])])).to.equal(3);
  });
});
