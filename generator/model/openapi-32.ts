import { forEachObject, isDataKey } from '../json-object.js';
import { appendPointer, segmentsOf } from '../json-pointer.js';
import { streamFormat } from './media-type-object.js';
import type { Reporter } from './service-model.js';

/** Media Type Object fields of OpenAPI 3.2 for sequential media (streams). */
const STREAM_FIELDS = ['itemSchema', 'itemEncoding', 'prefixEncoding'];

/**
 * What OpenAPI 3.2 added that limis reads but does not act on yet gets a located warning, so nothing in the contract
 * is dropped silently. The rest of 3.2 is read as 3.1 is (tag `parent`/`kind`/`summary`, response `summary`, the new
 * security scheme fields and the device flow are descriptions; `components.mediaTypes` are followed as `$ref`s).
 */
export function checkOpenApi32(document: Record<string, unknown>, report: Reporter): void {
  if (typeof document.$self === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(document.$self))
    report.warning(
      '/$self',
      'a relative `$self` is not used to resolve references: limis resolves each `$ref` against the file it is written in (an absolute `$self` names the entry file)',
    );
  forEachObject(
    document,
    (node, pointer) => {
      for (const field of STREAM_FIELDS) {
        if (!Object.hasOwn(node, field)) continue;
        const segments = segmentsOf(pointer);
        const mediaType = segments.at(-1) ?? '';
        const format = streamFormat(mediaType);
        const served =
          field === 'itemSchema' && (segments.includes('responses') ? format !== undefined : format === 'jsonl');
        if (served) continue;
        const why =
          field !== 'itemSchema'
            ? 'is not applied by limis yet: items are written as JSON'
            : segments.includes('responses')
              ? `is not streamed by limis for ${mediaType} (it streams text/event-stream, application/jsonl and application/x-ndjson): the body is generated as if it had no schema`
              : `is not read by limis for a ${mediaType} request body (it reads application/jsonl and application/x-ndjson item by item): the body is generated as if it had no schema`;
        report.warning(appendPointer(pointer, field), `\`${field}\` ${why}`);
      }
    },
    isDataKey,
  );
}
