import { expect } from 'chai';
import { type Served, serve } from '../../../helpers/serve.js';
import { InventoryClient } from './expected/inventory/generated/client.js';
import type { GetHistoryResult, GetItemResult, ReserveItemResult } from './expected/inventory/generated/component.js';
import { createInventoryService } from './expected/inventory/generated/routes.js';

describe('golden component/responses: every declared response shape over a real server', () => {
  let served: Served;
  let client: InventoryClient;
  const answers: Record<string, GetItemResult> = {
    'ABC-1': { status: 200, body: { sku: 'ABC-1', stock: 3, note: null }, headers: { etag: '"v1"' } },
    'CSV-2': { status: 200, body: 'sku,stock\nCSV-2,4\n', contentType: 'text/csv', headers: { etag: '"v2"' } },
    'BAD-3': { status: 200, body: { sku: 'BAD-3', stock: -1 }, headers: { etag: '"v3"' } },
    'GON-4': { status: 404 },
    'ERR-5': { status: 503, body: { title: 'Service Unavailable', status: 503 } },
  };
  // Type tests: each line compiles only while the contract's statuses are kept apart (`npm run typecheck`).
  // @ts-expect-error 200's body is an Item: a Problem comes only with a status the operation does not list
  const problemUnder200: GetItemResult = { status: 200, body: { title: 'Oops', status: 500 } };
  // @ts-expect-error 2000 is no HTTP status, so not even `default` takes it
  const notHttp: GetHistoryResult = { status: 2000, body: [] };
  // @ts-expect-error 201 is covered by the 2XX range, which has no body, not by `default`
  const rangeCodeWithProblem: ReserveItemResult = { status: 201, body: { title: 'Created?' } };

  before(async () => {
    const service = createInventoryService({
      items: {
        getItem: async ({ params }) =>
          params.sku === 'BAD-6' ? problemUnder200 : (answers[params.sku] ?? { status: 404 }),
        deleteItemsBySku: async () => ({ status: 204 }),
        addItem: async ({ body }) => {
          if (body?.sku === 'LATER') return { status: 202 };
          if (body?.sku === 'TAKEN') return { status: 409, body: { title: 'Conflict', status: 409 } };
          if (body?.sku === 'ODD') return { status: 299 };
          return { status: 201, body: body ?? { sku: 'NEW-0', stock: 0 } };
        },
        getHistory: async ({ params }) => (params.sku === 'TEA-1' ? { status: 418, body: ['brewed'] } : notHttp),
        reserveItem: async ({ params }) => {
          if (params.sku === 'NOW-1') return { status: 200, body: { sku: 'NOW-1', stock: 0 } };
          if (params.sku === 'LTR-2') return { status: 202 };
          if (params.sku === 'ODD-3') return rangeCodeWithProblem;
          return { status: 409, body: { title: 'Conflict', status: 409 } };
        },
      },
      inventory: { health: async () => ({ status: 200, body: 'ok' }) },
    });
    served = await serve({ services: [service], contextRoot: 'api' });
    client = new InventoryClient({ baseUrl: `${served.url}/api/v2/inventory` });
  });
  after(() => served.runtime.stop());

  it('mounts the service at x-limis-service.path below the context root', async () => {
    expect(await client.health()).to.deep.include({ status: 200, body: 'ok' });
    expect((await fetch(`${served.url}/v2/inventory/health`)).status).to.equal(404);
  });

  it('writes JSON with its declared response header', async () => {
    const result = await client.getItem({ params: { sku: 'ABC-1' } });
    // `default` covers only the codes the operation does not list, so `status === 200` narrows to the 200 response.
    if (result.status !== 200) throw new Error(`expected the 200 response, got ${result.status}`);
    expect(result.body).to.deep.equal({ sku: 'ABC-1', stock: 3, note: null });
    expect(result.contentType).to.equal('application/json');
    expect(result.headers.etag).to.equal('"v1"');
  });

  it('writes the second media type when the action names it', async () => {
    const response = await fetch(`${served.url}/api/v2/inventory/items/CSV-2`);
    expect(response.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(await response.text()).to.equal('sku,stock\nCSV-2,4\n');
  });

  it('answers a body-less 404 and a `default` response with the status the action chose', async () => {
    expect(await client.getItem({ params: { sku: 'GON-4' } })).to.deep.include({ status: 404 });
    const error = await client.getItem({ params: { sku: 'ERR-5' } });
    expect(error).to.deep.include({ status: 503, body: { title: 'Service Unavailable', status: 503 } });
  });

  it('refuses, as a 500 that hides the detail, a response that breaks the contract', async () => {
    const response = await fetch(`${served.url}/api/v2/inventory/items/BAD-3`);
    expect(response.status).to.equal(500);
    expect(await response.json()).to.deep.equal({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'The server could not complete the request.',
      code: 'LIMIS_ERR_INVALID_RESPONSE',
    });
    expect(String((served.errors.at(-1) as Error).message)).to.equal(
      'action getItem returned a 200 body that does not match its contract: /body/stock must be >= 0',
    );
  });

  it('answers codes a 2XX or 4XX range covers, typed by the range, unregistered codes of the class included', async () => {
    const later = await client.addItem({ body: { sku: 'LATER', stock: 1 } });
    expect(later).to.deep.include({ status: 202 });
    const taken = await client.addItem({ body: { sku: 'TAKEN', stock: 1 } });
    expect(taken).to.deep.include({ status: 409, body: { title: 'Conflict', status: 409 } });
    if (taken.status === 201) throw new Error('narrowing by a listed code must exclude the ranges');
    const odd = await fetch(`${served.url}/api/v2/inventory/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"sku":"ODD","stock":1}',
    });
    expect(odd.status).to.equal(299);
  });

  it('refuses, as a 500, what the types refuse: a Problem under 200, a status outside HTTP, a body a range lacks', async () => {
    for (const url of ['items/BAD-6', 'items/ANY/history', 'items/ODD-3/reservations']) {
      const response = await fetch(`${served.url}/api/v2/inventory/${url}`, {
        method: url.endsWith('reservations') ? 'POST' : 'GET',
      });
      expect(response.status, url).to.equal(500);
    }
  });

  it('types a `default`-only operation by any status, and maps the statuses nothing lists to `default`', async () => {
    const tea = await client.getHistory({ params: { sku: 'TEA-1' } });
    expect(tea).to.deep.include({ status: 418, body: ['brewed'] });
    const now = await client.reserveItem({ params: { sku: 'NOW-1' } });
    if (now.status !== 200) throw new Error(`expected 200, got ${now.status}`);
    expect(now.body.stock).to.equal(0);
    expect(await client.reserveItem({ params: { sku: 'LTR-2' } })).to.deep.include({ status: 202 });
    const refused = await client.reserveItem({ params: { sku: 'FUL-4' } });
    if (refused.status === 200 || refused.status === 202) throw new Error('409 is the `default` response');
    if (!('body' in refused)) throw new Error('the `default` response has a body');
    expect(refused.body).to.deep.equal({ title: 'Conflict', status: 409 });
  });

  it('validates path parameters against their pattern', async () => {
    const response = await fetch(`${served.url}/api/v2/inventory/items/lowercase`);
    expect(response.status).to.equal(400);
    expect((await response.json()).errors).to.deep.equal([
      { pointer: '/params/sku', message: 'must match pattern "^[A-Z]{3}-\\d+$"' },
    ]);
  });

  it('accepts an optional body left out, and a 204', async () => {
    expect(await client.addItem()).to.deep.include({ status: 201, body: { sku: 'NEW-0', stock: 0 } });
    expect(await client.deleteItemsBySku({ params: { sku: 'ABC-1' } })).to.deep.include({ status: 204 });
  });
});
