import { LimisError } from '../errors.js';
import type { RuntimeRequest } from '../handler.js';
import { firstValue } from './query.js';

/** The codings a request body may arrive in; `Accept-Encoding` on a 415 lists them. */
export const ACCEPTED_ENCODINGS = 'gzip, deflate, identity';

export type BodyCoding = 'identity' | 'gzip' | 'x-gzip' | 'deflate';

/**
 * A body's `Content-Encoding`, the same for every adapter's reader: one limis decodes, or a 415 with
 * `Accept-Encoding` for any other (`br`, several codings).
 */
export function bodyCoding(headers: RuntimeRequest['headers']): BodyCoding {
  const coding = (firstValue(headers['content-encoding']) ?? 'identity').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return 'identity';
  if (coding === 'gzip' || coding === 'x-gzip' || coding === 'deflate') return coding;
  throw new LimisError(
    'LIMIS_ERR_UNSUPPORTED_ENCODING',
    `Content-Encoding ${coding.slice(0, 40)} is not accepted; send ${ACCEPTED_ENCODINGS}`,
    { headers: { 'accept-encoding': ACCEPTED_ENCODINGS } },
  );
}

export function bodyTooLarge(limit: number): LimisError {
  return new LimisError('LIMIS_ERR_BODY_TOO_LARGE', `the request body is larger than the ${limit}-byte limit`);
}

export function undecodableBody(coding: BodyCoding): LimisError {
  return new LimisError(
    'LIMIS_ERR_INVALID_ENCODING',
    `the request body is labelled ${coding} but does not decode as ${coding}`,
  );
}
