import { expect } from 'chai';
import { diffOpenApi } from '../../../generator/diff/diff-openapi.js';
import { openApiDocument } from '../../../generator/model/openapi-document.js';
import { recordingReporter } from '../../helpers/reporter.js';

type Json = Record<string, unknown>;

/** A one-operation contract: `GET /things/{id}` with the given operation fields, components and servers. */
function contract(operation: Json, extra: Json = {}): Json {
  return {
    openapi: '3.1.0',
    info: { title: 'Things', version: '1' },
    paths: {
      '/things/{id}': {
        get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], ...operation },
      },
    },
    ...extra,
  };
}

function changes(old: Json, next: Json) {
  const model = (document: Json) =>
    openApiDocument({ version: '3.1', document, contractFile: 'x.yaml' }, recordingReporter());
  return diffOpenApi(model(old), model(next)).map((c) => `${c.level} ${c.rule}`);
}

const ok = (schema: Json) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });
const query = (schema: Json, required = false) => ({ name: 'q', in: 'query', required, schema });
const params = (...extra: Json[]) => [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, ...extra];
const body = (schema: Json, required = false) => ({ required, content: { 'application/json': { schema } } });
const thing = (properties: Json, required: string[] = []) => ({ type: 'object', required, properties });

/** One pair of contracts per rule: the change it makes, and how it is classified. */
const RULES: Array<[string, Json, Json]> = [
  ['breaking operation-removed', contract({ responses: ok({}) }), { ...contract({}), paths: {} }],
  ['info operation-added', { ...contract({}), paths: {} }, contract({ responses: ok({}) })],
  [
    'breaking request-parameter-added-required',
    contract({ responses: ok({}) }),
    contract({ parameters: params(query({}, true)), responses: ok({}) }),
  ],
  [
    'info request-parameter-added',
    contract({ responses: ok({}) }),
    contract({ parameters: params(query({})), responses: ok({}) }),
  ],
  [
    'warning request-parameter-removed',
    contract({ parameters: params(query({})), responses: ok({}) }),
    contract({ responses: ok({}) }),
  ],
  [
    'breaking request-parameter-became-required',
    contract({ parameters: params(query({})), responses: ok({}) }),
    contract({ parameters: params(query({}, true)), responses: ok({}) }),
  ],
  [
    'breaking request-parameter-style-changed',
    contract({ parameters: params({ ...query({}), style: 'form' }), responses: ok({}) }),
    contract({ parameters: params({ ...query({}), style: 'pipeDelimited' }), responses: ok({}) }),
  ],
  [
    'breaking request-type-narrowed',
    contract({ parameters: params(query({ type: ['string', 'integer'] })), responses: ok({}) }),
    contract({ parameters: params(query({ type: 'string' })), responses: ok({}) }),
  ],
  [
    'breaking request-enum-value-removed',
    contract({ parameters: params(query({ enum: ['a', 'b'] })), responses: ok({}) }),
    contract({ parameters: params(query({ enum: ['a'] })), responses: ok({}) }),
  ],
  [
    'breaking request-enum-added',
    contract({ parameters: params(query({ type: 'string' })), responses: ok({}) }),
    contract({ parameters: params(query({ type: 'string', enum: ['a'] })), responses: ok({}) }),
  ],
  [
    'breaking request-max-length-tightened',
    contract({ parameters: params(query({ maxLength: 10 })), responses: ok({}) }),
    contract({ parameters: params(query({ maxLength: 5 })), responses: ok({}) }),
  ],
  [
    'breaking request-minimum-tightened',
    contract({ parameters: params(query({ minimum: 1 })), responses: ok({}) }),
    contract({ parameters: params(query({ minimum: 2 })), responses: ok({}) }),
  ],
  [
    'info request-maximum-relaxed',
    contract({ parameters: params(query({ maximum: 1 })), responses: ok({}) }),
    contract({ parameters: params(query({ maximum: 2 })), responses: ok({}) }),
  ],
  [
    'warning request-pattern-changed',
    contract({ parameters: params(query({ type: 'string' })), responses: ok({}) }),
    contract({ parameters: params(query({ type: 'string', pattern: '^a' })), responses: ok({}) }),
  ],
  [
    'breaking request-body-added-required',
    contract({ responses: ok({}) }),
    contract({ requestBody: body({}, true), responses: ok({}) }),
  ],
  [
    'breaking request-body-became-required',
    contract({ requestBody: body({}), responses: ok({}) }),
    contract({ requestBody: body({}, true), responses: ok({}) }),
  ],
  [
    'breaking request-media-type-removed',
    contract({ requestBody: body({}), responses: ok({}) }),
    contract({ requestBody: { content: { 'text/plain': { schema: {} } } }, responses: ok({}) }),
  ],
  [
    'breaking request-required-property-added',
    contract({ requestBody: body(thing({})), responses: ok({}) }),
    contract({ requestBody: body(thing({ a: { type: 'string' } }, ['a'])), responses: ok({}) }),
  ],
  [
    'breaking request-property-became-required',
    contract({ requestBody: body(thing({ a: {} })), responses: ok({}) }),
    contract({ requestBody: body(thing({ a: {} }, ['a'])), responses: ok({}) }),
  ],
  [
    'breaking request-additional-properties-closed',
    contract({ requestBody: body(thing({})), responses: ok({}) }),
    contract({ requestBody: body({ ...thing({}), additionalProperties: false }), responses: ok({}) }),
  ],
  [
    'breaking response-status-removed',
    contract({ responses: ok({}) }),
    contract({ responses: { '202': { description: 'later' } } }),
  ],
  [
    'warning response-status-removed',
    contract({ responses: { ...ok({}), '404': { description: 'no' } } }),
    contract({ responses: ok({}) }),
  ],
  [
    'info response-status-added',
    contract({ responses: ok({}) }),
    contract({ responses: { ...ok({}), '404': { description: 'no' } } }),
  ],
  [
    'breaking response-media-type-removed',
    contract({ responses: ok({}) }),
    contract({ responses: { '200': { description: 'ok', content: { 'text/plain': { schema: {} } } } } }),
  ],
  [
    'breaking response-property-removed',
    contract({ responses: ok(thing({ a: {} }, ['a'])) }),
    contract({ responses: ok(thing({})) }),
  ],
  [
    'warning response-property-removed',
    contract({ responses: ok(thing({ a: {} })) }),
    contract({ responses: ok(thing({})) }),
  ],
  [
    'breaking response-property-became-optional',
    contract({ responses: ok(thing({ a: {} }, ['a'])) }),
    contract({ responses: ok(thing({ a: {} })) }),
  ],
  [
    'breaking response-type-widened',
    contract({ responses: ok({ type: 'integer' }) }),
    contract({ responses: ok({ type: 'number' }) }),
  ],
  [
    'warning response-enum-value-added',
    contract({ responses: ok({ enum: ['a'] }) }),
    contract({ responses: ok({ enum: ['a', 'b'] }) }),
  ],
  [
    'info response-property-added',
    contract({ responses: ok(thing({})) }),
    contract({ responses: ok(thing({ b: {} })) }),
  ],
  [
    'breaking security-added',
    contract(
      { responses: ok({}) },
      { components: { securitySchemes: { k: { type: 'apiKey', in: 'header', name: 'K' } } } },
    ),
    contract(
      { security: [{ k: [] }], responses: ok({}) },
      { components: { securitySchemes: { k: { type: 'apiKey', in: 'header', name: 'K' } } } },
    ),
  ],
  [
    'breaking security-scopes-added',
    contract(
      { security: [{ o: ['a'] }], responses: ok({}) },
      { components: { securitySchemes: { o: { type: 'oauth2', flows: {} } } } },
    ),
    contract(
      { security: [{ o: ['a', 'b'] }], responses: ok({}) },
      { components: { securitySchemes: { o: { type: 'oauth2', flows: {} } } } },
    ),
  ],
  ['warning operation-deprecated', contract({ responses: ok({}) }), contract({ deprecated: true, responses: ok({}) })],
  [
    'warning server-removed',
    contract({ responses: ok({}) }, { servers: [{ url: 'https://a' }] }),
    contract({ responses: ok({}) }, { servers: [{ url: 'https://b' }] }),
  ],
  [
    'warning request-format-changed',
    contract({ parameters: params(query({ type: 'string' })), responses: ok({}) }),
    contract({ parameters: params(query({ type: 'string', format: 'uuid' })), responses: ok({}) }),
  ],
];

describe('diffOpenApi (generator/diff/diff-openapi)', () => {
  for (const [expected, old, next] of RULES)
    it(`${expected}`, () => {
      expect(changes(old, next)).to.include(expected);
    });

  it('finds nothing between a contract and itself, and sees a renamed path parameter as the same one', () => {
    const one = contract({
      parameters: params(query({ maximum: 3 })),
      requestBody: body(thing({ a: {} })),
      responses: ok(thing({ b: {} }, ['b'])),
    });
    expect(changes(one, one)).to.deep.equal([]);
    const item = structuredClone((one.paths as Record<string, { get: { parameters: Json[] } }>)['/things/{id}']!);
    item.get.parameters = item.get.parameters.map((p) => (p.name === 'id' ? { ...p, name: 'thingId' } : p));
    const renamed = { ...one, paths: { '/things/{thingId}': item } };
    expect(changes(one, renamed)).to.deep.equal([]);
  });

  it('follows $refs through named schemas, and ends on recursive ones', () => {
    const tree = (extra: Json) => ({
      components: {
        schemas: {
          Node: {
            type: 'object',
            properties: { kids: { type: 'array', items: { $ref: '#/components/schemas/Node' } }, ...extra },
          },
        },
      },
    });
    const old = contract({ responses: ok({ $ref: '#/components/schemas/Node' }) }, tree({ name: { type: 'string' } }));
    const next = contract({ responses: ok({ $ref: '#/components/schemas/Node' }) }, tree({}));
    expect(changes(old, next)).to.deep.equal(['warning response-property-removed']);
  });
});
