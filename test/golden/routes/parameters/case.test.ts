import { expect } from 'chai';
import { UnexpectedResponseError } from 'limis/client';
import { type Served, serve } from '../../../helpers/serve.js';
import { SearchClient } from './expected/search/generated/client.js';
import { createSearchService } from './expected/search/generated/routes.js';

describe('golden routes/parameters: generated parse functions over a real server', () => {
  let served: Served;
  let client: SearchClient;

  before(async () => {
    const service = createSearchService({
      search: {
        search: async (input) => ({
          status: 200,
          body: { ...input, queryProto: Object.getPrototypeOf(input.query) === Object.prototype },
        }),
        browse: async (input) => {
          // Type test: with the defaults applied, every parameter is present (these lines compile only so).
          const limit: number = input.query.limit;
          const locale: string = input.headers['x-locale'];
          const tags: string[] = input.query.tags;
          return { status: 200, body: { ...input, limit, locale, tags } };
        },
      },
    });
    served = await serve({ services: [service] });
    client = new SearchClient({ baseUrl: `${served.url}/search` });
  });
  after(() => served.runtime.stop());

  it('coerces path, query, header and cookie parameters by schema, style and explode', async () => {
    const result = await client.search({
      params: { index: 'books & more', shards: [1, 2, 3] },
      query: { q: 'dune', page: 2, exact: true, score: 0.5, id: [7, 8], fields: ['title', 'author'] },
      headers: { 'x-trace-id': 'abc' },
      cookies: { session: 's 1' },
    });
    expect(result).to.deep.include({ status: 200 });
    expect(result.body).to.deep.equal({
      params: { index: 'books & more', shards: [1, 2, 3] },
      query: { q: 'dune', page: 2, exact: true, score: 0.5, id: [7, 8], fields: ['title', 'author'] },
      headers: { 'x-trace-id': 'abc' },
      cookies: { session: 's 1' },
      queryProto: true,
    });
  });

  it('applies query, header and cookie defaults before the action runs, and callers may leave them out', async () => {
    const defaults = await client.browse();
    expect(defaults.body).to.deep.equal({
      query: { limit: 20, order: 'asc', tags: ['new'] },
      headers: { 'x-locale': 'en' },
      cookies: { theme: 'light' },
      limit: 20,
      locale: 'en',
      tags: ['new'],
    });
    const chosen = await client.browse({
      query: { limit: 5, order: 'desc', tags: ['old', 'rare'] },
      headers: { 'x-locale': 'fr' },
      cookies: { theme: 'dark' },
    });
    expect(chosen.body).to.deep.include({
      query: { limit: 5, order: 'desc', tags: ['old', 'rare'] },
      headers: { 'x-locale': 'fr' },
      cookies: { theme: 'dark' },
    });
  });

  it('validates a value given in place of a default as it would any other', async () => {
    const response = await fetch(`${served.url}/search/browse?limit=0&order=up`);
    expect(response.status).to.equal(400);
    expect((await response.json()).errors.map((e: { pointer: string }) => e.pointer)).to.deep.equal([
      '/query/limit',
      '/query/order',
    ]);
  });

  it('serves a contract that lists the 400 limis answers, which this one leaves out', async () => {
    const contract = await (await fetch(`${served.url}/search/openapi.json`)).json();
    expect(contract.paths['/search/{index}/{shards}'].get.responses).to.deep.equal({
      '200': {
        description: 'The parsed parameters, echoed.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Echo' } } },
      },
      '400': { $ref: '#/components/responses/LimisBadRequest' },
    });
    expect(contract.components.responses.LimisBadRequest.content).to.deep.equal({
      'application/problem+json': { schema: { $ref: '#/components/schemas/LimisProblem' } },
    });
    const problem = await (await fetch(`${served.url}/search/browse?limit=0`)).json();
    expect(Object.keys(problem)).to.have.members(Object.keys(contract.components.schemas.LimisProblem.properties));
  });

  it('treats a query parameter named __proto__ as data, never as a prototype', async () => {
    const response = await fetch(`${served.url}/search/search/books/1?q=x&__proto__=polluted`);
    const body = await response.json();
    expect(body.query).to.deep.equal(JSON.parse('{"q":"x","__proto__":"polluted"}'));
    expect(body.queryProto).to.equal(true);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('answers 400 problem+json listing every invalid parameter by pointer', async () => {
    const response = await fetch(`${served.url}/search/search/books/1,x?page=0&exact=maybe&score=abc&id=1&id=two`);
    expect(response.status).to.equal(400);
    expect(response.headers.get('content-type')).to.equal('application/problem+json');
    const problem = await response.json();
    expect(problem.code).to.equal('LIMIS_ERR_VALIDATION');
    expect(problem.errors).to.deep.equal([
      { pointer: '/params/shards/1', message: 'must be integer' },
      { pointer: '/query/q', message: 'is required' },
      { pointer: '/query/page', message: 'must be >= 1' },
      { pointer: '/query/exact', message: 'must be boolean' },
      { pointer: '/query/score', message: 'must be number' },
      { pointer: '/query/id/1', message: 'must be integer' },
    ]);
  });

  it('the generated client surfaces an undeclared 400 as UnexpectedResponseError with the problem', async () => {
    const error = await client
      .search({ params: { index: 'i', shards: [1] }, query: { q: '' } })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).status).to.equal(400);
    expect((error as UnexpectedResponseError).body).to.deep.include({
      errors: [{ pointer: '/query/q', message: 'must NOT have fewer than 1 characters' }],
    });
  });
});
