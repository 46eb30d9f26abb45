import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { ChannelConnection, type ClientChannelSpec } from 'limis/client';
import { type WebSocket, WebSocketServer } from 'ws';

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
  sends: { ask: { kind: 'json', correlation: '/payload/id', reply: 'answer' } },
  receives: { answer: { kind: 'json', correlation: '/payload/id' } },
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
    for (const socket of sockets.splice(0)) socket.terminate();
    await new Promise((resolve) => server.close(resolve));
  });

  it('matches replies to requests by correlation id, whatever order they come back in', async () => {
    const received: Array<{ id: string; n: number }> = [];
    server.on('connection', (socket) =>
      socket.on('message', (data: Buffer) => {
        received.push(JSON.parse(data.toString()));
        if (received.length === 3)
          for (const r of [...received].reverse()) socket.send(JSON.stringify({ id: r.id, n: r.n * 10 }));
      }),
    );
    const probe = new Probe(correlated, { baseUrl: url }, {});
    await probe.ready;
    const answers = await Promise.all([probe.ask({ n: 1 }), probe.ask({ n: 2 }), probe.ask({ id: 'three', n: 3 })]);
    expect(answers.map((a) => (a as { n: number }).n)).to.deep.equal([10, 20, 30]);
    expect(received[2]!.id).to.equal('three');
    expect(new Set(received.map((r) => r.id)).size).to.equal(3);
    await probe.close();
  });

  it('matches replies in order when the contract declares no correlation id', async () => {
    server.on('connection', (socket) =>
      socket.on('message', (data: Buffer) => socket.send(JSON.stringify({ echo: JSON.parse(data.toString()) }))),
    );
    const plain: ClientChannelSpec = {
      ...correlated,
      sends: { ask: { kind: 'json', reply: 'answer' } },
      receives: { answer: { kind: 'json' } },
    };
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
    const next = new Promise<string>((resolve) =>
      sockets[1]!.once('message', (data: Buffer) => resolve(data.toString())),
    );
    probe.tell({ id: 'again', n: 2 });
    expect(JSON.parse(await next)).to.deep.equal({ id: 'again', n: 2 });
    await probe.close();
  });

  it('times out a request nobody answers', async () => {
    const probe = new Probe(correlated, { baseUrl: url, requestTimeout: 50 }, {});
    await probe.ready;
    expect(String(await probe.ask({ n: 1 }).catch((e: Error) => e))).to.equal(
      'Error: no answer reply to ask within 50 ms',
    );
    await probe.close();
  });

  it('sends options.token as ?access_token=, asking a function for it at every connect', async () => {
    const urls: string[] = [];
    server.on('connection', (_socket, request) => urls.push(request.url ?? ''));
    const fixed = new Probe(correlated, { baseUrl: `${url}/rooms`, token: 'a b&c' }, {});
    await fixed.ready;
    let calls = 0;
    const fresh = new Probe(correlated, { baseUrl: url, token: async () => `t${++calls}` }, {});
    await fresh.ready;
    expect(urls).to.deep.equal(['/rooms/q?access_token=a%20b%26c', '/q?access_token=t1']);
    await Promise.all([fixed.close(), fresh.close()]);
  });

  it('reports frames it cannot read as LIMIS_ERR_INVALID_FRAME errors and keeps serving, never throwing in the caller', async () => {
    server.on('connection', (socket) => {
      socket.send('not json {');
      socket.send(Buffer.from([1, 2, 3]), { binary: true });
      socket.send('{"error":{"code":"LIMIS_ERR_VALIDATION","detail":"no"}}');
      socket.send('{"id":"x","n":1}');
    });
    const envelope: ClientChannelSpec = {
      address: 'e',
      frames: 'envelope',
      sends: {},
      receives: { note: { kind: 'json' } },
    };
    class Listener extends ChannelConnection {
      onAnswer(handler: (payload: unknown) => void): () => void {
        return this.on('answer', handler);
      }
    }
    const probe = new Listener(correlated, { baseUrl: url }, {});
    const errors: Array<[string, string]> = [];
    probe.onError((error) => errors.push([error.code, error.message]));
    const answered = new Promise<unknown>((resolve) => probe.onAnswer(resolve));
    await probe.ready;
    expect(await answered).to.deep.equal({ id: 'x', n: 1 });
    expect(errors.map(([code]) => code)).to.deep.equal([
      'LIMIS_ERR_INVALID_FRAME',
      'LIMIS_ERR_INVALID_FRAME',
      'LIMIS_ERR_VALIDATION',
    ]);
    expect(errors[0]![1]).to.match(/^the server sent a frame that is not JSON: /);
    expect(errors[1]![1]).to.equal('the server sent a binary frame, where this channel carries text');
    await probe.close();
    const enveloped = new Probe(envelope, { baseUrl: url }, {});
    const envelopeErrors: string[] = [];
    enveloped.onError((error) => envelopeErrors.push(error.message));
    await enveloped.ready;
    while (envelopeErrors.length < 4) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(envelopeErrors[3]).to.equal('the server sent a frame that is not a { "message", "payload" } envelope');
    await enveloped.close();
  });

  it('says which status refused the upgrade', async () => {
    const refusing = new WebSocketServer({
      port: 0,
      host: '127.0.0.1',
      verifyClient: (_info, done) => done(false, 403),
    });
    await new Promise((resolve) => refusing.once('listening', resolve));
    const at = `ws://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
    const probe = new Probe(correlated, { baseUrl: at }, {});
    expect(String(await probe.ready.catch((e: Error) => e))).to.equal(
      `Error: ${at}/q refused the connection: HTTP 403`,
    );
    await probe.close();
    await new Promise((resolve) => refusing.close(resolve));
  });
});
