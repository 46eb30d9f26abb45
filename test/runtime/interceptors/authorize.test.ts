import { expect } from 'chai';
import {
  type Authenticator,
  authorize,
  type CredentialSource,
  defineService,
  LimisError,
  type SecurityRequirement,
  scopesOf,
} from 'limis/runtime';
import { testHandler } from '../../helpers/handler.js';

const users = new Map([['ada', 'lovelace']]);
const auth: Authenticator = {
  service: 'vault',
  schemes: {
    basic: { type: 'http', scheme: 'basic' },
    session: { type: 'apiKey', in: 'cookie', name: 'vault-session' },
    key: { type: 'apiKey', in: 'query', name: 'key' },
    oauth: { type: 'oauth2' },
  },
  verifiers: {
    basic: ((c: { username: string; password: string }) =>
      users.get(c.username) === c.password ? { user: c.username } : undefined) as never,
    session: ((id: string) => (id === 's1' ? { session: id } : undefined)) as never,
    key: ((key: string) => (key === 'k1' ? { key } : undefined)) as never,
    oauth: ((token: string) =>
      token === 'boom' ? Promise.reject(new Error('issuer down')) : { scope: token }) as never,
  },
};

const source = (
  headers: CredentialSource['headers'] = {},
  query: CredentialSource['query'] = {},
): CredentialSource => ({ headers, query });
const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

async function failure(requirements: SecurityRequirement[], given: CredentialSource): Promise<LimisError> {
  const error = await authorize(auth, requirements, given).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).to.be.instanceOf(LimisError);
  return error as LimisError;
}

describe('authorize', () => {
  it('decodes Basic credentials, and refuses a wrong password or a value without a colon', async () => {
    expect(await authorize(auth, [{ basic: [] }], source(basic('ada', 'lovelace')))).to.deep.equal({
      principal: { user: 'ada' },
    });
    expect((await failure([{ basic: [] }], source(basic('ada', 'babbage')))).status).to.equal(401);
    const malformed = await failure(
      [{ basic: [] }],
      source({ authorization: `Basic ${Buffer.from('ada').toString('base64')}` }),
    );
    expect(malformed.headers?.['www-authenticate']).to.equal('Basic realm="vault", charset="UTF-8"');
  });

  it('finds API keys in cookies and the query', async () => {
    expect(await authorize(auth, [{ session: [] }], source({ cookie: 'a=b; vault-session=s1' }))).to.deep.equal({
      principal: { session: 's1' },
    });
    expect(await authorize(auth, [{ key: [] }], source({}, { key: 'k1' }))).to.deep.equal({ principal: { key: 'k1' } });
    expect((await failure([{ key: [] }], source({ 'x-key': 'k1' }))).headers?.['www-authenticate']).to.equal(
      'ApiKey realm="vault", in="query", name="key"',
    );
  });

  it('needs every scheme of one alternative (AND), any alternative (OR)', async () => {
    const both: SecurityRequirement[] = [{ basic: [], session: [] }];
    expect((await failure(both, source(basic('ada', 'lovelace')))).status).to.equal(401);
    expect(
      await authorize(auth, both, source({ ...basic('ada', 'lovelace'), cookie: 'vault-session=s1' })),
    ).to.deep.equal({ principal: { user: 'ada' } });
    expect(await authorize(auth, [{ basic: [] }, { key: [] }], source({}, { key: 'k1' }))).to.deep.equal({
      principal: { key: 'k1' },
    });
  });

  it('lets anonymous callers through where `{}` is an alternative, but not with refused credentials', async () => {
    const optional: SecurityRequirement[] = [{}, { key: [] }];
    expect(await authorize(auth, optional, source())).to.deep.equal({ principal: undefined });
    expect(await authorize(auth, optional, source({}, { key: 'k1' }))).to.deep.equal({ principal: { key: 'k1' } });
    expect((await failure(optional, source({}, { key: 'wrong' }))).code).to.equal('LIMIS_ERR_UNAUTHORIZED');
  });

  it('answers 403 when the credentials are valid but a scope is missing', async () => {
    const error = await failure([{ oauth: ['read', 'write'] }], source({ authorization: 'Bearer read' }));
    expect(error.status).to.equal(403);
    expect(error.headers?.['www-authenticate']).to.equal(
      'Bearer realm="vault", error="insufficient_scope", scope="read write"',
    );
    expect(
      await authorize(auth, [{ oauth: ['read', 'write'] }], source({ authorization: 'bearer read write' })),
    ).to.deep.equal({ principal: { scope: 'read write' } });
  });

  it('lets a verifier that throws fail the request as a server error, not as a refusal', async () => {
    const error = await authorize(auth, [{ oauth: [] }], source({ authorization: 'Bearer boom' })).catch(
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(Error).and.not.instanceOf(LimisError);
  });

  it('reads scopes from scopes, scope or scp', () => {
    expect(scopesOf({ scopes: ['a', 1, 'b'] })).to.deep.equal(['a', 'b']);
    expect(scopesOf({ scope: 'a  b' })).to.deep.equal(['a', 'b']);
    expect(scopesOf({ scp: ['c'] })).to.deep.equal(['c']);
    expect(scopesOf('a')).to.deep.equal([]);
  });

  it('never takes an Object.prototype member for a verifier or a scheme', async () => {
    const handler = testHandler({
      operationId: 'read',
      method: 'GET',
      path: '/x',
      invoke: async () => ({ status: 200 }),
      security: [{ toString: [] }],
    });
    expect(() =>
      defineService({
        name: 'v',
        path: 'v',
        handlers: [handler],
        securitySchemes: { toString: { type: 'http', scheme: 'bearer' } } as never,
      }),
    ).to.throw('no verifier for security scheme "toString"');
    const bypass = await authorize(
      { ...auth, schemes: { constructor: { type: 'http' as const, scheme: 'bearer' } }, verifiers: {} },
      [{ constructor: [] }],
      source({ authorization: 'Bearer x' }),
    ).catch((e: unknown) => e);
    expect(bypass).to.be.instanceOf(Error);
  });

  it('refuses at start-up a service whose operation needs a scheme without a verifier', () => {
    const handler = testHandler({
      operationId: 'read',
      method: 'GET',
      path: '/x',
      invoke: async () => ({ status: 200 }),
      security: [{ bearer: [] }],
    });
    expect(() =>
      defineService({
        name: 'v',
        path: 'v',
        handlers: [handler],
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      }),
    ).to.throw('service "v": no verifier for security scheme "bearer"; pass one as options.security.bearer');
    expect(() => defineService({ name: 'v', path: 'v', handlers: [handler] })).to.throw(
      'names security scheme "bearer", which is not declared',
    );
  });
});
