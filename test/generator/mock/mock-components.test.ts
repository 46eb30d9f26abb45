import { expect } from 'chai';
import type { ActionContext } from 'limis/runtime';
import { generate } from '../../../generator/index.js';
import { mockComponents, mockSecurity } from '../../../generator/mock/mock-components.js';
import { repoRoot } from '../../helpers/workspace.js';

const context = (prefer?: string) => ({ request: { headers: prefer ? { prefer } : {} } }) as unknown as ActionContext;

describe('mockComponents (generator/mock/mock-components)', () => {
  it('answers every action from the contract: the status Prefer asks for, else the first 2xx; seeded values', async () => {
    const { services } = await generate({
      contracts: ['contracts/petstore.yaml'],
      outDir: 'test/.tmp/mock',
      cwd: repoRoot,
    });
    const model = services[0]!;
    const pets = mockComponents(model, () => ({ handlers: [], channels: [] }), { seed: 5 }).pets!;
    const first = (await pets.getPet!({}, context())) as { status: number; body: unknown };
    expect(first.status).to.equal(200);
    expect(await pets.getPet!({}, context())).to.deep.equal(first);
    expect(((await pets.getPet!({}, context('code=404'))) as { status: number }).status).to.equal(404);
    expect(((await pets.deletePet!({}, context())) as { status: number; body?: unknown }).body).to.equal(undefined);
    const other = (await mockComponents(model, () => ({ handlers: [], channels: [] }), { seed: 6 }).pets!.getPet!(
      {},
      context(),
    )) as {
      body: unknown;
    };
    expect(other.body).not.to.deep.equal(first.body);
  });

  it('admits any credential as a principal holding every scope the contract names', async () => {
    const { services } = await generate({
      contracts: ['contracts/petstore.yaml'],
      outDir: 'test/.tmp/mock',
      cwd: repoRoot,
    });
    const security = mockSecurity(services[0]!);
    expect(Object.keys(security).sort()).to.deep.equal(['apiKey', 'petstoreAuth']);
    expect(security.petstoreAuth!()).to.deep.equal({ sub: 'mock', scopes: ['pets:write', 'pets:admin'] });
  });
});
