import { expect } from 'chai';
import { swaggerPointer } from '../../../generator/load/swagger.js';

const original = {
  swagger: '2.0',
  host: 'api.example.com',
  paths: {
    '/pets/{id}': {
      put: {
        parameters: [
          { name: 'id', in: 'path', type: 'integer' },
          { name: 'pet', in: 'body', schema: { $ref: '#/definitions/Pet' } },
          { name: 'q', in: 'query', type: 'string' },
        ],
        responses: { '200': { description: 'ok', schema: { type: 'object', properties: { a: { type: 'string' } } } } },
      },
    },
  },
  definitions: { Pet: { type: 'object', properties: { name: { type: 'string' } } } },
  parameters: { Limit: { name: 'limit', in: 'query', type: 'integer' } },
  securityDefinitions: { key: { type: 'apiKey' } },
};

describe('swaggerPointer', () => {
  const cases: Array<[string, string]> = [
    ['/components/schemas/Pet/properties/name', '/definitions/Pet/properties/name'],
    ['/components/securitySchemes/key/type', '/securityDefinitions/key/type'],
    ['/components/parameters/Limit/schema', '/parameters/Limit'],
    ['/servers/0/url', '/host'],
    [
      '/paths/~1pets~1{id}/put/requestBody/content/application~1json/schema',
      '/paths/~1pets~1{id}/put/parameters/1/schema',
    ],
    // The converted list has no body parameter: its second entry is the 2.0 list's third.
    ['/paths/~1pets~1{id}/put/parameters/1/schema', '/paths/~1pets~1{id}/put/parameters/2'],
    [
      '/paths/~1pets~1{id}/put/responses/200/content/application~1json/schema/properties/a',
      '/paths/~1pets~1{id}/put/responses/200/schema/properties/a',
    ],
    // What 2.0 never had points at its nearest part that exists.
    ['/paths/~1pets~1{id}/put/responses/200/headers/X', '/paths/~1pets~1{id}/put/responses/200'],
    ['/components/requestBodies/Nothing', '/parameters'],
  ];
  for (const [converted, written] of cases)
    it(`${converted} → ${written || '(the document)'}`, () =>
      expect(swaggerPointer(converted, original)).to.equal(written));
});
