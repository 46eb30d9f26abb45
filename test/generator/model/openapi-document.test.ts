import { expect } from 'chai';
import { openApiDocument } from '../../../generator/model/openapi-document.js';
import { recordingReporter } from '../../helpers/reporter.js';

describe('openApiDocument', () => {
  it('builds the service: identity from info, a component per tag, an action per operation, named schemas', () => {
    const report = recordingReporter();
    const document = {
      openapi: '3.1.0',
      info: { title: 'Pet Store', version: '2.0.0', description: 'Pets.' },
      paths: {
        '/pets/{petId}': {
          parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'integer' } }],
          get: {
            tags: ['pets'],
            responses: {
              '200': {
                description: 'ok',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } },
              },
              default: { description: 'error' },
            },
          },
        },
      },
      components: { schemas: { Pet: { type: 'object', properties: { name: { type: 'string' } } } } },
    };
    const { document: served, ...model } = openApiDocument(
      { version: '3.1', contractFile: 'contracts/x.yaml', document },
      report,
    );
    expect(report.lines).to.deep.equal([]);
    expect(served).to.equal(document);
    // Through JSON, so members the model leaves undefined compare as absent.
    expect(JSON.parse(JSON.stringify(model))).to.deep.equal({
      name: 'Pet Store',
      typeName: 'PetStore',
      path: 'pet-store',
      title: 'Pet Store',
      version: '2.0.0',
      description: 'Pets.',
      contractFile: 'contracts/x.yaml',
      kind: 'openapi',
      schemas: [{ name: 'Pet', typeName: 'Pet', schema: { type: 'object', properties: { name: { type: 'string' } } } }],
      formats: {},
      components: [
        {
          name: 'pets',
          typeName: 'PetsComponent',
          propertyName: 'pets',
          actions: [
            {
              operationId: 'getPetsByPetId',
              name: 'getPetsByPetId',
              typeName: 'GetPetsByPetId',
              method: 'get',
              path: '/pets/{petId}',
              deprecated: false,
              parameters: [
                {
                  name: 'petId',
                  key: 'petId',
                  in: 'path',
                  required: true,
                  deprecated: false,
                  schema: { type: 'integer' },
                  style: 'simple',
                  explode: false,
                },
              ],
              responses: [
                {
                  status: 200,
                  description: 'ok',
                  contents: [
                    { mediaType: 'application/json', kind: 'json', schema: { $ref: '#/components/schemas/Pet' } },
                  ],
                  headers: [],
                },
                { status: 'default', description: 'error', contents: [], headers: [] },
              ],
              security: [],
            },
          ],
          messageActions: [],
        },
      ],
      securitySchemes: [],
      channels: [],
      pushes: [],
    });
  });

  it('reports what it cannot build, located: no title, a path parameter the template lacks', () => {
    const report = recordingReporter();
    openApiDocument(
      {
        version: '3.1',
        contractFile: 'x.yaml',
        document: {
          openapi: '3.1.0',
          info: { version: '1' },
          paths: { '/a': { get: { parameters: [{ name: 'id', in: 'path', required: true }], responses: {} } } },
        },
      },
      report,
    );
    expect(report.lines).to.include('error /info: `info` needs a `title` and a `version`');
    expect(report.lines).to.include('error /paths/~1a/get/parameters: path parameter "id" does not appear in "/a"');
  });

  it('skips specification extensions beside the paths instead of refusing them as paths', () => {
    const report = recordingReporter();
    const document = {
      openapi: '3.0.3',
      info: { title: 'Ext', version: '1' },
      paths: {
        'x-amazon-apigateway-any-method': { 'x-note': 'not a path' },
        '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok' } } } },
      },
    };
    const model = openApiDocument({ version: '3.0', contractFile: 'c.yaml', document }, report);
    expect(report.lines).to.deep.equal([]);
    expect(model.components.flatMap((c) => c.actions.map((a) => a.operationId))).to.deep.equal(['getA']);
  });

  it('warns about a requestBody whose content is empty and takes it as no body', () => {
    const report = recordingReporter();
    const document = {
      openapi: '3.0.3',
      info: { title: 'Empty', version: '1' },
      paths: {
        '/a': {
          post: { operationId: 'postA', requestBody: { content: {} }, responses: { '204': { description: 'ok' } } },
        },
      },
    };
    const model = openApiDocument({ version: '3.0', contractFile: 'c.yaml', document }, report);
    expect(report.lines).to.deep.equal([
      'warning /paths/~1a/post/requestBody/content: requestBody declares no media type in `content`; it is treated as no request body',
    ]);
    expect(model.components[0]!.actions[0]!.requestBody).to.equal(undefined);
  });

  it('refuses two path templates that differ only in parameter names when they share a method, warns when they do not', () => {
    const report = recordingReporter();
    let next = 0;
    const path = (param: string, ...methods: string[]) => ({
      parameters: param ? [{ name: param, in: 'path', required: true, schema: { type: 'string' } }] : [],
      ...Object.fromEntries(
        methods.map((method) => [
          method,
          { operationId: `op${next++}`, responses: { '200': { description: 'ok' }, '400': { description: 'no' } } },
        ]),
      ),
    });
    const document = {
      openapi: '3.1.0',
      info: { title: 'Twins', version: '1' },
      paths: {
        '/pets/{id}': path('id', 'get'),
        '/pets/{petId}': path('petId', 'get', 'put'),
        '/toys/{id}': path('id', 'get'),
        '/toys/{toyId}': path('toyId', 'delete'),
        '/pets/{id}/toys': path('id', 'get'),
        '/pets/mine': path('', 'get'),
      },
    };
    openApiDocument({ version: '3.1', contractFile: 'c.yaml', document }, report);
    expect(report.lines).to.deep.equal([
      'error /paths/~1pets~1{petId}/get: GET "/pets/{petId}" is GET "/pets/{id}" with other parameter names: a request cannot tell them apart',
      'warning /paths/~1toys~1{toyId}: path "/toys/{toyId}" is "/toys/{id}" with other parameter names, which OpenAPI calls the same path; limis routes them by method',
    ]);
  });
});
