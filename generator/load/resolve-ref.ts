import { dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a `$ref` points: an absolute file and a JSON pointer inside it. */
export interface RefTarget {
  file: string;
  pointer: string;
}

/** Splits a `$ref` into file and pointer relative to the file it was written in; remote refs are refused. */
export function parseRef(ref: string, fromFile: string): RefTarget | { error: string } {
  const hash = ref.indexOf('#');
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? '' : ref.slice(hash + 1);
  if (fragment !== '' && !fragment.startsWith('/')) {
    return { error: `$ref "${ref}" must use a JSON pointer fragment (#/…); plain-name anchors are not supported` };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(filePart)) {
    if (!filePart.startsWith('file:')) {
      return { error: `$ref "${ref}" is remote; limis resolves local files only — download it next to the contract` };
    }
    return { file: fileURLToPath(filePart), pointer: fragment };
  }
  const file = filePart === '' ? fromFile : resolvePath(dirname(fromFile), decodeURIComponent(filePart));
  return { file, pointer: fragment };
}

export function refKey(target: RefTarget): string {
  return `${target.file}#${target.pointer}`;
}
