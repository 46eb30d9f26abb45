import { connect } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { SignJWT, UnsecuredJWT } from 'jose';
import { createFetchHandler, createLambdaHandler } from 'limis/runtime';
import { createChatEventsService } from '../../services/chat-events/generated/channels.js';
import { createPetsComponent } from '../../services/petstore/components/pets.js';
import { createPetstoreService } from '../../services/petstore/generated/routes.js';
import { createPetstoreSecurity } from '../../services/petstore/security.js';
import { lambdaFetch } from '../helpers/lambda.js';
import { petstoreSecrets, petstoreService, petstoreToken } from '../helpers/petstore.js';
import { type Served, serve } from '../helpers/serve.js';
import { RawClient } from '../helpers/ws.js';

interface BadRequest {
  title: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  status: number | number[];
  /** Sent without the valid API key every other case carries. */
  anonymous?: true;
}

const json = { 'content-type': 'application/json' };
const post = (
  title: string,
  body: string | Uint8Array,
  status: number,
  headers: Record<string, string> = json,
): BadRequest => ({ title, method: 'POST', path: '/petstore/pets', headers, body, status });

/** The corpus: malformed, oversized, mistyped, incomplete and polluting requests, each with the answer it must get. */
function corpus(): BadRequest[] {
  const cases: BadRequest[] = [];
  for (const id of [
    'abc',
    '-1',
    '0',
    '1.5',
    '1e3',
    '99999999999999999999',
    '%20',
    'null',
    'true',
    '[1]',
    '%7B%7D',
    'x'.repeat(5000),
  ]) {
    cases.push({ title: `pet id ${id.slice(0, 20)}`, path: `/petstore/pets/${id}`, status: 400 });
  }
  for (const path of [
    '/petstore/pets/1/toys',
    '/petstore/petsXYZ',
    '/petstore',
    '/',
    '/petstore/pets/1/x',
    '/PETSTORE/pets',
    '/petstore/../hello/helloX',
    '/petstore/pets%2F1',
    '/nothing/at/all',
    '/petstore/openapi.jsonx',
  ]) {
    cases.push({ title: `path ${path}`, path, status: 404 });
  }
  for (const method of ['PATCH', 'DELETE', 'PUT'])
    cases.push({ title: `${method} /pets`, method, path: '/petstore/pets', status: 405 });
  cases.push({ title: 'POST /pets/1', method: 'POST', path: '/petstore/pets/1', status: 405 });
  for (const query of [
    'limit=0',
    'limit=101',
    'limit=abc',
    'limit=1.5',
    'limit=',
    'limit=1&limit=2',
    'limit=-5',
    'limit=1e400',
    'limit=%zz',
    'limit=9007199254740993000',
  ]) {
    cases.push({ title: `query ${query}`, path: `/petstore/pets?${query}`, status: 400 });
  }
  for (const query of [
    '__proto__=x',
    'constructor=x',
    'constructor[prototype][polluted]=1',
    '__proto__[polluted]=1',
    'tag=',
    'tag=a,b,c',
    'unknown=1',
    'tag=%E2%9C%93',
    `${'a'.repeat(2000)}=1`,
  ]) {
    cases.push({ title: `query ${query.slice(0, 30)}`, path: `/petstore/pets?${query}`, status: 200 });
  }
  const malformed = [
    '{',
    '}',
    '{"name":',
    '{"name":"x",}',
    "{'name':'x'}",
    '{"name":"x"',
    'NaN',
    'undefined',
    '{"name":"x"}}',
    '\u0000',
    '{"name":"\\x"}',
    '{"name":"\\ud800"} trailing',
  ];
  for (const body of malformed) cases.push(post(`malformed JSON ${JSON.stringify(body)}`, body, 400));
  const wrong = [
    '{}',
    '[]',
    'null',
    '1',
    '"x"',
    'true',
    '{"name":1}',
    '{"name":null}',
    '{"name":[]}',
    '{"name":{}}',
    '{"name":""}',
    `{"name":"${'x'.repeat(101)}"}`,
    '{"name":"x","status":"lost"}',
    '{"name":"x","status":1}',
    '{"name":"x","tag":5}',
    '{"name":"x","tag":[]}',
    '{"Name":"x"}',
    '{"name ":"x"}',
    '{"name":true}',
    '{"name":1e400}',
  ];
  for (const body of wrong) cases.push(post(`mistyped ${body.slice(0, 40)}`, body, 400));
  // The same bodies on the other operation that takes one: its glue is generated separately.
  for (const body of [...malformed, ...wrong])
    cases.push({
      title: `PUT /pets/1 ${body.slice(0, 30)}`,
      method: 'PUT',
      path: '/petstore/pets/1',
      headers: json,
      body,
      status: 400,
    });
  for (const body of [
    '{"name":"ok"}',
    '{"name":"x","tag":null}',
    '{"name":"x","extra":1}',
    '{"name":"ünïcödé 🐶"}',
    '{"name":"</script>"}',
    '{"name":"__proto__ constructor prototype"}',
    '{"name":"x","constructor":1}',
    ' {"name":"spaces"} ',
  ]) {
    cases.push(post(`accepted ${body.slice(0, 40)}`, body, 201));
  }
  for (const type of [
    'text/plain',
    'application/xml',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
    'application/jsonx',
    'json',
    'application/problem+xml',
  ]) {
    cases.push(post(`content-type ${type}`, '{"name":"x"}', 415, { 'content-type': type }));
  }
  cases.push(
    post('content-type with charset', '{"name":"x"}', 201, { 'content-type': 'application/json; charset=utf-8' }),
  );
  cases.push(post('content-type upper case', '{"name":"x"}', 201, { 'content-type': 'APPLICATION/JSON' }));
  cases.push({ title: 'no body at all', method: 'POST', path: '/petstore/pets', status: 400 });
  cases.push(post('empty JSON body', '', 400));
  cases.push(post('invalid UTF-8', new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0xff, 0xfe, 0x7d]), 400));
  // Keys that would change a prototype when the body is merged into another object; petstore's schemas declare none.
  for (const body of [
    '{"name":"x","__proto__":{"polluted":1}}',
    '{"name":"x","constructor":{"prototype":{"polluted":1}}}',
    '{"name":"x","tag":"t","x":[{"__proto__":null}]}',
    '{"__proto__":[]}',
  ]) {
    cases.push(post(`prototype key ${body.slice(0, 40)}`, body, 400));
  }
  cases.push(post('nested 65 deep', `{"name":"x","tag":${'['.repeat(65)}${']'.repeat(65)}}`, 400));
  cases.push(post('2 MB body', `{"name":"${'x'.repeat(2 * 1024 * 1024)}"}`, 413));
  for (const id of ['1', 'abc']) {
    for (const body of ['{', '{"name":1}', '{}'])
      cases.push({
        title: `PUT ${id} ${body}`,
        method: 'PUT',
        path: `/petstore/pets/${id}`,
        headers: json,
        body,
        status: 400,
      });
  }
  return cases;
}

/** Missing, malformed, forged, expired and under-scoped credentials: 401 or 403, never a pet stored. */
async function badCredentials(): Promise<BadRequest[]> {
  const pet = '{"name":"Rex"}';
  const key = (k: string) => ({ ...json, 'x-api-key': k });
  const bearer = (token: string) => ({ ...json, authorization: `Bearer ${token}` });
  const secret = new TextEncoder().encode(petstoreSecrets.jwtSecret);
  const signed = (claims: Record<string, unknown>, alg = 'HS256') =>
    new SignJWT(claims).setProtectedHeader({ alg }).sign(secret);
  const now = Math.floor(Date.now() / 1000);
  const cases: BadRequest[] = [
    { title: 'no credentials', headers: json, status: 401 },
    { title: 'wrong API key', headers: key('nope'), status: 401 },
    { title: 'API key one character short', headers: key(petstoreSecrets.apiKey.slice(0, -1)), status: 401 },
    { title: 'API key with a suffix', headers: key(`${petstoreSecrets.apiKey}x`), status: 401 },
    { title: 'API key of 8 KB', headers: key('k'.repeat(8000)), status: 401 },
    {
      title: 'API key in the query',
      path: `/petstore/pets?X-API-Key=${petstoreSecrets.apiKey}`,
      headers: json,
      status: 401,
    },
    { title: 'empty bearer', headers: { ...json, authorization: 'Bearer ' }, status: 401 },
    { title: 'bearer without a token', headers: { ...json, authorization: 'Bearer' }, status: 401 },
    { title: 'bearer garbage', headers: bearer('garbage'), status: 401 },
    { title: 'bearer a.b.c', headers: bearer('a.b.c'), status: 401 },
    { title: 'bearer with unicode', headers: bearer('%E2%98%83.%E2%98%83.%E2%98%83'), status: 401 },
    {
      title: 'forged token',
      headers: bearer(await petstoreToken('pets:write', { secret: 'not-the-secret' })),
      status: 401,
    },
    { title: 'expired token', headers: bearer(await signed({ scope: 'pets:write', exp: now - 60 })), status: 401 },
    {
      title: 'token not valid yet',
      headers: bearer(await signed({ scope: 'pets:write', nbf: now + 3600 })),
      status: 401,
    },
    { title: 'alg none token', headers: bearer(new UnsecuredJWT({ scope: 'pets:write' }).encode()), status: 401 },
    {
      title: 'HS512 token where HS256 is required',
      headers: bearer(await signed({ scope: 'pets:write' }, 'HS512')),
      status: 401,
    },
    {
      title: 'Basic credentials',
      headers: { ...json, authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
      status: 401,
    },
    { title: 'token without a scope', headers: bearer(await signed({})), status: 403 },
    { title: 'token with pets:read only', headers: bearer(await petstoreToken('pets:read')), status: 403 },
    {
      title: 'token with a scope that only starts right',
      headers: bearer(await petstoreToken('pets:writer')),
      status: 403,
    },
  ].map((c) => ({ method: 'POST', path: '/petstore/pets', body: pet, anonymous: true as const, ...c }));
  const remove = (title: string, headers: Record<string, string>, status: number): BadRequest => ({
    title,
    method: 'DELETE',
    path: '/petstore/pets/1',
    headers,
    status,
    anonymous: true,
  });
  cases.push(
    remove('DELETE without credentials', {}, 401),
    remove('DELETE with the API key, which only writes', key(petstoreSecrets.apiKey), 401),
    remove('DELETE with pets:write only', bearer(await petstoreToken('pets:write')), 403),
  );
  return cases;
}

/** A server to send the corpus to: its base URL, a fetch that reaches it, what it reported as 5xx, and how to stop it. */
interface CorpusTarget {
  url: string;
  send: (url: string, init?: RequestInit) => Promise<Response>;
  errors: unknown[];
  stop: () => Promise<void>;
}

const corpusTargets: Array<[string, () => Promise<CorpusTarget>]> = [
  ...(['koa', 'node'] as const).map((adapter): [string, () => Promise<CorpusTarget>] => [
    `the ${adapter} adapter`,
    async () => {
      const served = await serve({ services: [petstoreService()], adapter });
      return { url: served.url, send: fetch, errors: served.errors, stop: () => served.runtime.stop() };
    },
  ]),
  [
    'the Lambda adapter (API Gateway HTTP API 2.0 events)',
    async () => {
      const errors: unknown[] = [];
      const handle = createLambdaHandler([petstoreService()], { onError: (error) => errors.push(error) });
      const send = lambdaFetch(handle);
      return { url: 'https://lambda.test', send, errors, stop: async () => {} };
    },
  ],
  [
    'the fetch adapter (Request objects, no server)',
    async () => {
      const errors: unknown[] = [];
      const handle = createFetchHandler([petstoreService()], { onError: (error) => errors.push(error) });
      return {
        url: 'http://limis.test',
        send: (url, init) => handle(new Request(url, init)),
        errors,
        stop: async () => {},
      };
    },
  ],
];

for (const [where, start] of corpusTargets)
  describe(`bad input on ${where}: every answer as specified, and the server keeps serving`, () => {
    let target: CorpusTarget;
    before(async () => {
      target = await start();
    });
    after(() => target.stop());

    it('answers the whole corpus with the right status and problem+json, checking a good request after each', async function () {
      this.timeout(60_000);
      const cases = [...corpus(), ...(await badCredentials())];
      expect(cases.length).to.be.at.least(160);
      const wrong: string[] = [];
      for (const c of cases) {
        const headers = c.anonymous ? c.headers : { 'x-api-key': petstoreSecrets.apiKey, ...c.headers };
        const response = await target.send(target.url + c.path, {
          method: c.method ?? 'GET',
          headers,
          body: c.body as BodyInit | undefined,
        });
        const text = await response.text();
        const expected = Array.isArray(c.status) ? c.status : [c.status];
        if (!expected.includes(response.status)) wrong.push(`${c.title}: ${response.status} ${text.slice(0, 120)}`);
        else if (
          response.status >= 400 &&
          !response.headers.get('content-type')?.startsWith('application/problem+json')
        )
          wrong.push(`${c.title}: ${response.status} without problem+json`);
        else if ((response.status === 401 || response.status === 403) && !response.headers.get('www-authenticate'))
          wrong.push(`${c.title}: ${response.status} without WWW-Authenticate`);
        const check = await target.send(`${target.url}/petstore/pets?limit=1`);
        if (check.status !== 200) wrong.push(`after ${c.title}: a good request got ${check.status}`);
        await check.text();
      }
      expect(wrong).to.deep.equal([]);
      // Only the corpus' few well-formed POSTs with the key may have stored pets; none of the bad credentials did.
      const stored = (await (await target.send(`${target.url}/petstore/pets?limit=100`)).json()) as Array<{
        name: string;
      }>;
      expect(stored.filter((p) => p.name === 'Rex')).to.deep.equal([]);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect(target.errors).to.deep.equal([]);
    });
  });

describe('bad WebSocket messages: an error frame each, the socket and the server keep working', () => {
  it('answers 60 bad messages on one socket, then serves a good one', async function () {
    this.timeout(30_000);
    const events = createChatEventsService({ rooms: { typing: async () => undefined } });
    const served = await serve({ services: [events], ws: { port: 'http', maxPayload: 64 * 1024 } });
    try {
      const client = await RawClient.open(`${served.url.replace('http', 'ws')}/chat/rooms/red`);
      const bad = [
        '',
        ' ',
        '{',
        'null',
        '[]',
        '1',
        '"typing"',
        '{}',
        '{"payload":{}}',
        '{"message":1}',
        '{"message":null,"payload":{}}',
        '{"message":"typing"}',
        '{"message":"typing","payload":null}',
        '{"message":"typing","payload":[]}',
        '{"message":"typing","payload":{}}',
        '{"message":"typing","payload":{"author":""}}',
        '{"message":"typing","payload":{"author":1}}',
        '{"message":"chatMessage","payload":{}}',
        '{"message":"__proto__","payload":{}}',
        '{"message":"constructor","payload":{}}',
        '{"message":"toString","payload":{}}',
        '{"message":"hasOwnProperty","payload":{}}',
        `{"message":"${'x'.repeat(1000)}","payload":{}}`,
        '{"message":"typing","payload":{"author":{"__proto__":{"polluted":1}}}}',
      ];
      while (bad.length < 60) bad.push(`{"message":"typing","payload":{"author":${bad.length}}}`);
      for (const frame of bad) client.send(frame);
      const answers = (await client.next(bad.length)).map((f) => JSON.parse(f));
      expect(answers.every((a) => typeof a.error?.code === 'string' && a.error.code.startsWith('LIMIS_ERR_'))).to.equal(
        true,
      );
      const other = await RawClient.open(`${served.url.replace('http', 'ws')}/chat/rooms/red`);
      expect(events.push.roomMessage({ id: 1, roomId: 'red', author: 'a', text: 'still here' })).to.equal(2);
      expect(JSON.parse((await other.next())[0]!).payload.text).to.equal('still here');
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    } finally {
      await served.runtime.stop();
    }
  });
});

/** One raw HTTP/1.1 exchange on a fresh connection: the status line and headers of the answer, or `closed`. */
function rawRequest(
  url: string,
  head: string,
  body: Buffer | string = '',
): Promise<{ status: string; headers: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    // Written without a half-close: node:http aborts a request still being served when its client sends FIN.
    const socket = connect(Number(port), hostname, () => {
      socket.write(head);
      socket.write(body);
    });
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    socket.on('close', () => {
      const [headPart = '', bodyPart = ''] = answer.split('\r\n\r\n');
      resolve({ status: headPart.split('\r\n')[0] || 'closed', headers: headPart.toLowerCase(), body: bodyPart });
    });
  });
}

for (const adapter of ['koa', 'node'] as const)
  describe(`request framing, methods and codings on the ${adapter} adapter: answered alike`, () => {
    let served: Served;
    const key = `x-api-key: ${petstoreSecrets.apiKey}\r\n`;
    const postHead = (headers: string, length?: number) =>
      `POST /petstore/pets HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n${key}${headers}${length === undefined ? '' : `Content-Length: ${length}\r\n`}\r\n`;
    before(async () => {
      const pets = createPetsComponent();
      // An action that puts a CR/LF into a response header: the runtime must answer 500, never throw in the adapter.
      const broken = {
        ...pets,
        listPets: async () =>
          ({ status: 200, body: [], headers: { 'x-total-count': '1\r\nx-injected: yes' } }) as never,
      };
      served = await serve({
        services: [
          petstoreService(),
          createPetstoreService(
            { pets: broken },
            { path: 'broken', security: createPetstoreSecurity(petstoreSecrets) },
          ),
        ],
        adapter,
      });
    });
    after(() => served.runtime.stop());

    it('answers unknown and unsupported methods with 405 and Allow, and CONNECT with 405, never 501', async () => {
      for (const method of ['TRACE', 'PROPFIND', 'MKCOL', 'PURGE', 'LINK']) {
        const answer = await rawRequest(
          served.url,
          `${method} /petstore/pets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        );
        expect(answer.status, method).to.equal('HTTP/1.1 405 Method Not Allowed');
        expect(answer.headers, method).to.match(
          /\r\nallow: head, get, post\r\n|\r\nallow: get, head, post\r\n|\r\nallow: head, get, post$/,
        );
        expect(JSON.parse(answer.body).code, method).to.equal('LIMIS_ERR_METHOD_NOT_ALLOWED');
      }
      const connect = await rawRequest(served.url, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
      expect(connect.status).to.equal('HTTP/1.1 405 Method Not Allowed');
      expect(JSON.parse(connect.body).code).to.equal('LIMIS_ERR_METHOD_NOT_ALLOWED');
    });

    it('answers a WebSocket upgrade of an HTTP path with 404 instead of serving it as a GET', async () => {
      const upgrade =
        'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';
      const answer = await rawRequest(served.url, `GET /petstore/pets HTTP/1.1\r\nHost: x\r\n${upgrade}\r\n`);
      expect(answer.status).to.equal('HTTP/1.1 404 Not Found');
      expect(JSON.parse(answer.body).code).to.equal('LIMIS_ERR_NOT_FOUND');
    });

    it('answers a path with an empty segment with 404, not the resource', async () => {
      const created = await fetch(`${served.url}/petstore/pets`, {
        method: 'POST',
        headers: { ...json, 'x-api-key': petstoreSecrets.apiKey },
        body: '{"name":"Rex"}',
      });
      const { id } = (await created.json()) as { id: number };
      expect((await fetch(`${served.url}/petstore/pets/${id}`)).status).to.equal(200);
      for (const path of [`/petstore/pets//${id}`, `/petstore//pets/${id}`, `//petstore/pets/${id}`]) {
        const response = await fetch(`${served.url}${path}`);
        expect(response.status, path).to.equal(404);
        expect((await response.json()).code).to.equal('LIMIS_ERR_NOT_FOUND');
      }
    });

    it('decodes gzip and deflate bodies, refuses other codings with 415 and Accept-Encoding, and bad gzip with 400', async () => {
      const pet = Buffer.from('{"name":"Zipped"}');
      for (const [coding, bytes] of [
        ['gzip', gzipSync(pet)],
        ['deflate', deflateSync(pet)],
        ['identity', pet],
      ] as const) {
        const answer = await rawRequest(served.url, postHead(`Content-Encoding: ${coding}\r\n`, bytes.length), bytes);
        expect(answer.status, coding).to.equal('HTTP/1.1 201 Created');
        expect(JSON.parse(answer.body).name).to.equal('Zipped');
      }
      const br = await rawRequest(served.url, postHead('Content-Encoding: br\r\n', pet.length), pet);
      expect(br.status).to.equal('HTTP/1.1 415 Unsupported Media Type');
      expect(br.headers).to.include('\r\naccept-encoding: gzip, deflate, identity');
      expect(JSON.parse(br.body).code).to.equal('LIMIS_ERR_UNSUPPORTED_ENCODING');
      const fake = await rawRequest(served.url, postHead('Content-Encoding: gzip\r\n', pet.length), pet);
      expect(fake.status).to.equal('HTTP/1.1 400 Bad Request');
      expect(JSON.parse(fake.body).code).to.equal('LIMIS_ERR_INVALID_ENCODING');
    });

    it('stops a gzip bomb at the decoded-size limit: 100 MB from 100 KB, refused with 413 without holding it in memory', async () => {
      const bomb = gzipSync(Buffer.alloc(100 * 1024 * 1024, 0x20));
      expect(bomb.length).to.be.below(200 * 1024);
      // The server runs in this process: the most array-buffer memory it holds while answering, sampled.
      const before = process.memoryUsage().arrayBuffers;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 1);
      const started = performance.now();
      const answer = await rawRequest(served.url, postHead('Content-Encoding: gzip\r\n', bomb.length), bomb);
      clearInterval(sampler);
      expect(answer.status).to.equal('HTTP/1.1 413 Payload Too Large');
      expect(peak - before, 'bytes held while answering').to.be.below(32 * 1024 * 1024);
      expect(performance.now() - started).to.be.below(3000);
    });

    it('refuses a Transfer-Encoding other than chunked with 400, and oversized chunk extensions', async () => {
      const chunk = '{"name":"Rex"}';
      const chunked = (extension: string) => `${chunk.length.toString(16)}${extension}\r\n${chunk}\r\n0\r\n\r\n`;
      const other = await rawRequest(served.url, postHead('Transfer-Encoding: gzip, chunked\r\n'), chunked(''));
      expect(other.status).to.equal('HTTP/1.1 400 Bad Request');
      expect(JSON.parse(other.body).code).to.equal('LIMIS_ERR_BAD_REQUEST');
      const plain = await rawRequest(served.url, postHead('Transfer-Encoding: chunked\r\n'), chunked(';a=b'));
      expect(plain.status).to.equal('HTTP/1.1 201 Created');
      const huge = await rawRequest(
        served.url,
        postHead('Transfer-Encoding: chunked\r\n'),
        chunked(`;x=${'a'.repeat(20_000)}`),
      );
      expect(huge.status).to.match(/^HTTP\/1\.1 4\d\d |^closed$/);
    });

    it('answers an action’s header with CR/LF with a 500 that exposes nothing, and keeps serving', async () => {
      const response = await fetch(`${served.url}/broken/pets`);
      expect(response.status).to.equal(500);
      expect(response.headers.get('x-injected')).to.equal(null);
      expect(await response.json()).to.deep.include({
        code: 'LIMIS_ERR_INVALID_RESPONSE',
        detail: 'The server could not complete the request.',
      });
      expect((await fetch(`${served.url}/petstore/pets`)).status).to.equal(200);
      expect(served.errors.map(String)).to.deep.equal([
        'LimisError: action listPets returned a header "x-total-count" that cannot be sent: field names are tokens, values have no control characters',
      ]);
    });
  });
