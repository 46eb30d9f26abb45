import { KNOWN_FORMATS } from '../contract-tables.js';
import { forEachObject, isDataKey, isJsonObject } from '../json-object.js';
import { appendPointer, setOwn } from '../json-pointer.js';
import type { Reporter } from './service-model.js';

/**
 * `x-limis-formats` at the document's root: formats of the contract's own, by name, each the ECMAScript regular
 * expression (`u` flag) a value must match — `{ sku: '^[A-Z]{3}-\d+$' }`, or `{ sku: { pattern: … } }` to leave room
 * for a description. Located errors for an entry that is not a pattern, does not compile, or would redefine a format
 * limis knows.
 */
export function customFormats(value: unknown, report: Reporter): Record<string, string> {
  const formats: Record<string, string> = {};
  if (value === undefined) return formats;
  if (!isJsonObject(value)) {
    report.error('/x-limis-formats', 'x-limis-formats must map format names to regular expressions');
    return formats;
  }
  for (const [name, entry] of Object.entries(value)) {
    const at = appendPointer('/x-limis-formats', name);
    const pattern = typeof entry === 'string' ? entry : isJsonObject(entry) ? entry.pattern : undefined;
    if (typeof pattern !== 'string') {
      report.error(at, `format "${name}" needs a pattern: a regular expression as a string, or { pattern }`);
    } else if (KNOWN_FORMATS.has(name)) {
      report.error(at, `format "${name}" is one limis knows already; give the contract's own format another name`);
    } else {
      try {
        new RegExp(pattern, 'u');
        setOwn(formats, name, pattern);
      } catch (error) {
        report.error(
          at,
          `format "${name}" has a pattern that is not an ECMAScript regular expression: ${(error as Error).message}`,
        );
      }
    }
  }
  return formats;
}

/**
 * Warns, at each `format` a schema uses that neither limis nor `x-limis-formats` knows, that no validator checks it —
 * naming the known format it most likely means (`datetime` → `date-time`). Walks the whole document iteratively;
 * examples are data and extensions someone else's, so neither is read.
 */
export function checkFormats(document: unknown, custom: Readonly<Record<string, string>>, report: Reporter): void {
  forEachObject(
    document,
    (node, pointer) => {
      const format = node.format;
      if (typeof format === 'string' && !KNOWN_FORMATS.has(format) && !Object.hasOwn(custom, format))
        report.warning(appendPointer(pointer, 'format'), unknownFormat(format));
    },
    isDataKey,
  );
}

function unknownFormat(format: string): string {
  const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const meant = [...KNOWN_FORMATS].find((known) => squash(known) === squash(format));
  return `format "${format}" is not a format limis knows, so values are not validated against it${meant ? `; did you mean "${meant}"?` : ''}`;
}
