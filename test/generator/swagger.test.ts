import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { generate } from '../../generator/index.js';
import { serve } from '../helpers/serve.js';
import { removeDir, repoRoot, scratchDir, typeCheck, writeFiles } from '../helpers/workspace.js';

const legacy = join(repoRoot, 'test/fixtures/swagger/petstore.yaml');

/** The stub the user writes for the converted contract: typed by it, so it compiles only if the conversion is right. */
const implementation = `import type { PetsComponent } from './generated/component.js';
import type { Pet } from './generated/types.js';

const pets = new Map<number, Pet>();
export const pets_: PetsComponent = {
  async listPets({ query }) {
    const limit: number = query.limit;
    const all = [...pets.values()].filter((p) => !query.tag || query.tag.includes(p.tag ?? ''));
    return { status: 200, body: all.slice(0, limit) };
  },
  async addPet({ body, headers }) {
    const pet: Pet = { ...body, id: pets.size + 1, tag: body.tag ?? headers['x-request-id'] ?? null };
    pets.set(pet.id, pet);
    return { status: 201, body: pet };
  },
  async getPet({ params }) {
    const pet = pets.get(params.petId);
    return pet ? { status: 200, body: pet } : { status: 404, body: { title: 'Not Found', status: 404 } };
  },
};
`;

describe('Swagger 2.0: converted to OpenAPI 3.0, then generated, served and called as usual', () => {
  let dir: string;
  before(async () => {
    dir = await scratchDir('swagger');
  });
  after(() => removeDir(dir));

  it('generates with one note that it was converted, type-checks, serves, validates and answers the generated client', async function () {
    this.timeout(120_000);
    const { files, problems } = await generate({ contracts: [legacy], outDir: dir });
    expect(problems.map((p) => `${p.severity} ${p.line}:${p.column} ${p.message}`)).to.deep.equal([
      'warning 1:1 Swagger 2.0, converted to OpenAPI 3.0 by swagger2openapi: the generated code and the served contract follow the converted document',
    ]);
    await writeFiles('/', [
      ...files.map((f) => ({ path: join(repoRoot, f.path), text: f.text })),
      { path: join(dir, 'legacy-petstore/pets.ts'), text: implementation },
    ]);
    expect(await typeCheck(dir)).to.equal('');

    const service = join(dir, 'legacy-petstore');
    const { createLegacyPetstoreService } = await import(pathToFileURL(join(service, 'generated/routes.ts')).href);
    const { LegacyPetstoreClient } = await import(pathToFileURL(join(service, 'generated/client.ts')).href);
    const { pets_ } = await import(pathToFileURL(join(service, 'pets.ts')).href);
    const served = await serve({
      services: [
        createLegacyPetstoreService(
          { pets: pets_ },
          { security: { apiKey: (key: string) => (key === 'k' ? {} : undefined) } },
        ),
      ],
    });
    try {
      const client = new LegacyPetstoreClient({
        baseUrl: `${served.url}/legacy-petstore`,
        headers: { 'x-api-key': 'k' },
      });
      expect(await client.addPet({ body: { name: 'Rex', tag: 'dog' } })).to.deep.include({
        status: 201,
        body: { name: 'Rex', tag: 'dog', id: 1 },
      });
      expect(await client.getPet({ params: { petId: 1 } })).to.deep.include({ status: 200 });
      // The 2.0 csv array and integer default, read as 3.0 form style with explode false.
      expect((await client.listPets({ query: { tag: ['dog', 'cat'] } })).body).to.have.length(1);
      const refused = await fetch(`${served.url}/legacy-petstore/pets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
        body: '{"name":""}',
      });
      expect(refused.status).to.equal(400);
      const contract = await (await fetch(`${served.url}/legacy-petstore/openapi.json`)).json();
      expect(contract.openapi).to.match(/^3\.0\./);
      expect(contract.servers).to.deep.equal([{ url: 'https://api.example.com/v1' }]);
    } finally {
      await served.runtime.stop();
    }
  });

  it('reports problems at the Swagger 2.0 file’s lines and pointers', async () => {
    const problems = await generate({ contracts: [join(repoRoot, 'test/fixtures/swagger/invalid.yaml')], outDir: dir })
      .then(() => [])
      .catch((error: { problems?: Array<{ line?: number; column?: number; pointer: string; message: string }> }) =>
        (error.problems ?? []).map((p) => `${p.line}:${p.column} ${p.pointer}`),
      );
    expect(problems).to.deep.equal([
      '1:1 /swagger',
      '22:3 /definitions/Pet',
      '12:11 /paths/~1pets~1{petId}/put/parameters/1',
      '18:9 /paths/~1pets~1{petId}/put/responses/200',
    ]);
  });
});
