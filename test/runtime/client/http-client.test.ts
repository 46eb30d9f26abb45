import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { type ClientOperation, HttpClient, UnexpectedResponseError } from 'limis/client';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const search: ClientOperation = {
  method: 'POST',
  path: '/shelves/{shelf}/books',
  parameters: [
    { name: 'shelf', key: 'shelf', in: 'path', style: 'simple', explode: false },
    { name: 'tag', key: 'tag', in: 'query', style: 'form', explode: true },
    { name: 'fields', key: 'fields', in: 'query', style: 'pipeDelimited', explode: false },
    { name: 'filter', key: 'filter', in: 'query', style: 'deepObject', explode: true },
    { name: 'X-Trace', key: 'x-trace', in: 'header', style: 'simple', explode: false },
    { name: 'session id', key: 'session id', in: 'cookie', style: 'form', explode: true },
  ],
  requestBody: { mediaType: 'application/json', kind: 'json' },
  responses: {
    '200': [{ mediaType: 'application/json', kind: 'json' }],
    '204': [],
    '4XX': [{ mediaType: 'text/plain', kind: 'text' }],
  },
  responseHeaders: { '200': { 'x-count': 'toInteger' } },
};

describe('HttpClient (the generated HTTP clients’ base)', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Seen[] = [];
  let answer: { status: number; headers: Record<string, string>; body: string } = {
    status: 200,
    headers: {},
    body: '',
  };
  before(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk));
      request.on('end', () => {
        seen.push({ method: request.method!, url: request.url!, headers: request.headers, body });
        response.writeHead(answer.status, answer.headers).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    seen.length = 0;
  });

  it('writes each parameter as its style says, and the body as its media type', async () => {
    answer = { status: 200, headers: { 'content-type': 'application/json', 'x-count': '3' }, body: '[1,2,3]' };
    const client = new HttpClient({ baseUrl, headers: async () => ({ authorization: 'Bearer t' }) });
    const result = await client.call(search, {
      params: { shelf: 'sci fi/80s' },
      query: { tag: ['a', 'b'], fields: ['title', 'year'], filter: { year: 1984 } },
      headers: { 'x-trace': 'abc' },
      cookies: { 'session id': 's 1' },
      body: { title: 'Neuromancer' },
    });
    expect(seen).to.have.length(1);
    expect(seen[0]!.method).to.equal('POST');
    expect(seen[0]!.url).to.equal(
      '/api/shelves/sci%20fi%2F80s/books?tag=a&tag=b&fields=title%7Cyear&filter%5Byear%5D=1984',
    );
    expect(seen[0]!.headers).to.deep.include({
      authorization: 'Bearer t',
      'x-trace': 'abc',
      cookie: 'session%20id=s%201',
      'content-type': 'application/json',
    });
    expect(seen[0]!.body).to.equal('{"title":"Neuromancer"}');
    expect(result).to.deep.include({ status: 200, body: [1, 2, 3] });
    expect(result.headers).to.deep.include({ 'x-count': 3 });
  });

  it('reads a body-less response, and a range-declared one by its media type', async () => {
    const client = new HttpClient({ baseUrl });
    answer = { status: 204, headers: {}, body: '' };
    expect(await client.call(search, { params: { shelf: 'a' } })).to.deep.include({ status: 204 });
    answer = { status: 409, headers: { 'content-type': 'text/plain' }, body: 'taken' };
    expect(await client.call(search, { params: { shelf: 'a' } })).to.deep.include({ status: 409, body: 'taken' });
  });

  it('throws UnexpectedResponseError for an undeclared status, with the problem it carried', async () => {
    answer = { status: 500, headers: { 'content-type': 'application/problem+json' }, body: '{"detail":"broken"}' };
    const error = await new HttpClient({ baseUrl }).call(search, { params: { shelf: 'a' } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).message).to.equal(
      'POST /shelves/{shelf}/books answered 500, which its contract does not declare: broken',
    );
    expect((error as UnexpectedResponseError).body).to.deep.equal({ detail: 'broken' });
  });

  it('refuses a missing path parameter and a missing baseUrl with a TypeError that says which', async () => {
    const error = await new HttpClient({ baseUrl }).call(search, {}).catch((e: unknown) => e);
    expect(String(error)).to.equal('TypeError: POST /shelves/{shelf}/books: path parameter "shelf" is missing');
    expect(() => new HttpClient({} as never)).to.throw(
      TypeError,
      'a client needs options.baseUrl, e.g. "http://localhost:8080/petstore"',
    );
    expect(seen).to.deep.equal([]);
  });
});
