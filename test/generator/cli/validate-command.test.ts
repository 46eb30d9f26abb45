import { expect } from 'chai';
import { limis } from '../../helpers/cli.js';
import { repoRoot } from '../../helpers/workspace.js';

describe('limis validate', () => {
  it('accepts valid OpenAPI and AsyncAPI contracts', async () => {
    const result = await limis(
      ['validate', 'contracts/petstore.yaml', 'contracts/chat-events.asyncapi.yaml'],
      repoRoot,
    );
    expect(result).to.deep.equal({
      code: 0,
      stdout: 'contracts/petstore.yaml: valid OpenAPI 3.0\ncontracts/chat-events.asyncapi.yaml: valid AsyncAPI 3\n',
      stderr: '',
    });
  });

  it('prints every located error and exits 1', async () => {
    const result = await limis(
      [
        'validate',
        'contracts/hello.yaml',
        'test/fixtures/broken/unknown-ref.yaml',
        'test/fixtures/broken/asyncapi.yaml',
      ],
      repoRoot,
    );
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

  it('reports what generate would refuse: security schemes and requirements, cache and body-limit extensions', async () => {
    const result = await limis(['validate', 'test/fixtures/invalid/security.yaml'], repoRoot);
    expect(result.code).to.equal(1);
    const at = (line: string) => `test/fixtures/invalid/security.yaml:${line}`;
    expect(result.stderr.split('\n')).to.deep.equal([
      `${at('25:13')} error: mutualTLS is checked by the TLS layer in front of limis (a proxy or https server), not by limis; remove it from \`security\` or terminate TLS there (at #/components/securitySchemes/mtls/type)`,
      `${at('26:26')} error: an apiKey scheme needs \`in\`: header, query or cookie (at #/components/securitySchemes/key/in)`,
      `${at('27:12')} error: unknown security scheme type "kerberos"; use apiKey, http, oauth2 or openIdConnect (at #/components/securitySchemes/odd/type)`,
      `${at('4:5')} error: security scheme "nowhere" is not declared in components.securitySchemes (at #/security/0/nowhere)`,
      `${at('11:11')} error: security scheme "missing" is not declared in components.securitySchemes (at #/paths/~1a/get/security/0/missing)`,
      `${at('12:7')} error: x-limis-cache needs maxAge, a whole number of seconds (0 or more) (at #/paths/~1a/get/x-limis-cache)`,
      `${at('17:7')} error: \`security\` must be a list of security requirements (at #/paths/~1a/post/security)`,
      `${at('18:7')} error: only GET operations can be cached, not POST (at #/paths/~1a/post/x-limis-cache)`,
      `${at('19:7')} error: x-limis-body-limit must be a positive whole number of bytes (at #/paths/~1a/post/x-limis-body-limit)`,
      'limis: 1 contract with errors',
      '',
    ]);
  });

  it('reports schemas ajv cannot compile, located, as generate would', async () => {
    const result = await limis(['validate', 'test/fixtures/invalid/uncompilable-schema.yaml'], repoRoot);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include(
      'test/fixtures/invalid/uncompilable-schema.yaml:15:5 error: schema cannot be compiled: type must be JSONType or JSONType[]: strin (at #/components/schemas/Broken)',
    );
  });

  it('checks contracts against the official OpenAPI JSON Schema, leaving out what limis already reported', async () => {
    const result = await limis(['validate', 'test/fixtures/official-schema/mistakes.yaml'], repoRoot);
    expect(result.code).to.equal(1);
    const at = (line: string) => `test/fixtures/official-schema/mistakes.yaml:${line}`;
    expect(result.stderr.split('\n')).to.deep.equal([
      // limis's own messages for `info`, the apiKey scheme and `in` stand for the schema's at the same places.
      `${at('2:1')} error: \`info\` needs a \`title\` and a \`version\` (at #/info)`,
      `${at('24:5')} error: an apiKey scheme needs the \`name\` of its header, query parameter or cookie (at #/components/securitySchemes/key/name)`,
      `${at('10:11')} error: parameter "q" has \`in: qury\`; expected path, query, header or cookie (at #/paths/~1things/get/parameters/0/in)`,
      `${at('14:9')} error: missing required property "description" (OpenAPI 3.1 schema) (at #/paths/~1things/get/responses/200)`,
      `${at('15:11')} error: property "descriptio" is not allowed here; an extension must start with "x-" (OpenAPI 3.1 schema) (at #/paths/~1things/get/responses/200/descriptio)`,
      `${at('18:7')} error: must be string (OpenAPI 3.1 schema) (at #/paths/~1things/post/summary)`,
      'limis: 1 contract with errors',
      '',
    ]);
  });

  it('--json prints one object a machine can read', async () => {
    const result = await limis(['validate', '--json', 'test/fixtures/broken/swagger.json'], repoRoot);
    expect(result.code).to.equal(1);
    const report = JSON.parse(result.stdout);
    expect(report.ok).to.equal(false);
    expect(report.contracts[0].problems[0]).to.deep.include({
      severity: 'error',
      pointer: '/swagger',
      line: 2,
      column: 3,
    });
  });
});
