import { dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a `$ref` points: an absolute file and a JSON pointer inside it. */
export interface RefTarget {
  file: string;
  pointer: string;
}

/**
 * An OpenAPI 3.2 entry document's `$self` (an absolute URI): where the document says it lives. A `$ref` to that URI,
 * or to one beside it, names the entry file or a file beside it, read from disk.
 */
export interface SelfBase {
  /** The `$self` URI. */
  url: string;
  /** The entry file it names. */
  file: string;
}

/** Splits a `$ref` into file and pointer relative to the file it was written in; remote refs are refused. */
export function parseRef(ref: string, fromFile: string, self?: SelfBase): RefTarget | { error: string } {
  const hash = ref.indexOf('#');
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? '' : ref.slice(hash + 1);
  if (fragment !== '' && !fragment.startsWith('/')) {
    return { error: `$ref "${ref}" must use a JSON pointer fragment (#/…); plain-name anchors are not supported` };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(filePart)) {
    const local = self && besideSelf(filePart, self);
    if (local !== undefined) return { file: local, pointer: fragment };
    if (!filePart.startsWith('file:')) {
      return { error: `$ref "${ref}" is remote; limis resolves local files only — download it next to the contract` };
    }
    return { file: fileURLToPath(filePart), pointer: fragment };
  }
  const file = filePart === '' ? fromFile : resolvePath(dirname(fromFile), decodeURIComponent(filePart));
  return { file, pointer: fragment };
}

/** The local file an absolute URI names when it is `$self` or a file under `$self`'s directory. */
function besideSelf(uri: string, self: SelfBase): string | undefined {
  if (uri === self.url) return self.file;
  const base = new URL('.', self.url).href;
  if (!uri.startsWith(base)) return undefined;
  return resolvePath(dirname(self.file), decodeURIComponent(uri.slice(base.length)));
}

export function refKey(target: RefTarget): string {
  return `${target.file}#${target.pointer}`;
}
