import type { ContractProblem } from './problems.js';
import { parseRef, type SelfBase } from './resolve-ref.js';
import { readSourceFile, type SourceFile } from './source-file.js';

/** Every file a contract reaches through `$ref`, read up front so the bundling walk stays synchronous. */
export class SourceSet {
  readonly files = new Map<string, SourceFile>();
  readonly problems: ContractProblem[] = [];
  /** The entry's `$self`, when it has an absolute one: references to it are references to the entry. */
  self: SelfBase | undefined;

  static async load(entry: string): Promise<SourceSet> {
    const set = new SourceSet();
    await set.add(entry);
    return set;
  }

  get(file: string): SourceFile | undefined {
    return this.files.get(file);
  }

  private async add(path: string): Promise<void> {
    const pending = [path];
    const seen = new Set(pending);
    while (pending.length > 0) {
      const file = pending.pop()!;
      const source = await readSourceFile(file);
      if ('severity' in source) {
        // A missing referenced file is reported at the $ref that names it, by the bundler.
        if (file === path || !source.message.includes('file not found')) this.problems.push(source);
        continue;
      }
      this.files.set(file, source);
      if (file === path) this.self = selfBase(source);
      for (const ref of collectRefs(source.data)) {
        const target = parseRef(ref, file, this.self);
        if ('error' in target || seen.has(target.file)) continue;
        seen.add(target.file);
        pending.push(target.file);
      }
    }
  }
}

function collectRefs(data: unknown): string[] {
  const refs: string[] = [];
  const stack = [data];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') refs.push(value);
        else stack.push(value);
      }
    }
  }
  return refs;
}

function selfBase(entry: SourceFile): SelfBase | undefined {
  const self = (entry.data as { $self?: unknown } | null)?.$self;
  if (typeof self !== 'string' || !/^[a-z][a-z0-9+.-]*:/i.test(self)) return undefined;
  try {
    return { url: new URL(self).href, file: entry.path };
  } catch {
    return undefined;
  }
}
