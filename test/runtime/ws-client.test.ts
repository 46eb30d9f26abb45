import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import { ChannelConnection, type ClientChannelSpec } from 'limis/runtime';
import { WebSocketServer, type WebSocket } from 'ws';

/** Exposes the protected API, as generated subclasses do with typed names. */
class Probe extends ChannelConnection {
  ask(payload: unknown): Promise<unknown> {
    return this.request('ask', payload);
  }
  tell(payload: unknown): void {
    this.send('ask', payload);
  }
}

const correlated: ClientChannelSpec = {
  address: 'q',
  frames: 'raw',
  sends: { ask: { kind: 'json', correlation: '/id', reply: 'answer' } },
  receives: { answer: { kind: 'json', correlation: '/id' } },
};

describe('ChannelConnection (the generated WebSocket clients’ base)', () => {
  let server: WebSocketServer;
  let url: string;
  const sockets: WebSocket[] = [];
  beforeEach(async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('connection', (socket) => sockets.push(socket));
  });
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.terminate());
    await new Promise((resolve) => server.close(resolve));
  });

  it('matches replies to requests by correlation id, whatever order they come back in', async () => {
    const received: Array<{ id: string; n: number }> = [];
    server.on('connection', (socket) => socket.on('message', (data: Buffer) => {
      received.push(JSON.parse(data.toString()));
      if (received.length === 3) for (const r of [...received].reverse()) socket.send(JSON.stringify({ id: r.id, n: r.n * 10 }));
    }));
    const probe = new Probe(correlated, { baseUrl: url }, {});
    await probe.ready;
    const answers = await Promise.all([probe.ask({ n: 1 }), probe.ask({ n: 2 }), probe.ask({ id: 'three', n: 3 })]);
    expect(answers.map((a) => (a as { n: number }).n)).to.deep.equal([10, 20, 30]);
    expect(received[2]!.id).to.equal('three');
    expect(new Set(received.map((r) => r.id)).size).to.equal(3);
    await probe.close();
  });

  it('matches replies in order when the contract declares no correlation id', async () => {
    server.on('connection', (socket) => socket.on('message', (data: Buffer) => socket.send(JSON.stringify({ echo: JSON.parse(data.toString()) }))));
    const plain: ClientChannelSpec = { ...correlated, sends: { ask: { kind: 'json', reply: 'answer' } }, receives: { answer: { kind: 'json' } } };
    const probe = new Probe(plain, { baseUrl: url }, {});
    await probe.ready;
    expect(await Promise.all([probe.ask(1), probe.ask(2)])).to.deep.equal([{ echo: 1 }, { echo: 2 }]);
    await probe.close();
  });

  it('reconnects with backoff after the connection drops, and rejects what was pending', async () => {
    const probe = new Probe(correlated, { baseUrl: url, reconnect: { minDelay: 10, maxDelay: 50 } }, {});
    await probe.ready;
    const pending = probe.ask({ n: 1 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    sockets[0]!.terminate();
    expect(String(await pending.catch((e: Error) => e))).to.match(/closed before the answer reply/);
    while (sockets.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    await probe.ready;
    const next = new Promise<string>((resolve) => sockets[1]!.once('message', (data: Buffer) => resolve(data.toString())));
    probe.tell({ id: 'again', n: 2 });
    expect(JSON.parse(await next)).to.deep.equal({ id: 'again', n: 2 });
    await probe.close();
  });

  it('times out a request nobody answers', async () => {
    const probe = new Probe(correlated, { baseUrl: url, requestTimeout: 50 }, {});
    await probe.ready;
    expect(String(await probe.ask({ n: 1 }).catch((e: Error) => e))).to.equal('Error: no answer reply to ask within 50 ms');
    await probe.close();
  });
});
