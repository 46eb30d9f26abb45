import { connect } from 'node:net';
import { expect } from 'chai';
import { type ChannelHandler, defineService, type Validator } from 'limis/runtime';
import { serve } from '../../helpers/serve.js';
import { RawClient, settle } from '../../helpers/ws.js';

const accept: Validator = () => true;

/** A push-only channel, written by hand so these tests pin the server's delivery policies. */
function tickerService() {
  const channel: ChannelHandler = {
    id: 'ticks',
    address: 'ticks/{market}',
    frames: 'raw',
    parseParams: (params) => ({ market: params.market }),
    validateParams: accept,
    receives: {},
    sends: { tick: { kind: 'json', validate: accept } },
  };
  return defineService({ name: 'ticker', path: 'ticker', channels: [channel] });
}

describe('WsServer delivery', () => {
  it('filters pushes by channel parameters or by a predicate', async () => {
    const service = tickerService();
    const served = await serve({ services: [service], ws: { port: 'http' } });
    const base = `${served.url.replace('http', 'ws')}/ticker/ticks`;
    try {
      const [a, b, c] = await Promise.all([
        RawClient.open(`${base}/eu`),
        RawClient.open(`${base}/us`),
        RawClient.open(`${base}/eu`),
      ]);
      expect(service.publish('ticks', 'tick', { p: 1 }, { to: { market: 'eu' } })).to.equal(2);
      expect(service.publish('ticks', 'tick', { p: 2 }, { to: (c) => c.params.market === 'us' })).to.equal(1);
      expect(service.publish('ticks', 'tick', { p: 3 })).to.equal(3);
      expect(await a!.next(2)).to.deep.equal(['{"p":1}', '{"p":3}']);
      expect(await b!.next(2)).to.deep.equal(['{"p":2}', '{"p":3}']);
      expect(await c!.next(2)).to.deep.equal(['{"p":1}', '{"p":3}']);
    } finally {
      await served.runtime.stop();
    }
  });

  it('a consumer over the high-water mark misses pushes (drop) or is closed with 1013 (close)', async () => {
    for (const slowConsumer of ['drop', 'close'] as const) {
      const service = tickerService();
      // A negative mark makes every consumer count as slow, so the policy is what the test sees.
      const served = await serve({ services: [service], ws: { port: 'http', highWaterMark: -1, slowConsumer } });
      try {
        const client = await RawClient.open(`${served.url.replace('http', 'ws')}/ticker/ticks/eu`);
        expect(service.publish('ticks', 'tick', { p: 1 })).to.equal(0);
        await settle();
        expect(client.frames).to.deep.equal([]);
        if (slowConsumer === 'close')
          expect(await client.closed).to.deep.equal({ code: 1013, reason: 'slow consumer' });
        else expect(client.socket.readyState).to.equal(client.socket.OPEN);
        const counted = await served.runtime.metrics!.getSingleMetricAsString('limis_ws_slow_consumer_total');
        const action = slowConsumer === 'close' ? 'closed' : 'dropped';
        expect(counted).to.include(
          `limis_ws_slow_consumer_total{service="ticker",channel="ticks",action="${action}"} 1`,
        );
      } finally {
        await served.runtime.stop();
      }
    }
  });

  it('answers a frame on a push-only channel with an error frame', async () => {
    const served = await serve({ services: [tickerService()], ws: { port: 'http' } });
    try {
      const client = await RawClient.open(`${served.url.replace('http', 'ws')}/ticker/ticks/eu`);
      client.send('hi');
      expect(JSON.parse((await client.next())[0]!)).to.deep.equal({
        error: { code: 'LIMIS_ERR_UNKNOWN_MESSAGE', detail: 'channel ticks accepts no messages' },
      });
    } finally {
      await served.runtime.stop();
    }
  });

  it('terminates a connection that stops answering pings', async () => {
    const served = await serve({ services: [tickerService()], ws: { port: 'http', heartbeatInterval: 50 } });
    try {
      const { port } = new URL(served.url);
      // A hand-made handshake over a bare TCP socket: it never answers a ping, as a vanished peer would not.
      const socket = connect(Number(port), '127.0.0.1');
      let received = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => (received += chunk));
      const ended = new Promise<number>((resolve) => {
        const started = Date.now();
        socket.on('close', () => resolve(Date.now() - started));
      });
      socket.write(
        'GET /ticker/ticks/eu HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
      const lifetime = await ended;
      expect(received).to.match(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
      expect(lifetime).to.be.within(50, 2000);
    } finally {
      await served.runtime.stop();
    }
  });
});
