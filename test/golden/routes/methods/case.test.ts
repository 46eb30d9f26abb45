import { expect } from 'chai';
import { createFetchHandler } from 'limis/runtime';
import { type Served, serve } from '../../../helpers/serve.js';
import { PetSearchClient } from './expected/pet-search/generated/client.js';
import type { PetSearchComponent } from './expected/pet-search/generated/component.js';
import { createPetSearchService } from './expected/pet-search/generated/routes.js';

const names = ['Rex', 'Tom', 'Kit', 'Rexana'];
const links: Array<[number, number]> = [];
const component: PetSearchComponent = {
  async listPets({ query }) {
    const tagged = query.tag ? [`tags: ${query.tag.join('+')}`] : [];
    return { status: 200, body: [...names.filter((n) => n.startsWith(query.prefix)).slice(0, query.limit), ...tagged] };
  },
  async searchPets({ body }) {
    const found = names.filter((n) => body.name === undefined || n.startsWith(body.name));
    return { status: 200, body: found.slice(0, body.limit) };
  },
  async getPet({ params }) {
    return { status: 200, body: names[params.id] ?? '?' };
  },
  async linkPet({ params, query }) {
    links.push([params.id, query.to]);
    return { status: 204 };
  },
};

for (const adapter of ['koa', 'node', 'fetch'] as const) {
  describe(`golden routes/methods (${adapter} adapter): QUERY and additionalOperations`, () => {
    let served: Served | undefined;
    let call: (path: string, init?: RequestInit) => Promise<Response>;
    let client: PetSearchClient;
    before(async () => {
      const service = createPetSearchService({ petSearch: component });
      if (adapter === 'fetch') {
        const handle = createFetchHandler([service]);
        call = (path, init) => handle(new Request(`http://limis.test${path}`, init));
        client = new PetSearchClient({
          baseUrl: 'http://limis.test/pet-search',
          fetch: (url, init) => handle(new Request(url, init)),
        });
      } else {
        served = await serve({ services: [service], adapter });
        call = (path, init) => fetch(`${served!.url}${path}`, init);
        client = new PetSearchClient({ baseUrl: `${served.url}/pet-search` });
      }
    });
    after(() => served?.runtime.stop());

    it('reads an in: querystring parameter as its object’s properties, typed, defaulted and validated', async () => {
      expect(await client.listPets({ query: { prefix: 'R' } })).to.deep.include({
        status: 200,
        body: ['Rex', 'Rexana'],
      });
      expect(await client.listPets({ query: { prefix: 'R', limit: 1, tag: ['a', 'b'] } })).to.deep.include({
        status: 200,
        body: ['Rex', 'tags: a+b'],
      });
      const refused = await call('/pet-search/pets?limit=0');
      expect(refused.status).to.equal(400);
      expect((await refused.json()).errors).to.deep.equal([
        { pointer: '/query/prefix', message: 'is required' },
        { pointer: '/query/limit', message: 'must be >= 1' },
      ]);
    });

    it('serves QUERY with a validated body, the generated client sending it', async () => {
      expect(await client.searchPets({ body: { name: 'Rex' } })).to.deep.include({
        status: 200,
        body: ['Rex', 'Rexana'],
      });
      const refused = await call('/pet-search/pets/search', {
        method: 'QUERY',
        headers: { 'content-type': 'application/json' },
        body: '{"limit":0}',
      });
      expect(refused.status).to.equal(400);
    });

    it('serves an additional operation (LINK) beside the fixed ones, and names both in Allow', async () => {
      links.length = 0;
      expect(await client.linkPet({ params: { id: 1 }, query: { to: 2 } })).to.deep.include({ status: 204 });
      expect(links).to.deep.equal([[1, 2]]);
      expect(await client.getPet({ params: { id: 0 } })).to.deep.include({ status: 200, body: 'Rex' });
      const wrong = await call('/pet-search/pets/1', { method: 'PUT' });
      expect(wrong.status).to.equal(405);
      expect(wrong.headers.get('allow')?.split(/,\s*/).sort()).to.deep.equal(['GET', 'HEAD', 'LINK']);
    });

    it('serves the contract with the problems limis adds, under query and additionalOperations too', async () => {
      const served32 = await (await call('/pet-search/openapi.json')).json();
      const item = served32.paths['/pets/{id}'];
      expect(item.additionalOperations.LINK.responses['400']).to.deep.equal({
        $ref: '#/components/responses/LimisBadRequest',
      });
      expect(item.additionalOperations.FROBNICATE).to.be.an('object');
      expect(served32.paths['/pets/search'].query['x-limis-body-limit']).to.equal(1024 * 1024);
    });
  });
}
