import { basename, dirname, extname, relative } from 'node:path';
import { HTTP_METHODS, SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS, SCHEMA_SINGLE_KEYWORDS } from '../contract-tables.js';
import { isJsonObject } from '../json-object.js';
import { appendPointer, componentSchemaRef, resolvePointer, segmentsOf, setOwn } from '../json-pointer.js';
import type { ContractProblem } from './problems.js';
import { parseRef, type RefTarget, refKey } from './resolve-ref.js';
import type { SourceSet } from './source-set.js';

type Json = Record<string, unknown>;

/** Where a part of the bundled document came from, so problems found later point at the file the user wrote. */
export interface Origin {
  at: string;
  file: string;
  pointer: string;
}

export interface BundledOpenApi {
  document: Json;
  origins: Origin[];
  problems: ContractProblem[];
}

interface Position {
  file: string;
  pointer: string;
  /** Pointer in the bundled document. */
  at: string;
}

const SCHEMA_PREFIX = '/components/schemas/';

/**
 * Turns a contract spread over several files into one document: schemas reached by `$ref` become named
 * `#/components/schemas/…` entries (so they become named types), every other `$ref` is inlined.
 */
export function bundleOpenApi(sources: SourceSet, entry: string): BundledOpenApi {
  return new OpenApiBundler(sources, entry).bundle();
}

class OpenApiBundler {
  private readonly schemas: Json = {};
  private readonly schemaNames = new Map<string, string>();
  private readonly taken = new Set<string>();
  private readonly origins: Origin[] = [];
  private readonly problems: ContractProblem[] = [];
  private readonly inlining: string[] = [];

  constructor(
    private readonly sources: SourceSet,
    private readonly entry: string,
  ) {}

  bundle(): BundledOpenApi {
    const root = this.sources.get(this.entry)!.data as Json;
    const at: Position = { file: this.entry, pointer: '', at: '' };
    this.reserveRootSchemaNames(root);
    // Components first, so the contract's own schemas keep their order ahead of the hoisted ones.
    const components = this.components(root.components, child(at, 'components'));
    const paths = this.paths(root.paths, child(at, 'paths'));
    if (Object.keys(this.schemas).length > 0) components.schemas = this.schemas;
    const document: Json = {};
    for (const [key, value] of Object.entries(root)) {
      if (key === 'paths') document.paths = paths;
      else if (key !== 'components') setOwn(document, key, value);
    }
    if (Object.keys(components).length > 0) document.components = components;
    return { document, origins: this.origins, problems: this.problems };
  }

  private reserveRootSchemaNames(root: Json): void {
    const schemas = (root.components as Json | undefined)?.schemas;
    if (!isJsonObject(schemas)) return;
    for (const [name, schema] of Object.entries(schemas)) {
      this.taken.add(name);
      setOwn(this.schemas, name, {}); // keeps the contract's order when a hoisted schema is met first
      if (isJsonObject(schema) && typeof schema.$ref === 'string' && Object.keys(schema).length === 1) {
        // `Pet: {$ref: ./pet.yaml}` names the external schema Pet rather than adding an alias of it.
        const target = parseRef(schema.$ref, this.entry, this.sources.self);
        if (!('error' in target) && !this.schemaNames.has(refKey(target)) && !isRootSchema(target, this.entry)) {
          this.schemaNames.set(refKey(target), name);
        }
      }
    }
  }

  private components(value: unknown, at: Position): Json {
    const result: Json = {};
    if (!isJsonObject(value)) return result;
    for (const [kind, entries] of Object.entries(value)) {
      if (kind === 'schemas' && isJsonObject(entries)) {
        for (const [name, schema] of Object.entries(entries)) {
          const here = child(child(at, 'schemas'), name);
          const target =
            isJsonObject(schema) && typeof schema.$ref === 'string'
              ? parseRef(schema.$ref, at.file, this.sources.self)
              : undefined;
          if (target && !('error' in target) && this.schemaNames.get(refKey(target)) === name) {
            const resolved = this.follow(schema as Json, here);
            setOwn(this.schemas, name, resolved ? this.schema(resolved.value, resolved.at) : {});
          } else {
            setOwn(this.schemas, name, this.schema(schema, here));
          }
        }
      } else if (kind === 'securitySchemes' && isJsonObject(entries)) {
        result.securitySchemes = this.mapEntries(entries, child(at, kind), (entry, here) => this.inline(entry, here));
      }
    }
    return result;
  }

  private paths(value: unknown, at: Position): Json {
    if (!isJsonObject(value)) return {};
    const result: Json = {};
    // Specification extensions (`x-…`) may stand beside the paths; they are data, not path items to resolve.
    for (const [key, entry] of Object.entries(value))
      setOwn(result, key, key.startsWith('x-') ? entry : this.pathItem(entry, child(at, key)));
    return result;
  }

  private pathItem(value: unknown, at: Position): unknown {
    return this.withInlined(value, at, (item, here) => {
      const result: Json = {};
      for (const [key, entry] of Object.entries(item)) {
        if (key === 'parameters') result.parameters = this.parameters(entry, child(here, key));
        else if ((HTTP_METHODS as readonly string[]).includes(key) || key === 'query')
          setOwn(result, key, this.operation(entry, child(here, key)));
        else if (key === 'additionalOperations' && isJsonObject(entry)) {
          // OpenAPI 3.2: operations of any other method, by method name.
          result.additionalOperations = this.mapEntries(entry, child(here, key), (operation, at) =>
            this.operation(operation, at),
          );
        } else setOwn(result, key, entry);
      }
      return result;
    });
  }

  private operation(value: unknown, at: Position): unknown {
    if (!isJsonObject(value)) return value;
    const result: Json = {};
    for (const [key, entry] of Object.entries(value)) {
      const here = child(at, key);
      if (key === 'parameters') result.parameters = this.parameters(entry, here);
      else if (key === 'requestBody')
        result.requestBody = this.withInlined(entry, here, (b, h) => this.withContent(b, h));
      else if (key === 'responses' && isJsonObject(entry)) {
        result.responses = this.mapEntries(entry, here, (r, h) =>
          this.withInlined(r, h, (response, rh) => this.response(response, rh)),
        );
      } else setOwn(result, key, entry);
    }
    return result;
  }

  private parameters(value: unknown, at: Position): unknown {
    if (!Array.isArray(value)) return value;
    return value.map((parameter, index) =>
      this.withInlined(parameter, child(at, index), (p, here) => this.withContent(p, here)),
    );
  }

  private response(value: Json, at: Position): Json {
    const result = this.withContent(value, at);
    if (isJsonObject(value.headers)) {
      result.headers = this.mapEntries(value.headers, child(at, 'headers'), (header, here) =>
        this.withInlined(header, here, (h, hh) => this.withContent(h, hh)),
      );
    }
    return result;
  }

  /** Parameters, headers, request bodies and responses: a `schema` and/or a `content` map of media types. */
  private withContent(value: Json, at: Position): Json {
    const result: Json = { ...value };
    if ('schema' in value) result.schema = this.schema(value.schema, child(at, 'schema'));
    if (isJsonObject(value.examples)) result.examples = this.examples(value.examples, child(at, 'examples'));
    if (isJsonObject(value.content)) {
      // OpenAPI 3.2 lets a Media Type Object be a `$ref` (to `components.mediaTypes`): inlined like the others.
      result.content = this.mapEntries(value.content, child(at, 'content'), (entry, at) =>
        this.withInlined(entry, at, (media, here) => {
          const read: Json = { ...media };
          for (const key of ['schema', 'itemSchema'])
            if (key in media) read[key] = this.schema(media[key], child(here, key));
          if (isJsonObject(media.examples)) read.examples = this.examples(media.examples, child(here, 'examples'));
          return read;
        }),
      );
    }
    return result;
  }

  /** Example Objects, often shared through `components.examples`: inlined, as that section is not kept. */
  private examples(value: Json, at: Position): Json {
    return this.mapEntries(value, at, (example, here) => this.inline(example, here));
  }

  private schema(value: unknown, at: Position): unknown {
    if (!isJsonObject(value)) return value;
    const result: Json = {};
    for (const [key, entry] of Object.entries(value)) {
      const here = child(at, key);
      if (key === '$ref' && typeof entry === 'string') result.$ref = this.schemaRef(entry, at);
      else if (SCHEMA_MAP_KEYWORDS.has(key) && isJsonObject(entry))
        setOwn(
          result,
          key,
          this.mapEntries(entry, here, (s, h) => this.schema(s, h)),
        );
      else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(entry))
        setOwn(
          result,
          key,
          entry.map((s, i) => this.schema(s, child(here, i))),
        );
      else if (SCHEMA_SINGLE_KEYWORDS.has(key))
        setOwn(
          result,
          key,
          Array.isArray(entry) ? entry.map((s, i) => this.schema(s, child(here, i))) : this.schema(entry, here),
        );
      else setOwn(result, key, entry);
    }
    return result;
  }

  /** Rewrites a schema `$ref` to a named root schema, hoisting the target when it lives anywhere else. */
  private schemaRef(ref: string, at: Position): string {
    const target = this.target(ref, at);
    if (!target) return ref;
    if (isRootSchema(target, this.entry)) {
      const name = segmentsOf(target.pointer)[2]!;
      if (!this.taken.has(name))
        this.report(at, `$ref "${ref}" points at a schema that does not exist: no "${name}" in components.schemas`);
      return componentSchemaRef(name);
    }
    const key = refKey(target);
    let name = this.schemaNames.get(key);
    if (name === undefined) {
      const resolved = this.resolveTarget(ref, target, at);
      if (resolved === undefined) return ref;
      name = this.freshName(target);
      this.schemaNames.set(key, name);
      setOwn(this.schemas, name, {});
      const schemaAt: Position = { file: target.file, pointer: target.pointer, at: SCHEMA_PREFIX + name };
      this.origins.push({ at: schemaAt.at, file: target.file, pointer: target.pointer });
      setOwn(this.schemas, name, this.schema(resolved, schemaAt));
    }
    return componentSchemaRef(name);
  }

  private freshName(target: RefTarget): string {
    const segments = segmentsOf(target.pointer);
    const base = segments.at(-1) ?? basename(target.file, extname(target.file));
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}${n}`;
    this.taken.add(name);
    return name;
  }

  /** Objects that may be a `$ref` to a reusable component: the target is copied in place. */
  private withInlined(value: unknown, at: Position, walk: (value: Json, at: Position) => unknown): unknown {
    if (!isJsonObject(value)) return value;
    if (typeof value.$ref !== 'string') return walk(value, at);
    const resolved = this.follow(value, at);
    if (!resolved) return {};
    return walk(resolved.value as Json, resolved.at);
  }

  private inline(value: unknown, at: Position): unknown {
    return this.withInlined(value, at, (v) => v);
  }

  /** Follows a chain of `$ref`s to the object at its end, refusing cycles. */
  private follow(value: Json, at: Position): { value: unknown; at: Position } | undefined {
    let current: unknown = value;
    let here = at;
    const chain: string[] = [];
    while (isJsonObject(current) && typeof current.$ref === 'string') {
      const ref = current.$ref;
      const target = this.target(ref, here);
      if (!target) return undefined;
      const key = refKey(target);
      if (chain.includes(key) || this.inlining.includes(key)) {
        this.report(here, `$ref "${ref}" is circular; only schemas may refer to themselves`);
        return undefined;
      }
      chain.push(key);
      const resolved = this.resolveTarget(ref, target, here);
      if (resolved === undefined) return undefined;
      current = resolved;
      here = { file: target.file, pointer: target.pointer, at: at.at };
    }
    if (chain.length > 0) this.origins.push({ at: at.at, file: here.file, pointer: here.pointer });
    return { value: current, at: here };
  }

  private target(ref: string, at: Position): RefTarget | undefined {
    const target = parseRef(ref, at.file, this.sources.self);
    if ('error' in target) {
      this.report(at, target.error);
      return undefined;
    }
    return target;
  }

  private resolveTarget(ref: string, target: RefTarget, at: Position): unknown {
    const source = this.sources.get(target.file);
    if (!source) {
      this.report(at, `cannot resolve $ref "${ref}": ${relative(dirname(at.file), target.file)} does not exist`);
      return undefined;
    }
    const value = resolvePointer(source.data, segmentsOf(target.pointer));
    if (value === undefined) {
      this.report(at, `cannot resolve $ref "${ref}": nothing at #${target.pointer} in ${basename(target.file)}`);
    }
    return value;
  }

  private mapEntries(value: Json, at: Position, walk: (entry: unknown, at: Position) => unknown): Json {
    const result: Json = {};
    for (const [key, entry] of Object.entries(value)) setOwn(result, key, walk(entry, child(at, key)));
    return result;
  }

  private report(at: Position, message: string): void {
    const pointer = appendPointer(at.pointer, '$ref');
    const position = this.sources.get(at.file)?.locate(pointer);
    this.problems.push({
      severity: 'error',
      message,
      file: at.file,
      pointer,
      line: position?.line,
      column: position?.column,
    });
  }
}

function child(at: Position, segment: string | number): Position {
  return { file: at.file, pointer: appendPointer(at.pointer, segment), at: appendPointer(at.at, segment) };
}

function isRootSchema(target: RefTarget, entry: string): boolean {
  return target.file === entry && target.pointer.startsWith(SCHEMA_PREFIX) && segmentsOf(target.pointer).length === 3;
}
