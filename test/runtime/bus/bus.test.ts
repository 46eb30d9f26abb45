import { expect } from 'chai';
import { createRuntime } from 'limis/runtime';
import { BrokerBus, type BusPush, pushSubject, subjectToken } from '../../../runtime/bus/bus.js';
import { redisBus } from '../../../runtime/bus/redis-bus.js';
import chatEvents from '../../../services/chat-events/index.js';
import { createOrdersService } from '../../golden/asyncapi/headers/expected/orders/generated/channels.js';
import { OrdersClient } from '../../golden/asyncapi/headers/expected/orders/generated/ws-client.js';

/** A bus whose broker is an array: what it sent, and a way to hand it messages. */
class ArrayBus extends BrokerBus {
  sent: Array<{ subject: string; data: string }> = [];
  up = true;
  protected get connected() {
    return this.up;
  }
  protected async open() {}
  protected send(subject: string, data: string) {
    this.sent.push({ subject, data });
    return true;
  }
  async stop() {}
  receive(data: string) {
    this.received(data);
  }
}

const push: BusPush = {
  service: 'chat-events',
  channel: 'room',
  message: 'chatMessage',
  payload: { id: 1 },
  to: { roomId: 'a' },
};

describe('push bus', () => {
  it('spells subjects with base64url tokens only, so no value is a wildcard, separator or space', () => {
    for (const value of ['a.>', '>', '*', '#', 'a b', 'ü', '', 'limis.push.>'])
      expect(subjectToken(value)).to.match(/^x[A-Za-z0-9_-]*$/);
    expect(subjectToken('a.>')).not.to.equal(subjectToken('a.*'));
    const subject = pushSubject('limis.push', { ...push, to: { roomId: 'a.>' } });
    expect(subject.split('.')).to.have.length(5);
    expect(subject).to.match(/^limis\.push(\.x[A-Za-z0-9_-]+){3}$/);
    expect(pushSubject('limis.push', { ...push, to: undefined }).endsWith('._')).to.equal(true);
    // The same filter in any key order is the same subject.
    expect(pushSubject('p', { ...push, to: { a: 1, b: 2 } })).to.equal(
      pushSubject('p', { ...push, to: { b: 2, a: 1 } }),
    );
  });

  it('delivers what other instances publish once, in their order, and never its own', () => {
    const one = new ArrayBus({ log: () => undefined });
    const other = new ArrayBus({ log: () => undefined });
    const delivered: unknown[] = [];
    other.start(['chat-events'], (p) => delivered.push(p.payload));
    one.start(['chat-events'], () => undefined);
    for (let id = 1; id <= 3; id++) one.publish({ ...push, payload: { id } });
    const [first, second, third] = one.sent.map((m) => m.data);
    for (const data of [first!, second!, first!, third!, second!]) other.receive(data);
    expect(delivered).to.deep.equal([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(other.stats).to.include({ received: 3, duplicates: 2 });
    one.receive(first!);
    expect(one.stats.received).to.equal(0);
  });

  it('drops and counts pushes while the broker is unreachable', () => {
    const logged: string[] = [];
    const bus = new ArrayBus({ log: (_level, message) => logged.push(message) });
    bus.up = false;
    expect(bus.publish(push)).to.equal(false);
    expect(bus.publish(push)).to.equal(false);
    expect(bus.stats).to.include({ published: 0, dropped: 2 });
    expect(logged).to.have.length(1);
  });

  it('carries the publisher’s trace context; a malformed one is no context, and its push still arrives', () => {
    const one = new ArrayBus({ log: () => undefined });
    const other = new ArrayBus({ log: () => undefined });
    const delivered: BusPush[] = [];
    other.start(['chat-events'], (p) => delivered.push(p));
    const trace = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
    one.publish({ ...push, trace });
    other.receive(one.sent[0]!.data);
    const forged = JSON.parse(one.sent[0]!.data) as Record<string, unknown>;
    for (const [seq, carrier] of [
      [2, 'traceparent'],
      [3, null],
      [4, ['x']],
    ] as const)
      other.receive(JSON.stringify({ ...forged, seq, trace: carrier }));
    expect(delivered.map((p) => p.trace)).to.deep.equal([trace, undefined, undefined, undefined]);
    expect(delivered.map((p) => p.payload)).to.deep.equal([{ id: 1 }, { id: 1 }, { id: 1 }, { id: 1 }]);
  });

  it('carries a message’s headers; headers that are not an object are none, and the push still arrives', () => {
    const one = new ArrayBus({ log: () => undefined });
    const other = new ArrayBus({ log: () => undefined });
    const delivered: BusPush[] = [];
    other.start(['chat-events'], (p) => delivered.push(p));
    one.publish({ ...push, headers: { carrier: 'post' } });
    const forged = JSON.parse(one.sent[0]!.data) as Record<string, unknown>;
    other.receive(one.sent[0]!.data);
    for (const [seq, headers] of [
      [2, 'post'],
      [3, null],
      [4, ['x']],
    ] as const)
      other.receive(JSON.stringify({ ...forged, seq, headers }));
    expect(delivered.map((p) => p.headers)).to.deep.equal([{ carrier: 'post' }, undefined, undefined, undefined]);
    expect(delivered).to.have.length(4);
  });

  it('a runtime relays pushed headers to the bus and delivers the bus’s headers to its consumers', async () => {
    const bus = new ArrayBus({ log: () => undefined });
    const service = createOrdersService({
      orders: { placeOrder: async () => ({ headers: { requestId: '' }, payload: { orderNumber: 1 } }) },
    });
    const runtime = createRuntime({
      services: [service],
      bus,
      http: { port: 0, host: '127.0.0.1' },
      ws: { port: 'http' },
    });
    await runtime.start();
    try {
      const orders = await new OrdersClient({ baseUrl: `${runtime.httpUrl.replace('http', 'ws')}/orders` }).orders({
        region: 'eu',
      });
      const received: unknown[] = [];
      const two = new Promise<void>((resolve) =>
        orders.onOrderShipped((payload, headers) => {
          received.push([payload, headers]);
          if (received.length === 2) resolve();
        }),
      );
      service.push.orderShipped({ orderNumber: 1 }, { headers: { carrier: 'post' } });
      expect(JSON.parse(bus.sent[0]!.data)).to.deep.include({
        headers: { carrier: 'post' },
        payload: { orderNumber: 1 },
      });
      bus.receive(
        JSON.stringify({
          ...JSON.parse(bus.sent[0]!.data),
          origin: 'elsewhere',
          payload: { orderNumber: 2 },
          headers: { carrier: 'courier' },
        }),
      );
      await two;
      expect(received).to.deep.equal([
        [{ orderNumber: 1 }, { carrier: 'post' }],
        [{ orderNumber: 2 }, { carrier: 'courier' }],
      ]);
      await orders.close();
    } finally {
      await runtime.stop();
    }
  });

  it('ignores messages that are not push envelopes', () => {
    const bus = new ArrayBus({ log: () => undefined });
    const delivered: unknown[] = [];
    bus.start(['s'], (p) => delivered.push(p));
    for (const data of [
      'not json',
      'null',
      '[]',
      '{"origin":"x","seq":"1"}',
      '{"origin":"x","seq":1,"service":"s","channel":"c","message":"m","to":[1]}',
    ])
      bus.receive(data);
    expect(delivered).to.deep.equal([]);
  });

  it('a runtime whose bus cannot start fails its start, with nothing left listening', async () => {
    const broken = redisBus({ log: () => undefined });
    (broken as unknown as { open: () => Promise<void> }).open = () =>
      Promise.reject(new Error('a Redis push bus needs the ioredis package: npm install ioredis'));
    const runtime = createRuntime({ services: [chatEvents], bus: broken, http: { port: 0, host: '127.0.0.1' } });
    const error = await runtime.start().catch((e: unknown) => e);
    expect((error as Error).message).to.include('npm install ioredis');
    expect(() => runtime.httpUrl).to.throw(/not serving HTTP/);
  });
});
