import { expect } from 'chai';
import { WsRemoteError } from 'limis/client';
import WebSocket from 'ws';
import { type Served, serve } from '../../../helpers/serve.js';
import { createOrdersService } from './expected/orders/generated/channels.js';
import type { PlaceOrderInput } from './expected/orders/generated/component.js';
import { OrdersClient } from './expected/orders/generated/ws-client.js';

describe('golden asyncapi/headers: message headers typed, validated and carried beside the payload', () => {
  let served: Served;
  let service: ReturnType<typeof createOrdersService>;
  const seen: PlaceOrderInput[] = [];
  before(async () => {
    service = createOrdersService({
      orders: {
        placeOrder: async (input) => {
          seen.push(input);
          // requestId is the runtime's to copy from the request; what the action puts there is replaced.
          return {
            headers: { requestId: '', 'served-by': 'test' },
            payload: { orderNumber: 1000 + input.payload.quantity },
          };
        },
      },
    });
    served = await serve({ services: [service], ws: { port: 'http' } });
  });
  after(() => served.runtime.stop());
  const client = () => new OrdersClient({ baseUrl: `${served.url.replace('http', 'ws')}/orders` });

  it('hands the action the typed headers and returns the reply headers, correlated by the id in the headers', async () => {
    const orders = await client().orders({ region: 'eu' });
    try {
      const [assigned, chosen] = await Promise.all([
        orders.requestPlaceOrder({ item: 'tea', quantity: 2 }, { idempotencyKey: 'key-00001' }),
        orders.requestPlaceOrder({ item: 'tea', quantity: 3 }, { idempotencyKey: 'key-00002', requestId: 'mine' }),
      ]);
      expect(assigned.payload).to.deep.equal({ orderNumber: 1002 });
      expect(assigned.headers.requestId).to.match(/^[0-9a-f-]{36}$/);
      expect(assigned.headers['served-by']).to.equal('test');
      expect(chosen).to.deep.equal({
        headers: { requestId: 'mine', 'served-by': 'test' },
        payload: { orderNumber: 1003 },
      });
      const mine = seen.find((input) => input.headers.requestId === 'mine');
      expect(mine).to.deep.equal({
        params: { region: 'eu' },
        headers: { idempotencyKey: 'key-00002', requestId: 'mine' },
        payload: { item: 'tea', quantity: 3 },
      });
    } finally {
      await orders.close();
    }
  });

  it('refuses invalid headers with an error frame that points into /headers and carries the correlation id', async () => {
    const orders = await client().orders({ region: 'us' });
    try {
      const error = await orders
        .requestPlaceOrder({ item: 'tea', quantity: 0 }, { idempotencyKey: 'short', requestId: 'bad' })
        .catch((e: unknown) => e);
      expect(error).to.be.instanceOf(WsRemoteError);
      expect((error as WsRemoteError).code).to.equal('LIMIS_ERR_VALIDATION');
      expect((error as WsRemoteError).errors).to.deep.equal([
        { pointer: '/headers/idempotencyKey', message: 'must NOT have fewer than 8 characters' },
        { pointer: '/payload/quantity', message: 'must be >= 1' },
      ]);
      // The socket stays open.
      const ok = await orders.requestPlaceOrder({ item: 'tea', quantity: 1 }, { idempotencyKey: 'key-00003' });
      expect(ok.payload.orderNumber).to.equal(1001);
    } finally {
      await orders.close();
    }
  });

  it('pushes headers with the payload, validated before anything is sent', async () => {
    const orders = await client().orders({ region: 'eu' });
    try {
      const shipped = new Promise<unknown[]>((resolve) =>
        orders.onOrderShipped((payload, headers) => resolve([payload, headers])),
      );
      expect(
        service.push.orderShipped({ orderNumber: 7 }, { to: { region: 'eu' }, headers: { carrier: 'post' } }),
      ).to.equal(1);
      expect(await shipped).to.deep.equal([{ orderNumber: 7 }, { carrier: 'post' }]);
      expect(() =>
        service.push.orderShipped({ orderNumber: 8 }, { headers: { carrier: 'pigeon' as 'post' } }),
      ).to.throw(
        'push of orderShipped on orders does not match the contract: /headers/carrier must be one of "post", "courier"',
      );
    } finally {
      await orders.close();
    }
  });

  it('speaks the documented wire format to a plain WebSocket: { message, headers, payload }', async () => {
    const socket = new WebSocket(`${served.url.replace('http', 'ws')}/orders/orders/eu`);
    await new Promise((resolve) => socket.once('open', resolve));
    const frames: unknown[] = [];
    const two = new Promise<void>((resolve) =>
      socket.on('message', (data: Buffer) => {
        frames.push(JSON.parse(data.toString()));
        if (frames.length === 2) resolve();
      }),
    );
    socket.send(
      JSON.stringify({
        message: 'placeOrder',
        headers: { requestId: '7', idempotencyKey: 'key-00004' },
        payload: { item: 'cake', quantity: 5 },
      }),
    );
    // Headers that are not an object are refused as such; the message's correlation id cannot be read from them.
    socket.send(JSON.stringify({ message: 'placeOrder', headers: 5, payload: { item: 'cake', quantity: 5 } }));
    await two;
    socket.close();
    expect(frames).to.deep.equal([
      { message: 'orderPlaced', headers: { requestId: '7', 'served-by': 'test' }, payload: { orderNumber: 1005 } },
      {
        error: {
          code: 'LIMIS_ERR_VALIDATION',
          detail: 'message placeOrder does not match the contract',
          errors: [{ pointer: '/headers', message: 'must be object' }],
        },
      },
    ]);
  });

  it('types what the contract requires, and the runtime refuses what the types refuse', async () => {
    const orders = await client().orders({ region: 'eu' });
    try {
      const refused = new Promise<WsRemoteError>((resolve) => orders.onError(resolve));
      // @ts-expect-error idempotencyKey is required: the headers cannot be left out
      orders.sendPlaceOrder({ item: 'tea', quantity: 1 });
      expect((await refused).errors).to.deep.equal([{ pointer: '/headers/idempotencyKey', message: 'is required' }]);
      const reply = await orders.requestPlaceOrder({ item: 'tea', quantity: 1 }, { idempotencyKey: 'key-00005' });
      // @ts-expect-error the reply is { headers, payload }, not the payload
      expect(reply.orderNumber).to.equal(undefined);
      // Headers that require nothing may be left out of a push.
      expect(service.push.orderShipped({ orderNumber: 1 }, { to: { region: 'us' } })).to.equal(0);
    } finally {
      await orders.close();
    }
  });
});
