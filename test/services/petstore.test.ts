import { expect } from 'chai';
import { PetstoreClient } from '../../services/petstore/generated/client.js';
import { adminHeaders, petstoreService } from '../helpers/petstore.js';
import { type Served, serve } from '../helpers/serve.js';
import { expectStatus } from '../helpers/status.js';

for (const adapter of ['koa', 'node'] as const)
  describe(`petstore example on the ${adapter} adapter: every operation through the generated client`, () => {
    let served: Served;
    let client: PetstoreClient;

    beforeEach(async () => {
      served = await serve({ services: [petstoreService()], adapter });
      client = new PetstoreClient({ baseUrl: `${served.url}/petstore`, headers: adminHeaders });
    });
    afterEach(() => served.runtime.stop());

    it('creates, lists, reads, replaces and deletes a pet', async () => {
      const created = await client.createPet({ body: { name: 'Rex', tag: 'dog' } });
      expect(created).to.deep.include({ status: 201, body: { status: 'available', name: 'Rex', tag: 'dog', id: 1 } });
      await client.createPet({ body: { name: 'Tom', tag: 'cat' } });

      const listed = await client.listPets({ query: { tag: ['dog'] } });
      expectStatus(listed, 200);
      expect(listed.body.map((p) => p.name)).to.deep.equal(['Rex']);
      expect(listed.headers?.['x-total-count']).to.equal(1);

      expect(await client.getPet({ params: { petId: 1 } })).to.deep.include({ status: 200, body: created.body });

      const replaced = await client.updatePet({ params: { petId: 1 }, body: { name: 'Rex II', status: 'sold' } });
      expect(replaced).to.deep.include({ status: 200, body: { status: 'sold', name: 'Rex II', id: 1 } });

      expect(await client.deletePet({ params: { petId: 1 } })).to.deep.include({ status: 204 });
      expect(await client.getPet({ params: { petId: 1 } })).to.deep.include({
        status: 404,
        body: { title: 'Not Found', status: 404, detail: 'no pet has id 1' },
      });
    });

    it('limits a listing with a coerced integer query parameter', async () => {
      for (const name of ['a', 'b', 'c']) await client.createPet({ body: { name } });
      const listed = await client.listPets({ query: { limit: 2 } });
      expectStatus(listed, 200);
      expect(listed.body.map((p) => p.name)).to.deep.equal(['a', 'b']);
      expect(listed.headers?.['x-total-count']).to.equal(3);
    });

    it('rejects an invalid body with 400 problem+json naming each field, the 400 the contract declares', async () => {
      const refused = await client.createPet({ body: { name: '', status: 'lost' as 'sold' } });
      expectStatus(refused, 400);
      expect(refused.body).to.deep.equal({
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'the request does not match the contract',
        code: 'LIMIS_ERR_VALIDATION',
        errors: [
          { pointer: '/body/name', message: 'must NOT have fewer than 1 characters' },
          { pointer: '/body/status', message: 'must be one of "available", "pending", "sold"' },
        ],
      });
    });

    it('rejects a path parameter that is not an integer', async () => {
      const response = await fetch(`${served.url}/petstore/pets/rex`);
      expect(response.status).to.equal(400);
      expect((await response.json()).errors).to.deep.equal([{ pointer: '/params/petId', message: 'must be integer' }]);
    });

    it('serves its own contract at /petstore/openapi.json', async () => {
      const response = await fetch(`${served.url}/petstore/openapi.json`);
      expect(response.headers.get('content-type')).to.match(/^application\/json/);
      const contract = await response.json();
      expect(contract.info).to.deep.include({ title: 'Petstore', version: '1.0.0' });
      expect(Object.keys(contract.paths)).to.deep.equal(['/pets', '/pets/{petId}']);
      // What the service really answers: every body's limit, the operation's own or the runtime's.
      expect(contract.paths['/pets'].post['x-limis-body-limit']).to.equal(16384);
      expect(contract.paths['/pets/{petId}'].put['x-limis-body-limit']).to.equal(1024 * 1024);
      // The contract declares every status limis sends itself, so nothing is added.
      expect(JSON.stringify(contract)).to.not.include('LimisBadRequest');
    });
  });
