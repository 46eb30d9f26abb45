import { expect } from 'chai';
import { gatewayRoutes } from '../../../generator/gateway/gateway-routes.js';
import { openApiService } from '../../helpers/model.js';

const secured = openApiService({
  info: { title: 'Vault', version: '1.0.0' },
  'x-limis-service': 'vault',
  security: [{ bearer: ['read'] }],
  components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  paths: {
    '/items/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: { operationId: 'getItem', responses: { '200': { description: 'ok' } } },
      delete: {
        operationId: 'deleteItem',
        security: [{ bearer: ['admin'] }],
        responses: { '204': { description: 'gone' } },
      },
    },
    '/items/mine': { get: { operationId: 'myItems', responses: { '200': { description: 'ok' } } } },
    '/health': { get: { operationId: 'health', security: [], responses: { '200': { description: 'ok' } } } },
    '/maybe': {
      get: { operationId: 'maybe', security: [{}, { bearer: [] }], responses: { '200': { description: 'ok' } } },
    },
  },
});

describe('gatewayRoutes: the contracts as the gateway sees them', () => {
  it('mounts each service below the context root, one backend per transport', () => {
    const routes = gatewayRoutes([secured], '/api/');
    expect(routes.backends).to.deep.equal([
      { name: 'http.vault', service: 'vault', transport: 'http', mount: '/api/vault' },
    ]);
    expect(gatewayRoutes([secured]).backends[0]!.mount).to.equal('/vault');
  });

  it('lists the operations that need credentials, most specific template first, with their requirements', () => {
    const { operations, schemes } = gatewayRoutes([secured]);
    expect(operations.map((op) => [op.id, op.method, op.pathPattern])).to.deep.equal([
      ['vault.myItems', 'GET', '^/vault/items/mine$'],
      ['vault.getItem', 'GET', '^/vault/items/[^/]+$'],
      ['vault.deleteItem', 'DELETE', '^/vault/items/[^/]+$'],
    ]);
    expect(operations[2]!.security).to.deep.equal([{ 'vault.bearer': ['admin'] }]);
    expect(schemes).to.deep.equal({ 'vault.bearer': { type: 'http', scheme: 'bearer' } });
  });

  it('leaves public operations and those with an empty alternative to the instance', () => {
    const ids = gatewayRoutes([secured]).operations.map((op) => op.id);
    expect(ids).not.to.include('vault.health');
    expect(ids).not.to.include('vault.maybe');
  });

  it('escapes regular-expression characters of literal path text', () => {
    const service = openApiService({
      info: { title: 'Odd', version: '1' },
      security: [{ key: [] }],
      components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } } },
      paths: {
        '/a.b+c/{x}': {
          parameters: [{ name: 'x', in: 'path', required: true, schema: { type: 'string' } }],
          get: { operationId: 'odd', responses: { '200': { description: 'ok' } } },
        },
      },
    });
    expect(gatewayRoutes([service]).operations[0]!.pathPattern).to.equal('^/odd/a\\.b\\+c/[^/]+$');
  });
});
