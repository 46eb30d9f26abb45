import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from 'yaml';
import { segmentsOf } from '../json-pointer.js';
import type { ContractProblem } from './problems.js';

/** One parsed contract file, able to say where any JSON pointer sits in its text. */
export interface SourceFile {
  /** Absolute path. */
  path: string;
  data: unknown;
  locate(pointer: string): { line: number; column: number } | undefined;
  /** For a file converted on loading (Swagger 2.0): where a pointer into `data` was written in the original. */
  original?(pointer: string): string;
}

/** Reads YAML or JSON; both get line:column positions (JSON's are found as YAML 1.2, its superset). */
export async function readSourceFile(path: string): Promise<SourceFile | ContractProblem> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    return { severity: 'error', message: `cannot read contract: ${reason}`, file: path, pointer: '' };
  }
  return parseSourceText(path, text);
}

export function parseSourceText(path: string, text: string): SourceFile | ContractProblem {
  if (path.endsWith('.json')) {
    // JSON.parse is ~10× faster than the YAML parser on large JSON contracts (GitHub's: 13 MB); positions are only
    // needed to report a problem, so the YAML parse that finds them waits until one is.
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return malformedJson(path, text, (error as Error).message);
    }
    let located: SourceFile | ContractProblem | undefined;
    return {
      path,
      data,
      locate(pointer) {
        located ??= parseYaml(path, text);
        return 'locate' in located ? located.locate(pointer) : undefined;
      },
    };
  }
  return parseYaml(path, text);
}

/**
 * A `.json` contract is strict JSON: the YAML parser would accept comments, trailing commas and unquoted keys, and
 * the same file would then mean something else to every other tool. Located at JSON.parse's position (line 1,
 * column 1 for an empty file).
 */
function malformedJson(path: string, text: string, reason: string): ContractProblem {
  const offset = Number(/at position (\d+)/.exec(reason)?.[1] ?? (text.trim() === '' ? 0 : text.length));
  const before = text.slice(0, offset).split('\n');
  return {
    severity: 'error',
    message: `malformed JSON: ${reason.replace(/ in JSON at position \d+.*$/, '')}${text.trim() === '' ? ' (the file is empty)' : ''}; a .json contract must be strict JSON (no comments or trailing commas: write YAML for those)`,
    file: path,
    pointer: '',
    line: before.length,
    column: before.at(-1)!.length + 1,
  };
}

function parseYaml(path: string, text: string): SourceFile | ContractProblem {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const [first] = document.errors;
  if (first) {
    const position = lineCounter.linePos(first.pos[0]);
    return {
      severity: 'error',
      message: `malformed ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${first.message.split('\n')[0]}`,
      file: path,
      pointer: '',
      line: position.line,
      column: position.col,
    };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // An alias bomb: say where its aliases start, the place to look.
    let alias: number | undefined;
    visit(document, {
      Alias(_key, node) {
        alias = node.range?.[0];
        return visit.BREAK;
      },
    });
    const position = alias === undefined ? undefined : lineCounter.linePos(alias);
    return {
      severity: 'error',
      message: `cannot read contract: ${(error as Error).message}${position ? ' (its aliases start here)' : ''}`,
      file: path,
      pointer: '',
      line: position?.line,
      column: position?.col,
    };
  }
  return {
    path,
    data,
    locate(pointer) {
      const offset = offsetOf(document.contents, segmentsOf(pointer));
      if (offset === undefined) return undefined;
      const position = lineCounter.linePos(offset);
      return { line: position.line, column: position.col };
    },
  };
}

/** The offset of the deepest node on the pointer's path: the key when the last step is a map key. */
function offsetOf(root: Node | null, segments: string[]): number | undefined {
  let node: unknown = root;
  let offset = root?.range?.[0];
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}
