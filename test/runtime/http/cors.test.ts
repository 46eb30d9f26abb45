import { request as httpRequest } from 'node:http';
import { expect } from 'chai';
import { createRuntime } from 'limis/runtime';
import hello from '../../../services/hello/index.js';
import { createPetsComponent } from '../../../services/petstore/components/pets.js';
import { createPetstoreService } from '../../../services/petstore/generated/routes.js';
import { createPetstoreSecurity } from '../../../services/petstore/security.js';
import { petstoreSecrets, petstoreService } from '../../helpers/petstore.js';
import { type Served, serve } from '../../helpers/serve.js';

function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const app = 'https://app.example.com';

for (const adapter of ['koa', 'node'] as const)
  describe(`CORS (${adapter} adapter)`, () => {
    let served: Served;
    before(async () => {
      served = await serve({
        services: [petstoreService()],
        adapter,
        cors: { origins: [app, /^https:\/\/[a-z]+\.example\.org$/], credentials: true, maxAge: 60 },
      });
    });
    after(() => served.runtime.stop());

    it('answers a preflight from an allowed origin with 204 and what it may send', async () => {
      const answer = await send(`${served.url}/petstore/pets`, 'OPTIONS', {
        origin: app,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      });
      expect(answer.status).to.equal(204);
      expect(answer.headers).to.deep.include({
        'access-control-allow-origin': app,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET, HEAD, PUT, POST, DELETE, PATCH',
        'access-control-allow-headers': 'authorization, content-type',
        'access-control-max-age': '60',
        vary: 'Origin',
      });
    });

    it('refuses a preflight from any other origin with 403, reflecting nothing', async () => {
      for (const origin of [
        'https://evil.example.com',
        'https://app.example.com.evil.com',
        'null',
        'https://x.example.org.evil',
      ]) {
        const answer = await send(`${served.url}/petstore/pets`, 'OPTIONS', {
          origin,
          'access-control-request-method': 'POST',
        });
        expect(answer.status, origin).to.equal(403);
        expect(answer.headers['access-control-allow-origin'], origin).to.equal(undefined);
        expect(JSON.parse(answer.body).code).to.equal('LIMIS_ERR_FORBIDDEN');
      }
      expect(
        (
          await send(`${served.url}/petstore/pets`, 'OPTIONS', {
            origin: 'https://docs.example.org',
            'access-control-request-method': 'GET',
          })
        ).status,
      ).to.equal(204);
    });

    it('adds the CORS headers to actual answers for allowed origins, exposing the headers the contract declares', async () => {
      const created = await send(
        `${served.url}/petstore/pets`,
        'POST',
        { origin: app, 'content-type': 'application/json', 'x-api-key': petstoreSecrets.apiKey },
        '{"name":"Rex"}',
      );
      expect(created.status).to.equal(201);
      const listed = await send(`${served.url}/petstore/pets`, 'GET', { origin: app });
      expect(listed.headers).to.deep.include({
        'access-control-allow-origin': app,
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'x-total-count, x-request-id',
      });
      const refused = await send(
        `${served.url}/petstore/pets`,
        'POST',
        { origin: app, 'content-type': 'application/json' },
        '{"name":"Rex"}',
      );
      expect(refused.status).to.equal(401);
      expect(refused.headers['access-control-allow-origin']).to.equal(app);
      const other = await send(`${served.url}/petstore/pets`, 'GET', { origin: 'https://evil.example.com' });
      expect(other.status).to.equal(200);
      expect(other.headers['access-control-allow-origin']).to.equal(undefined);
      expect((await send(`${served.url}/petstore/pets`, 'OPTIONS', {})).status).to.equal(200);
    });
  });

describe('CORS per service', () => {
  it('lets a service allow its own origins, or none, over the runtime’s', async () => {
    const open = petstoreService({ cors: { origins: ['https://shop.example.com'] } });
    const closed = createPetstoreService(
      { pets: createPetsComponent() },
      { path: 'private', security: createPetstoreSecurity(petstoreSecrets), cors: false },
    );
    const served = await serve({ services: [open, closed, hello], cors: { origins: [app] } });
    try {
      const preflight = (path: string, origin: string) =>
        send(`${served.url}${path}`, 'OPTIONS', { origin, 'access-control-request-method': 'GET' });
      expect((await preflight('/petstore/pets', 'https://shop.example.com')).status).to.equal(204);
      expect((await preflight('/petstore/pets', app)).status).to.equal(403);
      expect((await preflight('/hello/hello', app)).status).to.equal(204);
      expect((await preflight('/hello/hello', 'https://shop.example.com')).status).to.equal(403);
      const closedAnswer = await preflight('/private/pets', app);
      expect(closedAnswer.status).to.equal(200);
      expect(closedAnswer.headers['access-control-allow-origin']).to.equal(undefined);
      expect(
        (await send(`${served.url}/petstore/pets`, 'GET', { origin: 'https://shop.example.com' })).headers,
      ).to.deep.include({
        'access-control-allow-origin': 'https://shop.example.com',
        'access-control-expose-headers': 'x-total-count, x-request-id',
      });
    } finally {
      await served.runtime.stop();
    }
  });
});

describe('CORS options fail fast', () => {
  it('refuses any origin with credentials, and origins that are not a list', () => {
    expect(() => createRuntime({ services: [], cors: { origins: '*', credentials: true } })).to.throw(
      TypeError,
      'createRuntime: cors.origins "*" cannot be combined with cors.credentials; list the origins',
    );
    expect(() => createRuntime({ services: [], cors: { origins: 'https://a.example' as never } })).to.throw(
      TypeError,
      /cors.origins must be "\*" or an array/,
    );
  });
});
