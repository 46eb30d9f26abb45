import { join } from 'node:path';
import { expect } from 'chai';
import { type OfficialSchemaVersion, officialSchemaProblems } from '../../../generator/load/official-schema.js';
import { readSourceFile, type SourceFile } from '../../../generator/load/source-file.js';
import { repoRoot } from '../../helpers/workspace.js';

async function problems(path: string, version: OfficialSchemaVersion): Promise<string[]> {
  const source = (await readSourceFile(join(repoRoot, path))) as SourceFile;
  return (await officialSchemaProblems(source, version)).map((p) => `${p.line}:${p.column} ${p.pointer} ${p.message}`);
}

describe('officialSchemaProblems', () => {
  it('reports each mistake once, located at the key or value the writer has to change', async () => {
    expect(await problems('test/fixtures/official-schema/mistakes.yaml', '3.1')).to.deep.equal([
      '2:1 /info missing required property "version" (OpenAPI 3.1 schema)',
      '10:11 /paths/~1things/get/parameters/0/in must be one of "query", "header", "path", "cookie" (OpenAPI 3.1 schema)',
      '14:9 /paths/~1things/get/responses/200 missing required property "description" (OpenAPI 3.1 schema)',
      '15:11 /paths/~1things/get/responses/200/descriptio property "descriptio" is not allowed here; an extension must start with "x-" (OpenAPI 3.1 schema)',
      '18:7 /paths/~1things/post/summary must be string (OpenAPI 3.1 schema)',
      // `in` is read by the apiKey branch, which failed for want of `name`: not reported as an unknown property.
      '24:5 /components/securitySchemes/key missing required property "name" (OpenAPI 3.1 schema)',
    ]);
  });

  it('merges the alternatives of a choice and leaves out the branches whose tag does not match', async () => {
    // ajv reports 14 errors for these two mistakes: every branch of `schema | content` and of the five schemes.
    expect(await problems('test/fixtures/official-schema/choices.yaml', '3.0')).to.deep.equal([
      '7:11 /paths/~1a/get/parameters/0 needs one of the properties "schema" or "content" (OpenAPI 3.0 schema)',
      '13:11 /components/securitySchemes/odd/type must be one of "apiKey", "http", "oauth2", "openIdConnect" (OpenAPI 3.0 schema)',
    ]);
  });

  it('checks Swagger 2.0 documents against the 2.0 schema, in the 2.0 file', async () => {
    // The 2.0 schema allows a type name or a list of them: the wrong type is the one mistake, not two.
    expect(await problems('test/fixtures/swagger/invalid.yaml', '2.0')).to.deep.equal([
      '25:15 /definitions/Pet/properties/name/type must be one of "array", "boolean", "integer", "null", "number", "object", "string" (Swagger 2.0 schema)',
    ]);
  });

  it('accepts the example contracts and the Swagger petstore', async () => {
    for (const [path, version] of [
      ['contracts/petstore.yaml', '3.0'],
      ['contracts/hello.yaml', '3.1'],
      ['contracts/chat.yaml', '3.1'],
      ['test/fixtures/swagger/petstore.yaml', '2.0'],
    ] as const)
      expect(await problems(path, version), path).to.deep.equal([]);
  });

  it('names a component whose name the specification does not allow', async () => {
    expect(await problems('test/fixtures/hostile/schema-names-collision.json', '3.1')).to.deep.equal([
      '20:7 /components/schemas/Pet Store name "Pet Store" must match pattern "^[a-zA-Z0-9._-]+$" (OpenAPI 3.1 schema)',
    ]);
  });
});
