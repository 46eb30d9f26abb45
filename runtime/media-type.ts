import { LimisError } from './errors.js';
import type { MediaSpec } from './handler.js';

/** `application/json; charset=utf-8` → `application/json`. */
export function essence(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LimisError('LIMIS_ERR_INVALID_JSON', `the request body is not valid JSON: ${(error as Error).message}`);
  }
  if (depthExceeds(value, MAX_JSON_DEPTH)) {
    throw new LimisError('LIMIS_ERR_INVALID_JSON', `the request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  return value;
}

/** Deeper bodies are refused before validation: recursive schemas would otherwise recurse as deep as the input. */
export const MAX_JSON_DEPTH = 64;

/** Iterative, so the check itself cannot overflow the stack it protects. */
function depthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

export function encodeBody(body: unknown, media: MediaSpec): string | Uint8Array {
  if (media.kind === 'json') return JSON.stringify(body);
  if (media.kind === 'text') return String(body);
  return body instanceof Uint8Array ? body : new TextEncoder().encode(String(body));
}

/** The Content-Type header to send for a media type: text gets an explicit charset. */
export function contentTypeHeader(media: MediaSpec): string {
  if (media.mediaType.includes('*')) return media.kind === 'json' ? 'application/json' : 'application/octet-stream';
  return media.kind === 'text' && !media.mediaType.includes('charset') ? `${media.mediaType}; charset=utf-8` : media.mediaType;
}
