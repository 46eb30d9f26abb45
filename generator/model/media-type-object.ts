import type { OpenApiVersion } from '../contract-tables.js';
import { appendPointer } from '../json-pointer.js';
import { schemaObject } from './schema-object.js';
import type { MediaKind, MediaModel, Reporter, ResponseModel, StreamFormat } from './service-model.js';

/** Media Type Object (OpenAPI §4.8.14): a `content` map → one MediaModel per media type, in contract order. */
export function mediaTypeObjects(
  content: unknown,
  version: OpenApiVersion,
  pointer: string,
  report: Reporter,
): MediaModel[] {
  if (content === undefined) return [];
  if (content === null || typeof content !== 'object' || Array.isArray(content)) {
    report.error(pointer, '`content` must map media types to Media Type Objects');
    return [];
  }
  return Object.entries(content as Record<string, { schema?: unknown; itemSchema?: unknown }>).map(
    ([mediaType, media]) => {
      const here = appendPointer(pointer, mediaType);
      const kind = mediaKind(mediaType);
      const stream = streamFormat(mediaType);
      // Before 3.2 there is no itemSchema: the schema of a stream's media type is read as that of one item.
      const item = version === '3.2' ? 'itemSchema' : 'schema';
      if (stream && media?.[item] !== undefined) {
        const schema = schemaObject(media[item], version, `${here}/${item}`, report);
        return { mediaType, schema, kind: stream === 'jsonl' ? 'json' : 'text', stream };
      }
      const fallback = kind === 'binary' ? { type: 'string', format: 'binary' } : {};
      const schema =
        media?.schema === undefined ? fallback : schemaObject(media.schema, version, `${here}/schema`, report);
      return { mediaType, schema, kind };
    },
  );
}

/** The media types whose bodies limis streams item by item, and how it frames them. */
const STREAMED: Readonly<Record<string, StreamFormat>> = {
  'text/event-stream': 'sse',
  'application/jsonl': 'jsonl',
  'application/x-ndjson': 'jsonl',
};

export function streamFormat(mediaType: string): StreamFormat | undefined {
  const essence = essenceOf(mediaType);
  return Object.hasOwn(STREAMED, essence) ? STREAMED[essence] : undefined;
}

function essenceOf(mediaType: string): string {
  return mediaType.split(';')[0]!.trim().toLowerCase();
}

/** JSON and `+json` types are parsed; text types are strings; anything else is passed through as bytes. */
export function mediaKind(mediaType: string): MediaKind {
  const essence = essenceOf(mediaType);
  if (essence === 'application/json' || essence.endsWith('+json') || essence === '*/*') return 'json';
  if (essence.startsWith('text/')) return 'text';
  return 'binary';
}

/** Whether some response answers with a stream (`format`: of that kind), the item by item media types above. */
export function streamsResponses(responses: readonly ResponseModel[], format?: StreamFormat): boolean {
  return responses.some((r) =>
    r.contents.some((m) => (format === undefined ? m.stream !== undefined : m.stream === format)),
  );
}
