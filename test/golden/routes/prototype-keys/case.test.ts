import { expect } from 'chai';
import { type Served, serve } from '../../../helpers/serve.js';
import { createObjectsService } from './expected/objects/generated/routes.js';

describe('golden routes/prototype-keys: JSON bodies may carry __proto__ and constructor.prototype only where the schema declares them', () => {
  let served: Served;
  const post = (path: string, body: string) =>
    fetch(`${served.url}/objects${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  before(async () => {
    const service = createObjectsService({
      objects: {
        describeClass: async ({ body }) => ({ status: 200, body }),
        addNote: async () => ({ status: 204 }),
      },
    });
    served = await serve({ services: [service] });
  });
  after(() => served.runtime.stop());

  it('accepts the keys its schema declares, as plain data', async () => {
    const text = '{"name":"Pet","constructor":{"prototype":{"speak":"woof"},"__proto__":"base"}}';
    const response = await post('/classes', text);
    expect(response.status).to.equal(200);
    expect(await response.text()).to.equal(text);
    expect(({} as Record<string, unknown>).speak).to.equal(undefined);
  });

  it('refuses them with 400 LIMIS_ERR_PROTOTYPE_KEY on an operation whose schema does not declare them', async () => {
    const response = await post('/notes', '{"text":"x","constructor":{"prototype":{"polluted":1}}}');
    expect(response.status).to.equal(400);
    const problem = await response.json();
    expect(problem).to.deep.include({
      code: 'LIMIS_ERR_PROTOTYPE_KEY',
      detail:
        'the request body has a constructor.prototype key at /body/constructor, which the contract does not declare',
    });
    expect(problem.errors).to.deep.equal([
      { pointer: '/body/constructor', message: 'constructor.prototype is not a declared property' },
    ]);
    const proto = await post('/notes', '{"text":"x","nested":{"__proto__":{"polluted":1}}}');
    expect((await proto.json()).detail).to.equal(
      'the request body has a __proto__ key at /body/nested/__proto__, which the contract does not declare',
    );
    expect((await post('/notes', '{"text":"a constructor and a __proto__ in a string"}')).status).to.equal(204);
  });
});
