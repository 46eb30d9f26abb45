import { expect } from 'chai';
import { WsRemoteError } from 'limis/client';
import WebSocket from 'ws';
import { type Served, serve } from '../../../helpers/serve.js';
import { createCalculatorService } from './expected/calculator/generated/channels.js';
import { CalculatorClient } from './expected/calculator/generated/ws-client.js';

describe('golden asyncapi/request-reply: a correlated reply over a real WebSocket', () => {
  let served: Served;
  before(async () => {
    const service = createCalculatorService({
      sums: {
        add: async ({ params, payload }) => {
          const value = payload.a + payload.b;
          return { id: '', value: params.precision === 'int' ? Math.round(value) : value };
        },
      },
    });
    served = await serve({ services: [service], ws: { port: 'http' } });
  });
  after(() => served.runtime.stop());

  it('resolves each request with its own reply, the correlation id copied by the runtime', async () => {
    const client = new CalculatorClient({ baseUrl: `${served.url.replace('http', 'ws')}/calculator` });
    const sums = await client.sums({ precision: 'float' });
    try {
      const results = await Promise.all([
        sums.requestSum({ a: 1, b: 2 }),
        sums.requestSum({ id: 'mine', a: 0.5, b: 0.25 }),
      ]);
      expect(results[0]!.value).to.equal(3);
      expect(results[0]!.id).to.match(/^[0-9a-f-]{36}$/);
      expect(results[1]).to.deep.equal({ id: 'mine', value: 0.75 });
    } finally {
      await sums.close();
    }
  });

  it('reads channel parameters from the path', async () => {
    const client = new CalculatorClient({ baseUrl: `${served.url.replace('http', 'ws')}/calculator` });
    const sums = await client.sums({ precision: 'int' });
    expect((await sums.requestSum({ a: 1.4, b: 1.4 })).value).to.equal(3);
    await sums.close();
  });

  it('refuses the upgrade for a parameter outside its enum', async () => {
    const client = new CalculatorClient({ baseUrl: `${served.url.replace('http', 'ws')}/calculator` });
    const error = await client.sums({ precision: 'double' as 'int' }).catch((e: Error) => e);
    expect(String(error)).to.equal(
      `Error: ${served.url.replace('http', 'ws')}/calculator/sums/double refused the connection: HTTP 400`,
    );
  });

  it('rejects a request with the error frame of its own correlation id, and keeps the socket open', async () => {
    const client = new CalculatorClient({ baseUrl: `${served.url.replace('http', 'ws')}/calculator` });
    const sums = await client.sums({ precision: 'float' });
    const errors: WsRemoteError[] = [];
    sums.onError((e) => errors.push(e));
    const error = await sums.requestSum({ id: 'bad', a: 'one' as unknown as number, b: 2 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(WsRemoteError);
    expect((error as WsRemoteError).code).to.equal('LIMIS_ERR_VALIDATION');
    expect((error as WsRemoteError).errors).to.deep.equal([{ pointer: '/payload/a', message: 'must be number' }]);
    expect(errors).to.have.length(1);
    expect((await sums.requestSum({ a: 2, b: 2 })).value).to.equal(4);
    await sums.close();
  });

  it('answers a raw client in the documented wire format: bare JSON payloads on a one-message channel', async () => {
    const socket = new WebSocket(`${served.url.replace('http', 'ws')}/calculator/sums/float`);
    await new Promise((resolve) => socket.once('open', resolve));
    const reply = new Promise<string>((resolve) => socket.once('message', (data: Buffer) => resolve(data.toString())));
    socket.send('{"id":"7","a":40,"b":2}');
    expect(JSON.parse(await reply)).to.deep.equal({ id: '7', value: 42 });
    socket.close();
  });
});
