import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';
import { LimisError } from '../errors.js';

/** Reads a request body up to `limit` bytes; past it (or a larger Content-Length) fails with LIMIS_ERR_BODY_TOO_LARGE. */
export async function readRequestBody(request: IncomingMessage, limit: number): Promise<Uint8Array> {
  try {
    return await getRawBody(request, { limit, length: request.headers['content-length'] });
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') {
      throw new LimisError('LIMIS_ERR_BODY_TOO_LARGE', `the request body is larger than the ${limit}-byte limit`);
    }
    throw error;
  }
}
