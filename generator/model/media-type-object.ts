import type { OpenApiVersion } from '../contract-tables.js';
import { appendPointer } from '../json-pointer.js';
import { schemaObject } from './schema-object.js';
import type { MediaKind, MediaModel, Reporter } from './service-model.js';

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
  return Object.entries(content as Record<string, { schema?: unknown }>).map(([mediaType, media]) => {
    const here = appendPointer(pointer, mediaType);
    const kind = mediaKind(mediaType);
    const fallback = kind === 'binary' ? { type: 'string', format: 'binary' } : {};
    const schema =
      media?.schema === undefined ? fallback : schemaObject(media.schema, version, `${here}/schema`, report);
    return { mediaType, schema, kind };
  });
}

/** JSON and `+json` types are parsed; text types are strings; anything else is passed through as bytes. */
export function mediaKind(mediaType: string): MediaKind {
  const essence = mediaType.split(';')[0]!.trim().toLowerCase();
  if (essence === 'application/json' || essence.endsWith('+json') || essence === '*/*') return 'json';
  if (essence.startsWith('text/')) return 'text';
  return 'binary';
}
