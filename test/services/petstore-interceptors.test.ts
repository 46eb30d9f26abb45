import { Writable } from 'node:stream';
import { expect } from 'chai';
import { type Interceptor, loggingInterceptor } from 'limis/runtime';
import { pino } from 'pino';
import { PetstoreClient } from '../../services/petstore/generated/client.js';
import { petstoreSecrets, petstoreService, petstoreToken } from '../helpers/petstore.js';
import { type Served, serve } from '../helpers/serve.js';

/**
 * The petstore example with all four built-in interceptors on: logging (registered on the runtime), authorization
 * and caching (from the contract's `security` and `x-limis-cache`) and request validation (always).
 */
for (const adapter of ['koa', 'node'] as const)
  describe(`petstore with logging, authorization, caching and validation (${adapter} adapter)`, () => {
    let served: Served;
    let lines: Array<Record<string, unknown>>;
    let principals: unknown[];
    let writer: string;
    let admin: string;

    before(async () => {
      writer = await petstoreToken('pets:write');
      admin = await petstoreToken('pets:write pets:admin');
    });

    beforeEach(async () => {
      lines = [];
      principals = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()));
          done();
        },
      });
      const logger = pino({ base: undefined, timestamp: false }, sink);
      const seePrincipal: Interceptor = async (ctx, next) => {
        principals.push(ctx.principal);
        await next();
      };
      served = await serve({
        services: [petstoreService({ actions: { createPet: [seePrincipal], getPet: [seePrincipal] } })],
        interceptors: [loggingInterceptor({ logger })],
        adapter,
      });
    });
    afterEach(() => served.runtime.stop());

    const url = (path: string) => `${served.url}/petstore${path}`;
    const post = (headers: Record<string, string>, body = '{"name":"Rex"}') =>
      fetch(url('/pets'), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    it('401 with a challenge per scheme when credentials are missing, and X-Request-Id on the error', async () => {
      const response = await post({ 'x-request-id': 'no-creds' });
      expect(response.status).to.equal(401);
      expect(response.headers.get('www-authenticate')).to.equal(
        'Bearer realm="petstore", ApiKey realm="petstore", in="header", name="X-API-Key"',
      );
      expect(response.headers.get('x-request-id')).to.equal('no-creds');
      expect(await response.json()).to.deep.include({
        status: 401,
        code: 'LIMIS_ERR_UNAUTHORIZED',
        detail: 'credentials are required: Authorization: Bearer or the header X-API-Key',
      });
    });

    it('401 with error="invalid_token" for a forged or expired token', async () => {
      for (const token of [
        await petstoreToken('pets:write', { secret: 'forged' }),
        await petstoreToken('pets:write', { expiresIn: '-1s' }),
      ]) {
        const response = await post({ authorization: `Bearer ${token}` });
        expect(response.status).to.equal(401);
        expect(response.headers.get('www-authenticate')).to.include('Bearer realm="petstore", error="invalid_token"');
        expect((await response.json()).detail).to.equal('the credentials were not accepted');
      }
    });

    it('403 with error="insufficient_scope" when the token lacks the scope, and nothing is deleted', async () => {
      expect((await post({ authorization: `Bearer ${writer}` })).status).to.equal(201);
      const response = await fetch(url('/pets/1'), {
        method: 'DELETE',
        headers: { authorization: `Bearer ${writer}` },
      });
      expect(response.status).to.equal(403);
      expect(response.headers.get('www-authenticate')).to.equal(
        'Bearer realm="petstore", error="insufficient_scope", scope="pets:admin"',
      );
      expect((await fetch(url('/pets/1'))).status).to.equal(200);
      expect(
        (await fetch(url('/pets/1'), { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } })).status,
      ).to.equal(204);
    });

    it("hands the verified principal to the action: the JWT claims, or the API key's client; none for a public read", async () => {
      expect((await post({ authorization: `Bearer ${writer}` })).status).to.equal(201);
      expect((await post({ 'x-api-key': petstoreSecrets.apiKey })).status).to.equal(201);
      await fetch(url('/pets/1'));
      expect(principals).to.have.length(3);
      expect(principals[0]).to.include({ sub: 'tester', scope: 'pets:write' });
      expect(principals[1]).to.deep.equal({ sub: 'back-office', scope: 'pets:write' });
      expect(principals[2]).to.equal(undefined);
    });

    it('304 for a cached read whose ETag the caller has, and a fresh body once a write changed it', async () => {
      const client = new PetstoreClient({ baseUrl: url(''), headers: { authorization: `Bearer ${writer}` } });
      await client.createPet({ body: { name: 'Rex' } });
      const first = await fetch(url('/pets/1'));
      const etag = first.headers.get('etag')!;
      expect(first.status).to.equal(200);
      expect(etag).to.match(/^"[\w-]{27}"$/);
      expect(first.headers.get('cache-control')).to.equal('public, max-age=60');
      expect(await first.json()).to.include({ name: 'Rex' });

      const again = await fetch(url('/pets/1'), { headers: { 'if-none-match': etag } });
      expect(again.status).to.equal(304);
      expect(again.headers.get('etag')).to.equal(etag);
      expect(await again.text()).to.equal('');
      expect(principals).to.have.length(2); // createPet, then the first getPet: the 304 came from the cache

      await client.updatePet({ params: { petId: 1 }, body: { name: 'Rex II' } });
      const changed = await fetch(url('/pets/1'), { headers: { 'if-none-match': etag } });
      expect(changed.status).to.equal(200);
      expect(changed.headers.get('etag')).not.to.equal(etag);
      expect(await changed.json()).to.include({ name: 'Rex II' });
    });

    it('keys the listing by query and Accept-Language, and a new pet clears it', async () => {
      await post({ 'x-api-key': petstoreSecrets.apiKey }, '{"name":"a"}');
      const english = await fetch(url('/pets?limit=5'), { headers: { 'accept-language': 'en' } });
      expect(english.headers.get('vary')).to.equal('accept-language');
      const etag = english.headers.get('etag')!;
      expect(
        (await fetch(url('/pets?limit=5'), { headers: { 'accept-language': 'en', 'if-none-match': etag } })).status,
      ).to.equal(304);
      expect(
        (await fetch(url('/pets?limit=5'), { headers: { 'accept-language': 'fr', 'if-none-match': etag } })).status,
      ).to.equal(304);
      await post({ 'x-api-key': petstoreSecrets.apiKey }, '{"name":"b"}');
      const after = await fetch(url('/pets?limit=5'), { headers: { 'accept-language': 'en', 'if-none-match': etag } });
      expect(after.status).to.equal(200);
      expect(((await after.json()) as unknown[]).length).to.equal(2);
    });

    it('400 for an invalid body from an authorized caller; the body of an unauthorized one is never read', async () => {
      const invalid = await post({ authorization: `Bearer ${writer}` }, '{"name":""}');
      expect(invalid.status).to.equal(400);
      expect((await invalid.json()).errors).to.deep.equal([
        { pointer: '/body/name', message: 'must NOT have fewer than 1 characters' },
      ]);
      expect((await post({}, '{')).status).to.equal(401);
      expect((await post({ authorization: `Bearer ${writer}` }, 'x'.repeat(20_000))).status).to.equal(413);
    });

    it('logs one line per action — 401, 403, 400, 201, 200, 304 — with the cache outcome and no credential', async () => {
      await post({ 'x-request-id': 'r1' });
      await fetch(url('/pets/1'), {
        method: 'DELETE',
        headers: { authorization: `Bearer ${writer}`, 'x-request-id': 'r2' },
      });
      await post({ authorization: `Bearer ${writer}`, 'x-request-id': 'r3' }, '{"name":""}');
      await post({ authorization: `Bearer ${writer}`, 'x-request-id': 'r4' });
      const etag = (await fetch(url('/pets/1'), { headers: { 'x-request-id': 'r5' } })).headers.get('etag')!;
      await fetch(url('/pets/1'), { headers: { 'x-request-id': 'r6', 'if-none-match': etag } });
      await new Promise((resolve) => setImmediate(resolve));
      const summary = lines.map(({ requestId, operation, status, code, cache, level }) => ({
        requestId,
        operation,
        status,
        level,
        ...(code ? { code } : {}),
        ...(cache ? { cache } : {}),
      }));
      expect(summary).to.deep.equal([
        { requestId: 'r1', operation: 'createPet', status: 401, level: 40, code: 'LIMIS_ERR_UNAUTHORIZED' },
        { requestId: 'r2', operation: 'deletePet', status: 403, level: 40, code: 'LIMIS_ERR_FORBIDDEN' },
        { requestId: 'r3', operation: 'createPet', status: 400, level: 40, code: 'LIMIS_ERR_VALIDATION' },
        { requestId: 'r4', operation: 'createPet', status: 201, level: 30 },
        { requestId: 'r5', operation: 'getPet', status: 200, level: 30, cache: 'miss' },
        { requestId: 'r6', operation: 'getPet', status: 304, level: 30, cache: 'hit' },
      ]);
      expect(JSON.stringify(lines)).not.to.include(writer.split('.')[2]!);
      expect(served.errors).to.deep.equal([]);
    });
  });
