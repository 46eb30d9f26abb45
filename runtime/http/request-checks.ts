import { LimisError } from '../errors.js';
import type { RuntimeRequest } from '../handler.js';

/**
 * What both adapters refuse before routing, so they answer alike: a `Transfer-Encoding` other than `chunked` (node:http
 * would hand the body over still gzip-coded, or a proxy in front might frame it differently: request smuggling), and
 * a path with an empty segment (`/pets//1`), which is not the resource `/pets/1` and is not normalised into it.
 */
export function checkRequest(path: string, headers: RuntimeRequest['headers']): void {
  const transferEncoding = headers['transfer-encoding'];
  if (transferEncoding !== undefined && String(transferEncoding).trim().toLowerCase() !== 'chunked') {
    throw new LimisError(
      'LIMIS_ERR_BAD_REQUEST',
      `Transfer-Encoding ${String(transferEncoding).slice(0, 40)} is not accepted; send the body chunked or with a Content-Length`,
    );
  }
  if (path.includes('//'))
    throw new LimisError('LIMIS_ERR_NOT_FOUND', `nothing is served at ${path}: it has an empty segment`);
}

export function methodNotAllowed(method: string, path: string, allowed: readonly string[]): LimisError {
  const list = allowed.join(', ');
  return new LimisError(
    'LIMIS_ERR_METHOD_NOT_ALLOWED',
    `${method} is not allowed on ${path}; allowed: ${list || 'none'}`,
    { headers: { allow: list } },
  );
}
