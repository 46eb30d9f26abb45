import { appendPointer, componentSchemaName } from '../json-pointer.js';
import type { JsonSchema, NamedSchema, Reporter } from './service-model.js';

/** Keywords whose subschemas apply to the same value, not to a part of it: a reference through them goes nowhere. */
const IN_PLACE = new Set(['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependentSchemas']);

/**
 * A named schema that reaches itself through `$ref`s without descending into a property or an item (`A: anyOf:
 * [$ref A, …]`, `A: $ref B` with `B: $ref A`) describes no value: validating it never ends (JSON Schema 2020-12
 * §9.4.1) and TypeScript cannot write it (TS2456). Each such cycle is refused once, at its first schema, naming
 * the path around it. Cycles through properties or items (trees, JSON values) are fine. Linear in schemas and
 * references, and iterative, so a chain of thousands of schemas cannot overflow the stack.
 */
export function checkReferenceCycles(schemas: readonly NamedSchema[], report: Reporter): void {
  const edges = new Map(schemas.map((s) => [s.name, inPlaceReferences(s.schema)]));
  for (const cycle of stronglyConnected(edges)) {
    const [first] = cycle;
    const selfLoop = cycle.length === 1 && edges.get(first!)!.includes(first!);
    if (cycle.length === 1 && !selfLoop) continue;
    const around =
      cycle.length <= 2
        ? [...cycle, first].join(' → ')
        : `${cycle.slice(0, -1).join(', ')} and ${cycle.at(-1)} refer to one another`;
    report.error(
      appendPointer('/components/schemas', first!),
      `schema "${first}" refers to itself without descending into a property or an item (${around}): it describes no value, and validating it would never end`,
    );
  }
}

/**
 * The named schemas in an order where each comes after those it refers to (cycles aside): compiled in this order,
 * every `$ref` ajv meets is to a schema it has compiled already, so it never recurses down a chain of thousands.
 * With `from`, only the named schemas those schemas reach.
 */
export function dependencyOrder(schemas: readonly NamedSchema[], from: readonly JsonSchema[] = []): NamedSchema[] {
  const byName = new Map(schemas.map((s) => [s.name, s]));
  const done = new Set<string>();
  const order: NamedSchema[] = [];
  const roots =
    from.length === 0
      ? schemas
      : [...new Set(from.flatMap((schema) => references(schema, () => true)))].flatMap(
          (name) => byName.get(name) ?? [],
        );
  for (const root of roots) {
    if (done.has(root.name)) continue;
    done.add(root.name);
    const work: Array<{ schema: NamedSchema; targets: string[] }> = [
      { schema: root, targets: references(root.schema, () => true) },
    ];
    while (work.length > 0) {
      const frame = work.at(-1)!;
      const next = frame.targets.pop();
      if (next === undefined) {
        order.push(frame.schema);
        work.pop();
        continue;
      }
      const target = byName.get(next);
      if (!target || done.has(next)) continue;
      done.add(next);
      work.push({ schema: target, targets: references(target.schema, () => true) });
    }
  }
  return order;
}

/** How many named schemas the largest reference cycle holds (through any keyword); 1 when there is none. */
export function largestCycle(schemas: readonly NamedSchema[]): number {
  const edges = new Map(schemas.map((s) => [s.name, references(s.schema, () => true)]));
  return Math.max(1, ...stronglyConnected(edges).map((component) => component.length));
}

/** Named schemas a schema refers to in place (itself, or through allOf/anyOf/oneOf/not/if/then/else). */
function inPlaceReferences(schema: JsonSchema): string[] {
  return references(schema, (keyword) => IN_PLACE.has(keyword));
}

/** Named schemas a schema refers to below the keywords `follow` accepts. */
function references(schema: JsonSchema, follow: (keyword: string) => boolean): string[] {
  const found: string[] = [];
  const pending: unknown[] = [schema];
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      pending.push(...node);
      continue;
    }
    const object = node as Record<string, unknown>;
    const name = typeof object.$ref === 'string' ? componentSchemaName(object.$ref) : undefined;
    if (name !== undefined) found.push(name);
    for (const [keyword, value] of Object.entries(object)) {
      if (!follow(keyword) || value === null || typeof value !== 'object') continue;
      // A map of subschemas is walked as its values (when every keyword is followed, its keys are too: the same).
      if (keyword === 'dependentSchemas') pending.push(...Object.values(value));
      else pending.push(value);
    }
  }
  return found;
}

/** Tarjan's strongly connected components, with an explicit stack; each component in discovery order. */
function stronglyConnected(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: root, edge: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work.at(-1)!;
      const targets = edges.get(frame.node) ?? [];
      if (frame.edge < targets.length) {
        const target = targets[frame.edge++]!;
        if (!edges.has(target)) continue;
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, edge: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component.reverse());
      }
    }
  }
  return components;
}
