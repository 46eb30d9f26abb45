import { expect } from 'chai';
import { type Served, serve } from '../../../helpers/serve.js';
import { LedgerClient } from './expected/ledger/generated/client.js';
import type { GetAccountInput, TransferInput } from './expected/ledger/generated/component.js';
import { createLedgerService } from './expected/ledger/generated/routes.js';
import type { Account } from './expected/ledger/generated/types.js';

/** 2^53 + 1: the first integer a JavaScript number cannot hold (`JSON.parse` reads it as 2^53). */
const BEYOND = 9007199254740993n;

for (const adapter of ['koa', 'node'] as const)
  describe(`golden component/bigint (${adapter} adapter): x-limis-bigint integers exact end to end, as bigint`, () => {
    let served: Served;
    let client: LedgerClient;
    const received: Array<GetAccountInput | TransferInput> = [];
    before(async () => {
      const service = createLedgerService({
        ledger: {
          getAccount: async (input) => {
            received.push(input);
            const account: Account = {
              id: input.params.accountId,
              balance: (input.query.since ?? 0n) * 2n,
              version: 3,
              history: [{ amount: 5n }, { amount: null, note: 'closed' }],
              limits: { daily: 2n ** 63n - 1n },
              parent: { id: 1n, balance: -BEYOND, version: 1, history: [], parent: null },
            };
            return { status: 200, body: account };
          },
          transfer: async (input) => {
            received.push(input);
            return { status: 201, body: input.body };
          },
          getCounter: async ({ params }) => ({ status: 200, body: { value: params.counter } }),
        },
      });
      served = await serve({ services: [service], adapter });
      client = new LedgerClient({ baseUrl: `${served.url}/ledger` });
    });
    after(() => served.runtime.stop());

    it('hands the action bigints, from path, query and body, small or beyond 2^53', async () => {
      received.length = 0;
      await client.getAccount({ params: { accountId: BEYOND }, query: { since: 7n } });
      await client.transfer({ body: { from: 2n, to: BEYOND, amount: 2n ** 63n - 1n } });
      expect(received).to.deep.equal([
        { params: { accountId: BEYOND }, query: { since: 7n } },
        { body: { from: 2n, to: BEYOND, amount: 2n ** 63n - 1n } },
      ]);
    });

    it('gives the client bigints where the contract says so and numbers everywhere else', async () => {
      const result = await client.getAccount({ params: { accountId: BEYOND }, query: { since: BEYOND } });
      if (result.status !== 200) throw new Error(`expected 200, got ${result.status}`);
      expect(result.body).to.deep.equal({
        id: BEYOND,
        balance: BEYOND * 2n,
        version: 3,
        history: [{ amount: 5n }, { amount: null, note: 'closed' }],
        limits: { daily: 2n ** 63n - 1n },
        parent: { id: 1n, balance: -BEYOND, version: 1, history: [], parent: null },
      });
    });

    it('writes the digits exactly on the wire, as JSON numbers', async () => {
      const response = await fetch(`${served.url}/ledger/transfers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"from":1,"to":9223372036854775807,"amount":9007199254740993}',
      });
      expect(response.status).to.equal(201);
      expect(await response.text()).to.equal('{"from":1,"to":9223372036854775807,"amount":9007199254740993}');
    });

    it('refuses, located, what is not a 64-bit integer within the contract’s bounds', async () => {
      const problems = async (body: string) => {
        const response = await fetch(`${served.url}/ledger/transfers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(response.status).to.equal(400);
        return (await response.json()).errors;
      };
      expect(await problems('{"from":1,"to":2,"amount":9223372036854775808}')).to.deep.equal([
        { pointer: '/body/amount', message: 'must be <= 9223372036854775807' },
      ]);
      expect(await problems('{"from":0,"to":"2","amount":1.5}')).to.deep.equal([
        { pointer: '/body/from', message: 'must be >= 1' },
        { pointer: '/body/to', message: 'must be integer' },
        { pointer: '/body/amount', message: 'must be integer' },
      ]);
      const path = await fetch(`${served.url}/ledger/accounts/12x`);
      expect(path.status).to.equal(400);
      expect((await path.json()).errors).to.deep.equal([{ pointer: '/params/accountId', message: 'must be integer' }]);
    });

    it('without x-limis-bigint, refuses an int64 beyond 2^53−1 in a path saying why, never a bare "must be integer"', async () => {
      const response = await fetch(`${served.url}/ledger/counters/9007199254740993`);
      expect(response.status).to.equal(400);
      expect((await response.json()).errors).to.deep.equal([
        {
          pointer: '/params/counter',
          message:
            'must be at most 9007199254740991: integers beyond ±(2^53−1) are not held exactly by a JavaScript number (see x-limis-bigint)',
        },
      ]);
      const ok = await client.getCounter({ params: { counter: 2 ** 53 - 1 } });
      expect(ok).to.deep.include({ status: 200, body: { value: 2 ** 53 - 1 } });
    });
  });
