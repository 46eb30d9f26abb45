import { parsePathTemplate } from '../common/path-template.js';

/** A route for one method: its value and the names of its path parameters, in order. */
export interface RouteEntry<T> {
  value: T;
  names: readonly string[];
}

/** What a path matched: the routes per method, and the decoded parameter values in path order. */
export interface RouteMatch<T> {
  methods: ReadonlyMap<string, RouteEntry<T>>;
  values: string[];
}

interface TreeNode<T> {
  literal: Map<string, TreeNode<T>>;
  param?: TreeNode<T>;
  methods: Map<string, RouteEntry<T>>;
}

interface PatternRoute<T> {
  pattern: RegExp;
  methods: Map<string, RouteEntry<T>>;
}

const newNode = <T>(): TreeNode<T> => ({ literal: new Map(), methods: new Map() });

/**
 * The node adapter's router, built once: whole-segment templates go into a segment tree (a literal segment wins
 * over a parameter, whatever the parameter is called in each route), templates with a parameter inside a segment
 * (`/{id}.json`) into anchored patterns tried after it. Matching allocates only the values array.
 */
export class RouteTree<T> {
  private readonly root = newNode<T>();
  private readonly patterns: PatternRoute<T>[] = [];

  add(method: string, template: string, value: T): void {
    const segments = template.split('/').filter((s) => s !== '');
    const names = parsePathTemplate(template).flatMap((part) => ('param' in part ? [part.param] : []));
    if (!segments.every((s) => !s.includes('{') || /^\{[^{}]+\}$/.test(s))) {
      this.addPattern(method, template, { value, names });
      return;
    }
    let node = this.root;
    for (const segment of segments) {
      if (segment.startsWith('{')) {
        node.param ??= newNode();
        node = node.param;
      } else {
        const next = node.literal.get(segment) ?? newNode();
        node.literal.set(segment, next);
        node = next;
      }
    }
    node.methods.set(method, { value, names });
  }

  /** `path` without its query string, still percent-encoded; throws URIError for a malformed escape. */
  match(path: string): RouteMatch<T> | undefined {
    const segments = path.split('/').filter((s) => s !== '');
    const values: string[] = [];
    const found = this.walk(this.root, segments, 0, values);
    if (found) return { methods: found.methods, values: values.reverse() };
    for (const route of this.patterns) {
      const match = route.pattern.exec(path);
      if (match) return { methods: route.methods, values: match.slice(1).map((v) => decodeURIComponent(v)) };
    }
    return undefined;
  }

  /** Depth first; parameter values are pushed on the way back up, hence reversed by match(). */
  private walk(node: TreeNode<T>, segments: string[], index: number, values: string[]): TreeNode<T> | undefined {
    if (index === segments.length) return node.methods.size > 0 ? node : undefined;
    const segment = segments[index]!;
    const literal = node.literal.get(segment);
    const viaLiteral = literal && this.walk(literal, segments, index + 1, values);
    if (viaLiteral) return viaLiteral;
    if (!node.param) return undefined;
    const found = this.walk(node.param, segments, index + 1, values);
    if (found) values.push(decodeURIComponent(segment));
    return found;
  }

  private addPattern(method: string, template: string, entry: RouteEntry<T>): void {
    const source = parsePathTemplate(template)
      .map((part) => ('literal' in part ? part.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '([^/]+)'))
      .join('');
    const pattern = `^${source}/?$`;
    const existing = this.patterns.find((p) => p.pattern.source === pattern);
    if (existing) existing.methods.set(method, entry);
    else this.patterns.push({ pattern: new RegExp(pattern), methods: new Map([[method, entry]]) });
  }
}
