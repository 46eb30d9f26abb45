import { resolve } from 'node:path';
import type { OpenApiVersion } from '../contract-tables.js';
import { bundleOpenApi, type Origin } from './bundle-openapi.js';
import { type LoadedAsyncApi, loadAsyncApi } from './load-asyncapi.js';
import { ContractError, type ContractProblem, type Locator } from './problems.js';
import type { SourceFile } from './source-file.js';
import { SourceSet } from './source-set.js';
import { convertSwagger } from './swagger.js';

export interface LoadedOpenApi {
  kind: 'openapi';
  version: OpenApiVersion;
  /** Absolute path of the entry file. */
  file: string;
  /** The contract as one document: external schemas hoisted into components.schemas, other `$ref`s inlined. */
  document: Record<string, unknown>;
  locate: Locator;
  /** Set when the entry file was Swagger 2.0, converted to OpenAPI 3.0 on loading (`convertSwagger`). */
  convertedFrom?: 'swagger-2.0';
  /** The entry file as written (for Swagger 2.0, before conversion), for the official-schema check. */
  entry: SourceFile;
}

export type LoadedContract = LoadedOpenApi | LoadedAsyncApi;

/** Reads a contract and everything it references; throws a ContractError listing every problem found. */
export async function loadContract(path: string): Promise<LoadedContract> {
  const file = resolve(path);
  const sources = await SourceSet.load(file);
  const entry = sources.get(file);
  if (!entry) throw new ContractError(sources.problems);
  const problem = (message: string, pointer = ''): ContractProblem => {
    const position = entry.locate(pointer);
    return { severity: 'error', message, file, pointer, line: position?.line, column: position?.column };
  };
  const data = entry.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    // The document's own position: an empty file, a bare scalar or a list all start at 1:1.
    const what =
      data === null || data === undefined
        ? 'the file is empty'
        : `it is ${Array.isArray(data) ? 'a list' : `a ${typeof data}`}`;
    throw new ContractError([{ ...problem(`a contract must be a YAML or JSON object; ${what}`), line: 1, column: 1 }]);
  }
  let root = data as Record<string, unknown>;
  const swagger = root.swagger !== undefined;
  if (swagger) {
    if (String(root.swagger) !== '2.0')
      throw new ContractError([
        problem(`unsupported Swagger version "${String(root.swagger)}": limis reads 2.0`, '/swagger'),
      ]);
    const converted = await convertSwagger(entry);
    sources.files.set(file, converted);
    root = converted.data as Record<string, unknown>;
  }
  const version = String(root.openapi ?? '');
  if (root.asyncapi !== undefined) return loadAsyncApi(entry);
  const match = /^3\.([012])\.\d+$/.exec(version);
  if (!match) {
    const message =
      root.openapi === undefined
        ? 'not an OpenAPI contract: the "openapi: 3.x.y" field is missing'
        : `unsupported OpenAPI version "${version}": limis reads 3.0.x, 3.1.x and 3.2.x`;
    throw new ContractError([problem(message, root.openapi === undefined ? '' : '/openapi')]);
  }
  const bundled = bundleOpenApi(sources, file);
  const problems = [...sources.problems, ...bundled.problems];
  if (problems.some((p) => p.severity === 'error')) throw new ContractError(problems);
  return {
    kind: 'openapi',
    version: `3.${match[1]}` as OpenApiVersion,
    file,
    document: bundled.document,
    locate: locator(sources, file, bundled.origins),
    entry,
    ...(swagger && { convertedFrom: 'swagger-2.0' as const }),
  };
}

function locator(sources: SourceSet, entry: string, origins: Origin[]): Locator {
  // Longest prefix first, so a nested inlined $ref wins over the one around it.
  const sorted = [...origins].sort((a, b) => b.at.length - a.at.length);
  return (pointer) => {
    const origin = sorted.find((o) => pointer === o.at || pointer.startsWith(`${o.at}/`));
    const file = origin?.file ?? entry;
    const mapped = origin ? origin.pointer + pointer.slice(origin.at.length) : pointer;
    const source = sources.get(file);
    const position = source?.locate(mapped);
    return { file, pointer: source?.original?.(mapped) ?? mapped, line: position?.line, column: position?.column };
  };
}
