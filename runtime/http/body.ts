import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import getRawBody from 'raw-body';
import { LimisError } from '../errors.js';
import { bodyCoding, bodyTooLarge, undecodableBody } from './content-coding.js';

/**
 * Reads a request body up to `limit` bytes, decoding `Content-Encoding: gzip` or `deflate` on the way: the limit
 * counts decoded bytes, so a small body that inflates without end is cut off at the limit instead of being held in
 * memory. Past it (or a larger Content-Length) fails with LIMIS_ERR_BODY_TOO_LARGE; another coding with
 * LIMIS_ERR_UNSUPPORTED_ENCODING (415); a body that does not decode with LIMIS_ERR_INVALID_ENCODING (400).
 */
export async function readRequestBody(request: IncomingMessage, limit: number): Promise<Uint8Array> {
  const coding = bodyCoding(request.headers);
  if (coding === 'identity') return read(request, limit, request.headers['content-length']);
  const decoder = coding === 'deflate' ? createInflate() : createGunzip();
  request.pipe(decoder);
  try {
    return await read(decoder, limit, undefined);
  } catch (error) {
    if (error instanceof LimisError) throw error;
    throw undecodableBody(coding);
  } finally {
    request.unpipe(decoder);
    decoder.destroy();
  }
}

async function read(stream: Readable, limit: number, length: string | undefined): Promise<Uint8Array> {
  try {
    return await getRawBody(stream, { limit, length });
  } catch (error) {
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') throw bodyTooLarge(limit);
    // The client's doing, not the server's: answered (if anyone still listens) as a 400, never reported to onError.
    if (type === 'request.aborted')
      throw new LimisError('LIMIS_ERR_BAD_REQUEST', 'the client stopped sending the request body');
    if (type === 'request.size.invalid')
      throw new LimisError(
        'LIMIS_ERR_BAD_REQUEST',
        'the request body does not have the length its Content-Length says',
      );
    throw error;
  }
}

/**
 * A request body chunk by chunk as it arrives, decoded as readRequestBody decodes it and failing the same way past
 * `limit` decoded bytes in all: what a streamed request body (JSON Lines) is read from, never held whole.
 */
export async function* streamRequestBody(request: IncomingMessage, limit: number): AsyncGenerator<Uint8Array> {
  const length = Number(request.headers['content-length']);
  if (Number.isFinite(length) && length > limit) throw bodyTooLarge(limit);
  const coding = bodyCoding(request.headers);
  const decoder = coding === 'identity' ? undefined : coding === 'deflate' ? createInflate() : createGunzip();
  const source: Readable = decoder ? request.pipe(decoder) : request;
  let total = 0;
  try {
    for await (const chunk of source) {
      total += (chunk as Buffer).byteLength;
      if (total > limit) throw bodyTooLarge(limit);
      yield chunk as Buffer;
    }
  } catch (error) {
    if (error instanceof LimisError) throw error;
    if (request.aborted || (error as NodeJS.ErrnoException).code === 'ECONNRESET')
      throw new LimisError('LIMIS_ERR_BAD_REQUEST', 'the client stopped sending the request body');
    throw coding === 'identity' ? error : undecodableBody(coding);
  } finally {
    if (decoder) {
      request.unpipe(decoder);
      decoder.destroy();
    }
  }
}
