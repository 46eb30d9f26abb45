import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { SignJWT } from 'jose';
import { jwtVerifier, type MessageContext, type Service } from 'limis/runtime';
import { generate } from '../../generator/index.js';
import { type Served, serve } from '../helpers/serve.js';
import { removeDir, repoRoot, scratchDir, typeCheck, writeFiles } from '../helpers/workspace.js';
import { RawClient, refusedUpgrade, settle } from '../helpers/ws.js';

const contract = join(repoRoot, 'test/golden/asyncapi/secured/contract.yaml');
const secret = 'board-test-secret';
const token = (scope: string, expiresIn = '5m') =>
  new SignJWT({ scope })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('ann')
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));

/** The AsyncAPI security golden contract: generated, type-checked, served; consumers authenticated at the upgrade and per message. */
describe('WebSocket security (generated from AsyncAPI server and operation security)', () => {
  let dir: string;
  let createBoardService: (components: unknown, options: unknown) => Service;
  let served: Served;
  let seen: Array<{ action: string; principal: unknown }>;

  before(async function () {
    this.timeout(60_000);
    dir = await scratchDir('ws-security');
    const { files } = await generate({ contracts: [contract], outDir: dir });
    await writeFiles(
      '/',
      files.map((f) => ({ path: join(repoRoot, f.path), text: f.text })),
    );
    await writeFiles(dir, [
      {
        path: 'board/impl.ts',
        text: `import { jwtVerifier, type JwtVerifierOptions } from 'limis/runtime';
import type { BoardSecurity, NoticesComponent } from './generated/component.js';

export interface Caller { sub?: string; scope?: string }

export function security(options: JwtVerifierOptions, key: string): BoardSecurity<Caller> {
  const verify = jwtVerifier<Caller & Record<string, unknown>>(options);
  return { token: verify, admin: verify, key: (given) => (given === key ? { sub: 'kiosk' } : undefined) };
}

export const typed: NoticesComponent<Caller> = {
  async postNotice(input, context) { void input.payload.text; void context.principal?.sub; },
  async pinNotice(input) { void input.payload.id; },
};
`,
      },
    ]);
    expect(await typeCheck(dir)).to.equal('');
    ({ createBoardService } = await import(pathToFileURL(join(dir, 'board/generated/channels.ts')).href));
  });
  after(() => removeDir(dir));

  beforeEach(async () => {
    seen = [];
    const record = (action: string) => async (_input: unknown, context: MessageContext) => {
      seen.push({ action, principal: context.principal });
    };
    const board = createBoardService(
      { notices: { postNotice: record('postNotice'), pinNotice: record('pinNotice') } },
      {
        security: {
          token: jwtVerifier({ secret }),
          admin: jwtVerifier({ secret }),
          key: (key: string) => (key === 'kiosk-key' ? { sub: 'kiosk' } : undefined),
        },
      },
    );
    served = await serve({ services: [board], ws: { port: 'http', messageRate: { messages: 5, per: 60_000 } } });
  });
  afterEach(() => served.runtime.stop());

  const url = (query = '') => `${served.url.replace('http', 'ws')}/board/notices${query}`;

  it('refuses an upgrade without credentials with 401 and a challenge per scheme', async () => {
    const refused = await refusedUpgrade(url());
    expect(refused.status).to.equal(401);
    expect(refused.headers['www-authenticate']).to.equal(
      'Bearer realm="board", ApiKey realm="board", in="query", name="key"',
    );
    expect(JSON.parse(refused.body)).to.include({ code: 'LIMIS_ERR_UNAUTHORIZED' });
    expect((await refusedUpgrade(url('?key=wrong'))).status).to.equal(401);
    expect(
      (await refusedUpgrade(url(), { authorization: `Bearer ${await token('', '-1s')}` })).headers['www-authenticate'],
    ).to.include('error="invalid_token"');
  });

  it('admits an API key in the query, a bearer header, or ?access_token= (browsers cannot set headers)', async () => {
    for (const [query, headers] of [
      ['?key=kiosk-key', undefined],
      ['', { authorization: `Bearer ${await token('')}` }],
      [`?access_token=${await token('')}`, undefined],
    ] as const) {
      const client = await RawClient.open(url(query), headers);
      client.send(JSON.stringify({ message: 'post', payload: { text: 'hi' } }));
      await settle(50);
      await client.close();
    }
    expect(seen.map((s) => (s.principal as { sub: string }).sub)).to.deep.equal(['kiosk', 'ann', 'ann']);
  });

  it("checks each message's own requirement: 403 error frame without the scope, the socket stays open", async () => {
    const client = await RawClient.open(url(), { authorization: `Bearer ${await token('board:read')}` });
    client.send(JSON.stringify({ message: 'pin', payload: { id: 1 } }));
    expect(JSON.parse((await client.next())[0]!)).to.deep.equal({
      error: { code: 'LIMIS_ERR_FORBIDDEN', detail: 'this operation needs the scopes: board:admin' },
    });
    client.send(JSON.stringify({ message: 'post', payload: { text: 'still open' } }));
    await settle(50);
    expect(seen.map((s) => s.action)).to.deep.equal(['postNotice']);
    const admin = await RawClient.open(url(), { authorization: `Bearer ${await token('board:admin')}` });
    admin.send(JSON.stringify({ message: 'pin', payload: { id: 1 } }));
    await settle(50);
    expect(seen.map((s) => s.action)).to.deep.equal(['postNotice', 'pinNotice']);
    await Promise.all([client.close(), admin.close()]);
  });

  it('closes with 1008 once the token the connection presented has expired', async function () {
    this.timeout(10_000);
    const client = await RawClient.open(url(), { authorization: `Bearer ${await token('', '1s')}` });
    await settle(1100);
    client.send(JSON.stringify({ message: 'post', payload: { text: 'late' } }));
    expect(JSON.parse((await client.next())[0]!).error.code).to.equal('LIMIS_ERR_UNAUTHORIZED');
    expect((await client.closed).code).to.equal(1008);
    expect(seen).to.deep.equal([]);
  });

  it("refuses messages past the connection's rate, and closes a connection sending twice as many", async () => {
    const client = await RawClient.open(url('?key=kiosk-key'));
    for (let i = 0; i < 7; i++) client.send(JSON.stringify({ message: 'post', payload: { text: `n${i}` } }));
    const refused = (await client.next(2)).map((frame) => JSON.parse(frame).error.code);
    expect(refused).to.deep.equal(['LIMIS_ERR_RATE_LIMITED', 'LIMIS_ERR_RATE_LIMITED']);
    await settle(50);
    expect(seen).to.have.length(5);
    for (let i = 0; i < 4; i++) client.send('{}');
    expect((await client.closed).code).to.equal(1008);
    expect(served.errors).to.deep.equal([]);
  });
});
