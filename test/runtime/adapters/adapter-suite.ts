import { request as httpRequest } from 'node:http';
import { expect } from 'chai';
import { createFetchHandler, createLambdaHandler, defineService } from 'limis/runtime';
import { testHandler } from '../../helpers/handler.js';
import { lambdaFetch } from '../../helpers/lambda.js';
import { type Served, serve } from '../../helpers/serve.js';

let release: () => void = () => {};

const service = defineService({
  name: 'probe',
  path: 'probe',
  handlers: [
    testHandler({ method: 'GET', path: '/items', invoke: async () => ({ status: 200, body: { items: [] } }) }),
    testHandler({ method: 'GET', path: '/items/mine', invoke: async () => ({ status: 200, body: 'literal wins' }) }),
    testHandler({
      method: 'GET',
      path: '/items/{id}',
      parse: (r) => ({ id: r.params.id }),
      invoke: async (input) => ({ status: 200, body: input }),
    }),
    testHandler({
      method: 'POST',
      path: '/items',
      requestBody: { required: true, media: [{ mediaType: 'application/json', kind: 'json' }] },
      bodyLimit: 256,
      invoke: async (input) => ({ status: 200, body: input }),
    }),
    testHandler({
      method: 'GET',
      path: '/boom',
      invoke: async () => {
        throw new Error('secret database password in message');
      },
    }),
    testHandler({ method: 'GET', path: '/undeclared', invoke: async () => ({ status: 418, body: 'teapot' }) }),
    testHandler({
      method: 'GET',
      path: '/slow',
      invoke: () =>
        new Promise((resolve) => {
          release = () => resolve({ status: 200, body: 'finished' });
        }),
    }),
  ],
});

/** What a suite run reaches the adapter through: a server's URL and the global fetch, or a handler called in-process. */
let call: (url: string, init?: RequestInit) => Promise<Response> = fetch;

async function send(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; json: any }> {
  const response = await call(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === '' ? undefined : JSON.parse(text) };
}

/**
 * The behaviour every HTTP adapter must share: run by koa.test.ts and node.test.ts over a server, and by fetch.test.ts
 * and lambda.test.ts through their handlers, which have no server to add services to or stop.
 */
export function adapterSuite(adapter: 'koa' | 'node' | 'fetch' | 'lambda'): void {
  let served: Served;
  let base: string;
  const inProcess = adapter === 'fetch' || adapter === 'lambda';
  const errors: unknown[] = [];
  beforeEach(async () => {
    errors.length = 0;
    if (adapter === 'fetch' || adapter === 'lambda') {
      const options = { bodyLimit: 1024, onError: (error: unknown) => errors.push(error) };
      const handle = adapter === 'fetch' ? createFetchHandler([service], options) : undefined;
      call = handle
        ? (url, init) => handle(new Request(url, init))
        : lambdaFetch(createLambdaHandler([service], options));
      base = 'http://limis.test/probe';
      return;
    }
    call = fetch;
    served = await serve({ services: [service], bodyLimit: 1024, adapter });
    base = `${served.url}/probe`;
  });
  afterEach(async () => {
    release();
    if (!inProcess) await served.runtime.stop();
  });
  const reported = () => (inProcess ? errors : served.errors);

  it('prefers a literal segment over a parameter, whatever the order', async () => {
    expect((await send(`${base}/items/mine`)).json).to.equal('literal wins');
    expect((await send(`${base}/items/42`)).json).to.deep.equal({ id: '42' });
  });

  it('decodes path parameters', async () => {
    expect((await send(`${base}/items/a%20b%2Fc`)).json).to.deep.equal({ id: 'a b/c' });
  });

  it('answers 404 problem+json for an unknown path', async () => {
    const response = await send(`${base}/nothing`);
    expect(response.status).to.equal(404);
    expect(response.headers.get('content-type')).to.equal('application/problem+json');
    expect(response.json).to.deep.equal({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'nothing is served at /probe/nothing',
      code: 'LIMIS_ERR_NOT_FOUND',
    });
  });

  it('answers 405 with Allow for a known path and another method', async () => {
    const response = await send(`${base}/items`, { method: 'DELETE' });
    expect(response.status).to.equal(405);
    expect(response.headers.get('allow')).to.equal('HEAD, GET, POST');
    expect(response.json.code).to.equal('LIMIS_ERR_METHOD_NOT_ALLOWED');
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await send(`${base}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(response.status).to.equal(400);
    expect(response.json.code).to.equal('LIMIS_ERR_INVALID_JSON');
    expect(response.json.detail).to.match(/^the request body is not valid JSON: /);
  });

  it('answers 400 for a JSON body nested deeper than 64 levels', async () => {
    const deep = '['.repeat(65) + ']'.repeat(65);
    const response = await send(`${base}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: deep,
    });
    expect(response.status).to.equal(400);
    expect(response.json.detail).to.equal('the request body nests deeper than 64 levels');
    const fine = '['.repeat(20) + ']'.repeat(20);
    expect(
      (await send(`${base}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fine }))
        .status,
    ).to.equal(200);
  });

  it('answers OPTIONS with the allowed methods, and HEAD like GET without a body', async () => {
    const options = await call(`${base}/items`, { method: 'OPTIONS' });
    expect(options.status).to.equal(200);
    expect(options.headers.get('allow')).to.equal('HEAD, GET, POST');
    const head = await call(`${base}/items`, { method: 'HEAD' });
    expect(head.status).to.equal(200);
    expect(head.headers.get('content-type')).to.match(/^application\/json/);
    expect(await head.text()).to.equal('');
  });

  it('answers 400 when a required body is missing', async () => {
    const response = await send(`${base}/items`, { method: 'POST' });
    expect(response.status).to.equal(400);
    expect(response.json.code).to.equal('LIMIS_ERR_BODY_REQUIRED');
  });

  it('answers 413 past the operation body limit, and by Content-Length before reading', async () => {
    const response = await send(`${base}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 'x'.repeat(300) }),
    });
    expect(response.status).to.equal(413);
    expect(response.json).to.deep.include({
      code: 'LIMIS_ERR_BODY_TOO_LARGE',
      detail: 'the request body is larger than the 256-byte limit',
    });
    expect(
      (
        await send(`${base}/items`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"a":1}',
        })
      ).json,
    ).to.deep.equal({ body: { a: 1 } });
  });

  it('answers 415 for a media type the operation does not accept', async () => {
    const response = await send(`${base}/items`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hi',
    });
    expect(response.status).to.equal(415);
    expect(response.json.detail).to.equal('Content-Type text/plain is not accepted; send one of: application/json');
  });

  it('turns a thrown error into a 500 that exposes nothing, and keeps serving', async () => {
    const response = await send(`${base}/boom`);
    expect(response.status).to.equal(500);
    expect(JSON.stringify(response.json)).not.to.include('secret');
    expect(response.json.code).to.equal('LIMIS_ERR_INTERNAL');
    expect((reported()[0] as Error).message).to.equal('secret database password in message');
    expect((await send(`${base}/items`)).status).to.equal(200);
  });

  it('refuses a status the contract does not declare', async () => {
    const response = await send(`${base}/undeclared`);
    expect(response.status).to.equal(500);
    expect((reported()[0] as Error).message).to.equal(
      'action get/undeclared returned status 418, which its contract does not declare',
    );
  });

  if (inProcess) return;

  it('serves a service added after start', async () => {
    served.runtime.addService(
      defineService({
        name: 'late',
        path: 'late',
        handlers: [testHandler({ method: 'GET', path: '/ping', invoke: async () => ({ status: 200, body: 'pong' }) })],
      }),
    );
    expect((await send(`${served.url}/late/ping`)).json).to.equal('pong');
    expect((await send(`${base}/items`)).status).to.equal(200);
  });

  it('stop() stops accepting but lets an in-flight request finish', async () => {
    const inFlight = send(`${base}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    let stopped = false;
    const stopping = served.runtime.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped, 'stop() waited for the request').to.equal(false);
    const refused = await new Promise<string>((resolve) => {
      httpRequest(`${base}/items`, { agent: false })
        .on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
        .on('response', () => resolve('answered'))
        .end();
    });
    expect(refused).to.equal('ECONNREFUSED');
    release();
    expect((await inFlight).json).to.equal('finished');
    await stopping;
    expect(stopped).to.equal(true);
  });
}

describe('defineService and createRuntime fail fast on programmer errors', () => {
  it('rejects a path that is not URL segments', () => {
    expect(() => defineService({ name: 'x', path: '/x/', handlers: [] })).to.throw(
      TypeError,
      'service "x": path must be URL segments such as "pets" or "v1/pets", got "/x/"',
    );
  });

  it('rejects two services on one path', async () => {
    const ping = testHandler({ method: 'GET', path: '/ping', invoke: async () => ({ status: 200, body: 'pong' }) });
    const a = defineService({ name: 'a', path: 'same', handlers: [ping] });
    const b = defineService({ name: 'b', path: 'same', handlers: [ping] });
    let error: unknown;
    try {
      await serve({ services: [a, b], adapter: 'node' });
    } catch (e) {
      error = e;
    }
    expect(error)
      .to.be.instanceOf(TypeError)
      .with.property('message', 'HTTP services "a" and "b" are both mounted at "same"');
  });
});
