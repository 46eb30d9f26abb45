import { expect } from 'chai';
import type { Handler } from '../../../runtime/handler.js';
import { servedContract } from '../../../runtime/http/served-contract.js';
import type { Service } from '../../../runtime/service.js';

const validate = Object.assign(() => true, { errors: null });

function handler(method: string, path: string, extra: Partial<Handler> = {}): Handler {
  return {
    operationId: `${method}${path}`,
    component: 'c',
    method,
    path,
    parse: () => ({}),
    validate,
    responses: {},
    invoke: async () => ({ status: 200 }),
    ...extra,
  };
}

const ok = { '200': { description: 'OK' } };

function service(contract: Record<string, unknown>, handlers: Handler[]): Service {
  return { name: 's', path: 's', contract, handlers } as unknown as Service;
}

describe('servedContract', () => {
  const contract = {
    openapi: '3.1.0',
    info: { title: 'S', version: '1' },
    paths: {
      '/items/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: { responses: ok },
        put: { requestBody: {}, responses: { ...ok, '4xx': { description: 'Refused.' } } },
      },
      '/open': { get: { responses: ok } },
      '/admin': { post: { requestBody: {}, responses: ok } },
    },
    components: { schemas: { LimisProblem: { type: 'string' } } },
  };
  const body = { required: true, media: [] };
  const handlers = [
    handler('GET', '/items/{id}'),
    handler('PUT', '/items/{id}', { requestBody: body }),
    handler('GET', '/open', { security: [{ key: [] }] }),
    handler('POST', '/admin', { requestBody: body, bodyLimit: 512, security: [{ oauth: ['admin'] }] }),
  ];
  const before = JSON.stringify(contract);
  const served = JSON.parse(servedContract(service(contract, handlers), 1000)!.text);

  it('adds the problem responses limis answers where the operation lists neither the code nor its range', () => {
    expect(served.paths['/items/{id}'].get.responses['400']).to.deep.equal({
      $ref: '#/components/responses/LimisBadRequest',
    });
    // The 4xx range already covers 400, 413 and 415.
    expect(Object.keys(served.paths['/items/{id}'].put.responses)).to.deep.equal(['200', '4xx']);
    // No parameters, no body: nothing to refuse as invalid; an API key without scopes: 401, never 403.
    expect(Object.keys(served.paths['/open'].get.responses)).to.deep.equal(['200', '401']);
    expect(Object.keys(served.paths['/admin'].post.responses)).to.deep.equal([
      '200',
      '400',
      '401',
      '403',
      '413',
      '415',
    ]);
  });

  it('writes every body limit, the operation’s own or the runtime’s', () => {
    expect(served.paths['/admin'].post['x-limis-body-limit']).to.equal(512);
    expect(served.paths['/items/{id}'].put['x-limis-body-limit']).to.equal(1000);
    expect(served.paths['/items/{id}'].get).to.not.have.property('x-limis-body-limit');
  });

  it('names its components so they never replace the contract’s own, and leaves the contract object as it was', () => {
    expect(served.components.schemas.LimisProblem).to.deep.equal({ type: 'string' });
    expect(served.components.schemas.LimisProblem2.required).to.deep.equal([
      'type',
      'title',
      'status',
      'detail',
      'code',
    ]);
    expect(served.components.responses.LimisForbidden.content['application/problem+json'].schema).to.deep.equal({
      $ref: '#/components/schemas/LimisProblem2',
    });
    expect(JSON.stringify(contract)).to.equal(before);
  });

  it('serves an AsyncAPI contract, and one without paths, as written', () => {
    const events = { asyncapi: '3.0.0', channels: {} };
    expect(servedContract(service(events, []), 1)).to.deep.equal({
      name: 'asyncapi.json',
      text: JSON.stringify(events),
    });
    const empty = { openapi: '3.1.0', info: {} };
    expect(servedContract(service(empty, []), 1)).to.deep.equal({ name: 'openapi.json', text: JSON.stringify(empty) });
    expect(servedContract({ handlers: [] } as unknown as Service, 1)).to.equal(undefined);
  });
});
