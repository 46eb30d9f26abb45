import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { createFetchHandler, defineService } from 'limis/runtime';
import hello from '../../../services/hello/index.js';
import { testHandler } from '../../helpers/handler.js';
import { petstoreSecrets, petstoreService } from '../../helpers/petstore.js';

const base = 'http://limis.test';
const app = 'https://app.example.com';

describe('createFetchHandler (WHATWG Request → Response)', () => {
  const errors: unknown[] = [];
  const boom = defineService({
    name: 'boom',
    path: 'boom',
    handlers: [
      testHandler({
        method: 'GET',
        path: '/now',
        responses: { '200': [] },
        invoke: async () => {
          throw new Error('secret');
        },
      }),
    ],
  });
  const handle = createFetchHandler([hello, petstoreService(), boom], {
    cors: { origins: [app] },
    onError: (error) => errors.push(error),
  });
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await handle(new Request(base + path, init));
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  };
  const json = { 'content-type': 'application/json', 'x-api-key': petstoreSecrets.apiKey };

  it('serves the generated handlers: text, JSON, HEAD, the contract', async () => {
    expect(await call('/hello/hello')).to.deep.include({ status: 200, body: 'hello' });
    expect(await call('/hello/hello', { method: 'HEAD' })).to.deep.include({ status: 200, body: '' });
    const created = await call('/petstore/pets', { method: 'POST', headers: json, body: '{"name":"Rex"}' });
    expect(created.status).to.equal(201);
    expect(JSON.parse(created.body)).to.deep.include({ name: 'Rex' });
    const listed = await call('/petstore/pets');
    expect([listed.status, listed.headers['x-total-count']]).to.deep.equal([200, '1']);
    expect(JSON.parse((await call('/petstore/openapi.json')).body).info.title).to.be.a('string');
  });

  it('answers what cannot be served as the node adapter does: 404, 405 with Allow, OPTIONS, 400, 401, 500', async () => {
    expect((await call('/nothing')).status).to.equal(404);
    expect((await call('/petstore/pets//1')).status).to.equal(404);
    const patch = await call('/petstore/pets', { method: 'PATCH' });
    expect([patch.status, patch.headers.allow, patch.headers['content-type']]).to.deep.equal([
      405,
      'HEAD, GET, POST',
      'application/problem+json',
    ]);
    expect(await call('/petstore/pets', { method: 'OPTIONS' })).to.deep.include({
      status: 200,
      body: 'HEAD, GET, POST',
    });
    expect(JSON.parse((await call('/petstore/pets', { method: 'POST', headers: json, body: '{' })).body).code).to.equal(
      'LIMIS_ERR_INVALID_JSON',
    );
    expect(
      (
        await call('/petstore/pets', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"name":"x"}',
        })
      ).status,
    ).to.equal(401);
    const failed = await call('/boom/now');
    expect([failed.status, failed.body.includes('secret')]).to.deep.equal([500, false]);
    expect(errors.map(String)).to.deep.equal(['Error: secret']);
  });

  it('decodes gzip bodies through the decoded-size limit, and refuses other codings', async () => {
    const pet = gzipSync(Buffer.from('{"name":"Zipped"}'));
    expect(
      (await call('/petstore/pets', { method: 'POST', headers: { ...json, 'content-encoding': 'gzip' }, body: pet }))
        .status,
    ).to.equal(201);
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    expect(
      (await call('/petstore/pets', { method: 'POST', headers: { ...json, 'content-encoding': 'gzip' }, body: bomb }))
        .status,
    ).to.equal(413);
    const br = await call('/petstore/pets', {
      method: 'POST',
      headers: { ...json, 'content-encoding': 'br' },
      body: '{}',
    });
    expect([br.status, br.headers['accept-encoding']]).to.deep.equal([415, 'gzip, deflate, identity']);
    expect(
      (
        await call('/petstore/pets', {
          method: 'POST',
          headers: { ...json, 'content-encoding': 'gzip' },
          body: '{"name":"x"}',
        })
      ).status,
    ).to.equal(400);
    expect(
      (await call('/petstore/pets', { method: 'POST', headers: json, body: `{"name":"${'x'.repeat(20_000)}"}` }))
        .status,
    ).to.equal(413);
  });

  it('answers the probes and CORS before routing', async () => {
    expect(await call('/healthz')).to.deep.include({ status: 200, body: '{"status":"ok"}' });
    expect(await call('/readyz')).to.deep.include({ status: 200, body: '{"status":"ready"}' });
    const preflight = await call('/petstore/pets', {
      method: 'OPTIONS',
      headers: { origin: app, 'access-control-request-method': 'POST' },
    });
    expect([preflight.status, preflight.headers['access-control-allow-origin']]).to.deep.equal([204, app]);
    expect(
      (
        await call('/petstore/pets', {
          method: 'OPTIONS',
          headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
        })
      ).status,
    ).to.equal(403);
    const actual = await call('/petstore/pets', { headers: { origin: app } });
    expect(actual.headers).to.deep.include({
      'access-control-allow-origin': app,
      'access-control-expose-headers': 'x-total-count, x-request-id',
    });
  });
});

describe('createFetchHandler served over node:http through Node’s own Request and Response', () => {
  it('answers real sockets: a streamed request body in, a Response body out', async () => {
    const { createServer } = await import('node:http');
    const { Readable } = await import('node:stream');
    const handle = createFetchHandler([hello, petstoreService()]);
    // The bridge a user writes to host the handler on Node without an adapter package.
    const server = createServer(async (request, response) => {
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      const init: RequestInit & { duplex?: 'half' } = {
        method: request.method,
        headers: Object.entries(request.headers).flatMap(([name, value]) =>
          value === undefined ? [] : [[name, String(value)] as [string, string]],
        ),
        ...(hasBody ? { body: Readable.toWeb(request) as ReadableStream, duplex: 'half' } : {}),
      };
      const answer = await handle(new Request(`http://${request.headers.host}${request.url}`, init));
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      expect(await (await fetch(`http://127.0.0.1:${port}/hello/hello`)).text()).to.equal('hello');
      const created = await fetch(`http://127.0.0.1:${port}/petstore/pets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': petstoreSecrets.apiKey },
        body: '{"name":"Bridged"}',
      });
      expect([created.status, (await created.json()).name]).to.deep.equal([201, 'Bridged']);
      expect((await fetch(`http://127.0.0.1:${port}/petstore/pets/abc`)).status).to.equal(400);
    } finally {
      server.close();
    }
  });
});
