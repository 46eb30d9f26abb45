import { expect } from 'chai';
import { limis } from '../../helpers/cli.js';
import { repoRoot } from '../../helpers/workspace.js';

describe('limis validate', () => {
  it('accepts valid OpenAPI and AsyncAPI contracts', async () => {
    const result = await limis(['validate', 'contracts/petstore.yaml', 'contracts/chat-events.asyncapi.yaml'], repoRoot);
    expect(result).to.deep.equal({
      code: 0,
      stdout: 'contracts/petstore.yaml: valid OpenAPI 3.0\ncontracts/chat-events.asyncapi.yaml: valid AsyncAPI 3\n',
      stderr: '',
    });
  });

  it('prints every located error and exits 1', async () => {
    const result = await limis(['validate', 'contracts/hello.yaml', 'test/fixtures/broken/unknown-ref.yaml', 'test/fixtures/broken/asyncapi.yaml'], repoRoot);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal('contracts/hello.yaml: valid OpenAPI 3.1\n');
    expect(result.stderr.split('\n')).to.deep.equal([
      'test/fixtures/broken/unknown-ref.yaml:15:17 error: $ref "#/components/schemas/Thing" points at a schema that does not exist: no "Thing" in components.schemas (at #/paths/~1things/get/responses/200/content/application~1json/schema/$ref)',
      'test/fixtures/broken/unknown-ref.yaml:21:17 error: cannot resolve $ref "./nowhere.yaml#/Problem": nowhere.yaml does not exist (at #/paths/~1things/get/responses/404/content/application~1json/schema/$ref)',
      'test/fixtures/broken/asyncapi.yaml:2:6 error: "info" property must have required property "version" (at #/info)',
      'test/fixtures/broken/asyncapi.yaml:13:13 error: "action" property must be equal to one of the allowed values: "send", "receive" (at #/operations/publishStory/action)',
      'limis: 2 contracts with errors',
      '',
    ]);
  });

  it('--json prints one object a machine can read', async () => {
    const result = await limis(['validate', '--json', 'test/fixtures/broken/swagger.json'], repoRoot);
    expect(result.code).to.equal(1);
    const report = JSON.parse(result.stdout);
    expect(report.ok).to.equal(false);
    expect(report.contracts[0].problems[0]).to.deep.include({ severity: 'error', pointer: '/swagger', line: 2, column: 3 });
  });
});
