import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { generate } from '../../generator/index.js';
import { serve } from '../helpers/serve.js';
import { removeDir, repoRoot, scratchDir, typeCheck, writeFiles } from '../helpers/workspace.js';

const petstore = join(repoRoot, 'contracts/petstore.yaml');

const implementation = `import type { PetsComponent } from './generated/component.js';
import type { Pet } from './generated/types.js';

const pets = new Map<number, Pet>();
export const component: PetsComponent = {
  async listPets(input) { return { status: 200, body: [...pets.values()].slice(0, input.query.limit ?? 20) }; },
  async createPet(input) { const pet: Pet = { ...input.body, id: pets.size + 1 }; pets.set(pet.id, pet); return { status: 201, body: pet }; },
  async getPet(input) { const pet = pets.get(input.params.petId); return pet ? { status: 200, body: pet } : { status: 404, body: { title: 'Not Found', status: 404 } }; },
  async updatePet(input) { return { status: 200, body: { ...input.body, id: input.params.petId } }; },
  async deletePet() { return { status: 204 }; },
};
`;

describe('generate → type-check → serve → call', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await scratchDir('generate');
  });
  afterEach(() => removeDir(dir));

  async function generatePetstore(contract = petstore) {
    const { files } = await generate({ contracts: [contract], outDir: dir });
    await writeFiles(
      '/',
      files.map((f) => ({ path: join(repoRoot, f.path), text: f.text })),
    );
    return files;
  }

  it('generates a contract whose patterns come from other dialects: the translatable one enforced, the other warned about and left out', async () => {
    const contract = join(repoRoot, 'test/fixtures/lenient/foreign-pattern.yaml');
    const { files, problems } = await generate({ contracts: [contract], outDir: dir });
    expect(problems.map((p) => `${p.severity} ${p.line}:${p.column} ${p.message}`)).to.deep.equal([
      'warning 15:35 pattern "\\\\A[a-z0-9-]+\\\\z" is written for another regular-expression dialect; it is enforced as "^[a-z0-9-]+$"',
      'warning 18:35 pattern "^(?P<a>x)(?P=a)$" is not an ECMAScript regular expression (as JSON Schema requires); it is not enforced',
    ]);
    await writeFiles(
      '/',
      files.map((f) => ({ path: join(repoRoot, f.path), text: f.text })),
    );
    const { createForeignPatternsService } = await import(
      pathToFileURL(join(dir, 'foreign-patterns/generated/routes.ts')).href
    );
    const service = createForeignPatternsService({ foreignPatterns: { getSlug: async () => ({ status: 204 }) } });
    const served = await serve({ services: [service] });
    try {
      const status = async (path: string) => (await fetch(`${served.url}/foreign-patterns${path}`)).status;
      expect(await status('/slugs/a-1')).to.equal(204);
      expect(await status('/slugs/A_1')).to.equal(400);
      expect(await status('/slugs/a-1?twice=anything')).to.equal(204);
    } finally {
      await served.runtime.stop();
    }
  });

  it('is deterministic: the same contract gives byte-identical files', async () => {
    const first = await generate({ contracts: [petstore], outDir: dir });
    const second = await generate({ contracts: [petstore], outDir: dir });
    expect(second.files).to.deep.equal(first.files);
  });

  it('type-checks under strict, stubs included (other compilers and settings: compiler-settings.test.ts)', async function () {
    this.timeout(60_000);
    await generatePetstore();
    expect(await typeCheck(dir)).to.equal('');
  });

  it('AsyncAPI services type-check under strict too, unused-symbol checks included', async function () {
    this.timeout(60_000);
    const contracts = ['chat-events.asyncapi.yaml', 'hello-ws.asyncapi.yaml'].map((name) =>
      join(repoRoot, 'contracts', name),
    );
    const { files } = await generate({ contracts, outDir: dir });
    await writeFiles(
      '/',
      files.map((f) => ({ path: join(repoRoot, f.path), text: f.text })),
    );
    expect(files.filter((f) => f.owner === 'user').map((f) => relative(dir, join(repoRoot, f.path)))).to.deep.equal([
      'chat-events/components/rooms.ts',
      'chat-events/index.ts',
      'hello-ws/components/hello.ts',
      'hello-ws/index.ts',
    ]);
    expect(await typeCheck(dir)).to.equal('');
  });

  it("validates AsyncAPI payloads $ref'd from a shared file", async () => {
    const { files } = await generate({
      contracts: [join(repoRoot, 'test/fixtures/async-split/events.yaml')],
      outDir: dir,
    });
    await writeFiles(
      '/',
      files.map((f) => ({ path: join(repoRoot, f.path), text: f.text })),
    );
    const { createSplitEventsService } = await import(
      pathToFileURL(join(dir, 'split-events/generated/channels.ts')).href
    );
    const service = createSplitEventsService({});
    expect(service.push.story({ headline: 'ok' })).to.equal(0);
    expect(() => service.push.story({ title: 'no headline' })).to.throw(
      'push of story on news does not match the contract: /payload/headline is required',
    );
  });

  it('makes returning an undeclared response a type error at that line', async () => {
    await generatePetstore();
    const service = join(dir, 'petstore');
    await writeFile(
      join(service, 'impl.ts'),
      implementation.replace('return { status: 204 };', "return { status: 200, body: 'deleted' };"),
    );
    const diagnostics = await typeCheck(dir);
    expect(diagnostics.split('\n').slice(0, 3)).to.deep.equal([
      "petstore/impl.ts(10,9): error TS2322: Type '() => Promise<{ status: 200; body: string; }>' is not assignable to type '(input: DeletePetInput, context: AuthorizedContext<unknown>) => Promise<DeletePetResult>'.",
      "  Type 'Promise<{ status: 200; body: string; }>' is not assignable to type 'Promise<DeletePetResult>'.",
      "    Type '{ status: 200; body: string; }' is not assignable to type 'DeletePetResult'.",
    ]);
  });

  it('makes an implementation missing a new action fail at that component', async () => {
    const grown = join(dir, 'grown.yaml');
    const text = await readFile(petstore, 'utf8');
    await writeFile(
      grown,
      text.replace(
        '  /pets/{petId}:\n',
        "  /pets/count:\n    get:\n      operationId: countPets\n      tags: [pets]\n      responses:\n        '200':\n          description: How many.\n          content:\n            application/json:\n              schema: { type: integer }\n  /pets/{petId}:\n",
      ),
    );
    await generatePetstore(grown);
    await writeFile(join(dir, 'petstore', 'impl.ts'), implementation);
    expect(await typeCheck(dir)).to.match(/impl\.ts\(5,14\): error TS2741: Property 'countPets' is missing in type /);
  });

  it('serves the generated handlers, and the generated client calls them', async () => {
    await generatePetstore();
    await writeFile(join(dir, 'petstore', 'impl.ts'), implementation);
    const { createPetstoreService } = await import(pathToFileURL(join(dir, 'petstore/generated/routes.ts')).href);
    const { PetstoreClient } = await import(pathToFileURL(join(dir, 'petstore/generated/client.ts')).href);
    const { component } = await import(pathToFileURL(join(dir, 'petstore/impl.ts')).href);
    const security = { petstoreAuth: () => undefined, apiKey: (key: string) => (key === 'test-key' ? {} : undefined) };
    const served = await serve({ services: [createPetstoreService({ pets: component }, { security })] });
    try {
      const client = new PetstoreClient({ baseUrl: `${served.url}/petstore`, headers: { 'x-api-key': 'test-key' } });
      expect(await client.createPet({ body: { name: 'Fresh' } })).to.deep.include({
        status: 201,
        body: { name: 'Fresh', id: 1 },
      });
      expect(await client.listPets()).to.deep.include({ status: 200, body: [{ name: 'Fresh', id: 1 }] });
    } finally {
      await served.runtime.stop();
    }
  });
});
