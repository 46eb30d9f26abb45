import { essence } from '../common/media.js';
import { LimisError } from '../errors.js';
import type { MediaSpec } from '../handler.js';
import { parseJsonText } from '../parse-json.js';

/** Picks the declared media type matching a request's Content-Type (`*\/*` and `type/*` declarations match too). */
export function matchMedia(media: MediaSpec[], contentType: string | undefined): MediaSpec | undefined {
  if (contentType === undefined) return undefined;
  const actual = essence(contentType);
  const [type] = actual.split('/');
  return (
    media.find((m) => essence(m.mediaType) === actual) ??
    media.find((m) => essence(m.mediaType) === `${type}/*`) ??
    media.find((m) => essence(m.mediaType) === '*/*')
  );
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export function decodeBody(bytes: Uint8Array, media: MediaSpec): unknown {
  if (media.kind === 'binary') return bytes;
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new LimisError('LIMIS_ERR_INVALID_JSON', 'the request body is not valid UTF-8');
  }
  if (media.kind === 'text') return text;
  return parseJsonText(text, 'the request body', '/body', media.prototypeKeys === true, media.json?.parse);
}

export function encodeBody(body: unknown, media: MediaSpec): string | Uint8Array {
  if (media.kind === 'json') return media.json ? media.json.stringify(body) : JSON.stringify(body);
  if (media.kind === 'text') return String(body);
  return body instanceof Uint8Array ? body : new TextEncoder().encode(String(body));
}

/** The Content-Type header to send for a media type: text gets an explicit charset. */
export function contentTypeHeader(media: MediaSpec): string {
  if (media.mediaType.includes('*')) return media.kind === 'json' ? 'application/json' : 'application/octet-stream';
  return media.kind === 'text' && !media.mediaType.includes('charset')
    ? `${media.mediaType}; charset=utf-8`
    : media.mediaType;
}
