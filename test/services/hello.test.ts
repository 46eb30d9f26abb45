import { request } from 'node:http';
import { expect } from 'chai';
import { HelloClient } from '../../services/hello/generated/client.js';
import hello from '../../services/hello/index.js';
import { type Served, serve } from '../helpers/serve.js';

/** A raw HTTP/1.1 GET, so the test sees the exact bytes, as curl would. */
function get(url: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('hello example: parity with the original limis', () => {
  let served: Served;
  before(async () => {
    served = await serve({ services: [hello] });
  });
  after(() => served.runtime.stop());

  it('GET /hello/hello answers exactly `hello` as text/plain', async () => {
    const response = await get(`${served.url}/hello/hello`);
    expect(response).to.deep.include({ status: 200, body: 'hello' });
    expect(response.headers['content-type']).to.equal('text/plain; charset=utf-8');
  });

  it('matches whole path segments: /hello/helloXYZ is not hello', async () => {
    const response = await get(`${served.url}/hello/helloXYZ`);
    expect(response.status).to.equal(404);
    expect(JSON.parse(response.body)).to.deep.include({
      code: 'LIMIS_ERR_NOT_FOUND',
      detail: 'nothing is served at /hello/helloXYZ',
    });
  });

  it('the generated client reads the text body', async () => {
    const client = new HelloClient({ baseUrl: `${served.url}/hello` });
    expect(await client.hello()).to.deep.include({ status: 200, body: 'hello' });
  });

  it('honours the context root', async () => {
    const rooted = await serve({ services: [hello], contextRoot: '/limis/' });
    try {
      expect((await get(`${rooted.url}/limis/hello/hello`)).body).to.equal('hello');
      expect((await get(`${rooted.url}/hello/hello`)).status).to.equal(404);
    } finally {
      await rooted.runtime.stop();
    }
  });
});
