import type { AsyncAPIDocumentInterface } from '@asyncapi/parser';
import { forEachObject } from '../json-object.js';
import { appendPointer, pointerOf, segmentsOf } from '../json-pointer.js';
import { ContractError, type ContractProblem, type Locator } from './problems.js';
import type { SourceFile } from './source-file.js';

export interface LoadedAsyncApi {
  kind: 'asyncapi';
  version: '2' | '3';
  file: string;
  /** The parsed, fully resolved document, as @asyncapi/parser models it. */
  document: AsyncAPIDocumentInterface;
  /** The entry file as written, served at `/<service>/asyncapi.json`. */
  raw: Record<string, unknown>;
  locate: Locator;
}

/** Diagnostics that are advice about the contract's version, not about the API. */
const IGNORED = new Set(['asyncapi-latest-version']);

/**
 * Validates and resolves an AsyncAPI 2.x or 3.0 contract with @asyncapi/parser (loaded only when an AsyncAPI
 * contract is met: it is large); its diagnostics become located limis problems.
 */
export async function loadAsyncApi(entry: SourceFile): Promise<LoadedAsyncApi> {
  const raw = entry.data as Record<string, unknown>;
  const version = String(raw.asyncapi);
  const major = /^2\.\d+\.\d+$/.test(version) ? '2' : /^3\.0\.\d+$/.test(version) ? '3' : undefined;
  if (!major) {
    const position = entry.locate('/asyncapi');
    throw new ContractError([
      {
        severity: 'error',
        message: `unsupported AsyncAPI version "${version}": limis reads 2.x (2.6 recommended) and 3.0.x`,
        file: entry.path,
        pointer: '/asyncapi',
        line: position?.line,
        column: position?.column,
      },
    ]);
  }
  const unreadable = unreadableKeys(raw).map((pointer): ContractProblem => {
    const position = entry.locate(pointer);
    const key = JSON.stringify(segmentsOf(pointer).at(-1));
    return {
      severity: 'error',
      message: `the AsyncAPI parser (@asyncapi/parser) cannot read a key named ${key}: its reference resolver takes it for the object's own method or prototype; rename it`,
      file: entry.path,
      pointer,
      line: position?.line,
      column: position?.column,
    };
  });
  if (unreadable.length > 0) throw new ContractError(unreadable);
  const { Parser } = await import('@asyncapi/parser');
  const parser = new Parser();
  const { readFile } = await import('node:fs/promises');
  const { document, diagnostics } = await parser.parse(await readFile(entry.path, 'utf8'), { source: entry.path });
  const problems: ContractProblem[] = diagnostics
    .filter((d) => (d.severity === 0 || d.severity === 1) && !IGNORED.has(String(d.code)))
    .map((d) => ({
      severity: d.severity === 0 ? 'error' : 'warning',
      message: d.message,
      file: d.source ?? entry.path,
      pointer: pointerOf(d.path.map(String)),
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
    }));
  if (!document || problems.some((p) => p.severity === 'error')) throw new ContractError(problems);
  const locate: Locator = (pointer) => ({ file: entry.path, pointer, ...entry.locate(pointer) });
  return { kind: 'asyncapi', version: major, file: entry.path, document, raw, locate };
}

/** Keys @asyncapi/parser fails on (it crashes on `hasOwnProperty`, misreads `__proto__`), by pointer. */
function unreadableKeys(document: unknown): string[] {
  const found: string[] = [];
  forEachObject(document, (node, pointer) => {
    for (const key of Object.keys(node)) if (UNREADABLE_KEYS.has(key)) found.push(appendPointer(pointer, key));
  });
  return found.sort();
}

const UNREADABLE_KEYS = new Set(['hasOwnProperty', '__proto__']);
