import { LimisError } from '../errors.js';
import type { MediaSpec } from '../handler.js';
import { parseJsonText } from '../parse-json.js';
import { validationIssues } from '../validator.js';

/** The longest line a JSON Lines request body may have, unless its whole body limit is smaller. */
export const MAX_LINE_BYTES = 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * A JSON Lines request body as the action reads it: one parsed, validated item per line, read from the socket only
 * as the action asks for the next, so the body is never held whole. Each line is checked as a JSON body is
 * (UTF-8, depth, prototype keys) and against the item schema; the first that fails ends the iteration with a 400
 * pointing at it (`/body/3/name`), a line over `lineLimit` bytes with a 413.
 */
export async function* jsonLinesBody(
  chunks: AsyncIterable<Uint8Array>,
  media: MediaSpec,
  lineLimit: number,
): AsyncGenerator<unknown> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let index = 0;
  const item = (bytes: Uint8Array): { value: unknown } | undefined => {
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw new LimisError('LIMIS_ERR_INVALID_JSON', `line ${index + 1} of the request body is not valid UTF-8`);
    }
    if (text.trim() === '') return undefined;
    const at = `/body/${index}`;
    const value = parseJsonText(
      text,
      `line ${index + 1} of the request body`,
      at,
      media.prototypeKeys === true,
      media.json?.parse,
    );
    if (media.validate && !media.validate(value))
      throw new LimisError(
        'LIMIS_ERR_VALIDATION',
        `line ${index + 1} of the request body does not match the contract`,
        {
          errors: validationIssues(media.validate, at),
        },
      );
    index++;
    return { value };
  };
  const line = (tail: Uint8Array): Uint8Array => {
    const bytes = new Uint8Array(pendingBytes + tail.byteLength);
    let offset = 0;
    for (const part of pending) {
      bytes.set(part, offset);
      offset += part.byteLength;
    }
    bytes.set(tail, offset);
    pending = [];
    pendingBytes = 0;
    return bytes;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end >= 0; end = chunk.indexOf(0x0a, start)) {
      if (pendingBytes + end - start > lineLimit) throw lineTooLong(lineLimit);
      const parsed = item(line(chunk.subarray(start, end)));
      start = end + 1;
      if (parsed) yield parsed.value;
    }
    const rest = chunk.subarray(start);
    if (pendingBytes + rest.byteLength > lineLimit) throw lineTooLong(lineLimit);
    if (rest.byteLength > 0) {
      pending.push(rest);
      pendingBytes += rest.byteLength;
    }
  }
  if (pendingBytes > 0) {
    const parsed = item(line(new Uint8Array()));
    if (parsed) yield parsed.value;
  }
}

function lineTooLong(limit: number): LimisError {
  return new LimisError('LIMIS_ERR_BODY_TOO_LARGE', `a line of the request body is longer than ${limit} bytes`);
}
