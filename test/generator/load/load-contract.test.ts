import { join } from 'node:path';
import { expect } from 'chai';
import { ContractError, loadContract } from '../../../generator/index.js';
import { repoRoot } from '../../helpers/workspace.js';

const fixture = (path: string) => join(repoRoot, 'test/fixtures', path);

async function loadOpenApi(path: string) {
  const contract = await loadContract(path);
  if (contract.kind !== 'openapi') throw new Error(`${path} is not OpenAPI`);
  return contract;
}

async function problemsOf(path: string): Promise<string[]> {
  try {
    await loadContract(fixture(path));
  } catch (error) {
    expect(error).to.be.instanceOf(ContractError);
    return (error as ContractError).message.split('\n');
  }
  throw new Error(`${path} loaded without errors`);
}

describe('loadContract', () => {
  it('keeps a specification extension beside the paths as data: no $ref inside it is followed', async () => {
    const contract = await loadOpenApi(fixture('lenient/paths-extension.yaml'));
    const paths = contract.document.paths as Record<string, unknown>;
    expect(paths['x-tooling']).to.deep.equal({ $ref: './nowhere.yaml' });
    expect(Object.keys(paths)).to.deep.equal(['x-tooling', '/ping']);
  });

  it('bundles a contract split over several files: schemas hoisted by name, everything else inlined', async () => {
    const contract = await loadOpenApi(fixture('split/api.yaml'));
    expect(contract.version).to.equal('3.1');
    const schemas = (contract.document.components as { schemas: Record<string, unknown> }).schemas;
    expect(Object.keys(schemas)).to.deep.equal(['Tree', 'animal', 'Person', 'Problem']);
    const path = (contract.document.paths as Record<string, any>)['/animals/{animalId}'];
    expect(path.parameters[0]).to.deep.equal({
      name: 'animalId',
      in: 'path',
      required: true,
      schema: { type: 'integer' },
    });
    expect(path.get.responses['404'].content['application/json'].schema).to.deep.equal({
      $ref: '#/components/schemas/Problem',
    });
    expect((schemas.animal as any).properties.keeper).to.deep.equal({ $ref: '#/components/schemas/Person' });
  });

  it('keeps a recursive schema in another file recursive, under the name the contract gives it', async () => {
    const contract = await loadOpenApi(fixture('split/api.yaml'));
    const tree = (contract.document.components as any).schemas.Tree;
    expect(tree.properties.children.items).to.deep.equal({ $ref: '#/components/schemas/Tree' });
  });

  it('locates a pointer of the bundled document in the file the user wrote', async () => {
    const contract = await loadOpenApi(fixture('split/api.yaml'));
    expect(contract.locate('/components/schemas/Person/properties/name')).to.deep.equal({
      file: fixture('split/schemas/common.yaml'),
      pointer: '/Person/properties/name',
      line: 4,
      column: 5,
    });
  });

  it('reports every unresolvable $ref with file, line:column and pointer', async () => {
    expect(await problemsOf('broken/unknown-ref.yaml')).to.deep.equal([
      'test/fixtures/broken/unknown-ref.yaml:15:17 error: $ref "#/components/schemas/Thing" points at a schema that does not exist: no "Thing" in components.schemas (at #/paths/~1things/get/responses/200/content/application~1json/schema/$ref)',
      'test/fixtures/broken/unknown-ref.yaml:21:17 error: cannot resolve $ref "./nowhere.yaml#/Problem": nowhere.yaml does not exist (at #/paths/~1things/get/responses/404/content/application~1json/schema/$ref)',
    ]);
  });

  it('reports malformed YAML at its line and column', async () => {
    expect(await problemsOf('broken/malformed.yaml')).to.deep.equal([
      'test/fixtures/broken/malformed.yaml:8:1 error: malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('locates what it refuses about a whole file: an empty file or a list at 1:1, an alias bomb at its first alias', async () => {
    expect(await problemsOf('broken/empty.yaml')).to.deep.equal([
      'test/fixtures/broken/empty.yaml:1:1 error: a contract must be a YAML or JSON object; the file is empty',
    ]);
    expect(await problemsOf('broken/list.yaml')).to.deep.equal([
      'test/fixtures/broken/list.yaml:1:1 error: a contract must be a YAML or JSON object; it is a list',
    ]);
    expect(await problemsOf('broken/alias-bomb.yaml')).to.deep.equal([
      'test/fixtures/broken/alias-bomb.yaml:2:8 error: cannot read contract: Excessive alias count indicates a resource exhaustion attack (its aliases start here)',
    ]);
  });

  it('refuses a .json contract that is not strict JSON (comments, trailing commas, empty), located, instead of reading it as YAML', async () => {
    const strict = 'a .json contract must be strict JSON (no comments or trailing commas: write YAML for those)';
    expect(await problemsOf('broken/lenient.json')).to.deep.equal([
      `test/fixtures/broken/lenient.json:3:3 error: malformed JSON: Expected double-quoted property name; ${strict}`,
    ]);
    expect(await problemsOf('broken/trailing-comma.json')).to.deep.equal([
      `test/fixtures/broken/trailing-comma.json:3:43 error: malformed JSON: Expected double-quoted property name; ${strict}`,
    ]);
    expect(await problemsOf('broken/empty.json')).to.deep.equal([
      `test/fixtures/broken/empty.json:1:1 error: malformed JSON: Unexpected end of JSON input (the file is empty); ${strict}`,
    ]);
  });

  it('refuses a Swagger version before 2.0', async () => {
    expect(await problemsOf('broken/swagger.json')).to.deep.equal([
      'test/fixtures/broken/swagger.json:2:3 error: unsupported Swagger version "1.2": limis reads 2.0 (at #/swagger)',
    ]);
  });

  it('reports a missing entry file', async () => {
    expect(await problemsOf('broken/absent.yaml')).to.deep.equal([
      'test/fixtures/broken/absent.yaml error: cannot read contract: file not found',
    ]);
  });

  it('reports AsyncAPI problems found by @asyncapi/parser at their line and column', async () => {
    expect(await problemsOf('broken/asyncapi.yaml')).to.deep.equal([
      'test/fixtures/broken/asyncapi.yaml:2:6 error: "info" property must have required property "version" (at #/info)',
      'test/fixtures/broken/asyncapi.yaml:13:13 error: "action" property must be equal to one of the allowed values: "send", "receive" (at #/operations/publishStory/action)',
    ]);
  });
});
