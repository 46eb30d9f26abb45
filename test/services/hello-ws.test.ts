import { expect } from 'chai';
import { HelloWsClient } from '../../services/hello-ws/generated/ws-client.js';
import helloWs from '../../services/hello-ws/index.js';
import { type Served, serve } from '../helpers/serve.js';
import { RawClient } from '../helpers/ws.js';

describe('hello over WebSocket: parity with the original limis', () => {
  let served: Served;
  beforeEach(async () => {
    served = await serve({ services: [helloWs], ws: { port: 0, host: '127.0.0.1', maxPayload: 1024 } });
  });
  afterEach(() => served.runtime.stop());

  it('answers `hello` to any text frame from a plain ws client, at /hello/hello/ and /hello/hello', async () => {
    for (const path of ['/hello/hello/', '/hello/hello']) {
      const client = await RawClient.open(`${served.runtime.wsUrl}${path}`);
      client.send('test');
      expect(await client.next()).to.deep.equal(['hello']);
      client.send('{"not":"json-special"}');
      expect(await client.next()).to.deep.equal(['hello']);
      await client.close();
    }
  });

  it('the generated client gets the typed reply', async () => {
    const client = new HelloWsClient({ baseUrl: `${served.runtime.wsUrl}/hello` });
    const connection = await client.hello();
    const reply: 'hello' = await connection.requestText('anything');
    expect(reply).to.equal('hello');
    await connection.close();
  });

  it('refuses an upgrade to a path no channel serves, whole segments only', async () => {
    const error = await RawClient.open(`${served.runtime.wsUrl}/hello/helloXYZ`).catch((e: Error) => e);
    expect(String(error)).to.equal('Error: Unexpected server response: 404');
  });

  it('closes a socket that sends a frame over maxPayload with 1009', async () => {
    const client = await RawClient.open(`${served.runtime.wsUrl}/hello/hello`);
    client.send('x'.repeat(2048));
    expect((await client.closed).code).to.equal(1009);
  });

  it('serves its AsyncAPI contract over HTTP at /hello/asyncapi.json', async () => {
    const contract = await (await fetch(`${served.url}/hello/asyncapi.json`)).json();
    expect(contract).to.deep.include({ asyncapi: '3.0.0', 'x-limis-service': { name: 'hello-ws', path: 'hello' } });
  });

  it('stop() closes every socket with 1001', async () => {
    const clients = await Promise.all([1, 2, 3].map(() => RawClient.open(`${served.runtime.wsUrl}/hello/hello`)));
    await served.runtime.stop();
    for (const client of clients)
      expect(await client.closed).to.deep.equal({ code: 1001, reason: 'server shutting down' });
  });
});
