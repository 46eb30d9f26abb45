import type { ValidationIssue } from '../common/validation-issue.js';
import { LimisError } from '../errors.js';
import type { Handler, MediaSpec, RuntimeRequest } from '../handler.js';
import { validationIssues } from '../validator.js';
import { decodeBody, matchMedia } from './media-type.js';
import { firstValue } from './query.js';
import { jsonLinesBody, MAX_LINE_BYTES } from './request-items.js';

export type InputReader = (request: RuntimeRequest) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** The request's parameters (and body, when the operation has one), coerced and validated; synchronous without a body. */
export function inputReader(handler: Handler, bodyLimit: number): InputReader {
  const fail = (issues: ValidationIssue[]) =>
    new LimisError('LIMIS_ERR_VALIDATION', 'the request does not match the contract', { errors: issues });
  const { requestBody } = handler;
  if (!requestBody) {
    return (request) => {
      const input = handler.parse(request);
      if (!handler.validate(input)) throw fail(validationIssues(handler.validate));
      return input;
    };
  }
  return async (request) => {
    const input = handler.parse(request);
    const issues: ValidationIssue[] = handler.validate(input) ? [] : validationIssues(handler.validate);
    const body = await readBody(requestBody, request, bodyLimit);
    if (body !== undefined) {
      input.body = body.value;
      const validate = body.media.validate;
      // A stream's items are checked one by one as the action reads them (jsonLinesBody).
      if (validate && !body.media.stream && !validate(body.value)) issues.push(...validationIssues(validate, '/body'));
    }
    if (issues.length > 0) throw fail(issues);
    return input;
  };
}

async function readBody(
  declared: NonNullable<Handler['requestBody']>,
  request: RuntimeRequest,
  limit: number,
): Promise<{ value: unknown; media: MediaSpec } | undefined> {
  const contentType = firstValue(request.headers['content-type']);
  const length = firstValue(request.headers['content-length']);
  const chunked = request.headers['transfer-encoding'] !== undefined;
  if (contentType === undefined && !chunked && (length === undefined || length === '0')) {
    if (declared.required) throw new LimisError('LIMIS_ERR_BODY_REQUIRED', 'the request needs a body');
    return undefined;
  }
  const media = matchMedia(declared.media, contentType);
  if (!media) {
    const accepted = declared.media.map((m) => m.mediaType).join(', ');
    throw new LimisError(
      'LIMIS_ERR_UNSUPPORTED_MEDIA_TYPE',
      `Content-Type ${contentType ?? '(none)'} is not accepted; send one of: ${accepted}`,
      {
        headers: { 'accept-post': accepted },
      },
    );
  }
  if (media.stream === 'jsonl') {
    const chunks = request.streamBody ? request.streamBody(limit) : bufferedChunks(request, limit);
    return { value: jsonLinesBody(chunks, media, Math.min(limit, MAX_LINE_BYTES)), media };
  }
  const bytes = await request.readBody(limit);
  if (bytes.length === 0) {
    if (declared.required) throw new LimisError('LIMIS_ERR_BODY_REQUIRED', 'the request needs a body');
    return undefined;
  }
  return { value: decodeBody(bytes, media), media };
}

/** An adapter that cannot stream a body (none of limis's own) still gives one: read whole, then handed on. */
async function* bufferedChunks(request: RuntimeRequest, limit: number): AsyncGenerator<Uint8Array> {
  yield await request.readBody(limit);
}
