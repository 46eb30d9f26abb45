import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import { expect } from 'chai';
import type { LimisError } from 'limis/runtime';
import { readRequestBody, streamRequestBody } from '../../../runtime/http/body.js';

/** Sends `body` with `headers` to a real server whose handler reads it with `limit`; resolves with what it read. */
async function read(
  body: Buffer,
  headers: Record<string, string>,
  limit = 1024,
  reader: (request: IncomingMessage, limit: number) => Promise<Uint8Array> = readRequestBody,
): Promise<string> {
  let result: Promise<string> | undefined;
  const server = createServer((request: IncomingMessage, response) => {
    result = reader(request, limit).then(
      (bytes) => `read ${Buffer.from(bytes).toString()}`,
      (error: LimisError) => `${error.code} ${JSON.stringify(error.headers ?? {})}`,
    );
    void result.then(() => response.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
      method: 'POST',
      headers,
      body: new Uint8Array(body),
    }).catch(() => undefined);
    return await result!;
  } finally {
    server.close();
  }
}

describe('readRequestBody', () => {
  const text = Buffer.from('{"name":"Rex"}');
  it('reads identity, gzip, x-gzip and deflate bodies', async () => {
    expect(await read(text, {})).to.equal('read {"name":"Rex"}');
    expect(await read(text, { 'content-encoding': 'identity' })).to.equal('read {"name":"Rex"}');
    expect(await read(gzipSync(text), { 'content-encoding': 'gzip' })).to.equal('read {"name":"Rex"}');
    expect(await read(gzipSync(text), { 'content-encoding': 'X-GZIP' })).to.equal('read {"name":"Rex"}');
    expect(await read(deflateSync(text), { 'content-encoding': 'deflate' })).to.equal('read {"name":"Rex"}');
  });

  it('counts the limit in decoded bytes, and refuses codings it does not read or bodies that do not decode', async () => {
    expect(await read(gzipSync(Buffer.alloc(10_000)), { 'content-encoding': 'gzip' })).to.equal(
      'LIMIS_ERR_BODY_TOO_LARGE {}',
    );
    expect(await read(Buffer.alloc(2000), {})).to.equal('LIMIS_ERR_BODY_TOO_LARGE {}');
    expect(await read(text, { 'content-encoding': 'br' })).to.equal(
      'LIMIS_ERR_UNSUPPORTED_ENCODING {"accept-encoding":"gzip, deflate, identity"}',
    );
    expect(await read(text, { 'content-encoding': 'gzip, gzip' })).to.equal(
      'LIMIS_ERR_UNSUPPORTED_ENCODING {"accept-encoding":"gzip, deflate, identity"}',
    );
    expect(await read(text, { 'content-encoding': 'gzip' })).to.equal('LIMIS_ERR_INVALID_ENCODING {}');
  });
});

describe('streamRequestBody', () => {
  /** Reads the stream chunk by chunk, as a JSON Lines body is read, and joins what came. */
  const streamed = async (request: IncomingMessage, limit: number) => {
    const parts: Uint8Array[] = [];
    for await (const chunk of streamRequestBody(request, limit)) parts.push(chunk);
    return Buffer.concat(parts);
  };
  const lines = Buffer.from('{"n":1}\n{"n":2}\n');

  it('decodes as readRequestBody does, chunk by chunk', async () => {
    expect(await read(lines, {}, 1024, streamed)).to.equal(`read ${lines}`);
    expect(await read(gzipSync(lines), { 'content-encoding': 'gzip' }, 1024, streamed)).to.equal(`read ${lines}`);
  });

  it('fails past the limit in decoded bytes, and on a coding it cannot read', async () => {
    expect(await read(Buffer.alloc(2048, 0x20), {}, 1024, streamed)).to.match(/^LIMIS_ERR_BODY_TOO_LARGE/);
    expect(await read(gzipSync(Buffer.alloc(4096, 0x20)), { 'content-encoding': 'gzip' }, 1024, streamed)).to.match(
      /^LIMIS_ERR_BODY_TOO_LARGE/,
    );
    expect(await read(Buffer.from('not gzip'), { 'content-encoding': 'gzip' }, 1024, streamed)).to.match(
      /^LIMIS_ERR_INVALID_ENCODING/,
    );
  });
});
