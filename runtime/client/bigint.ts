import { parse, stringify } from 'lossless-json';
import type { JsonCodec } from '../common/media.js';

/**
 * Where a JSON value holds integers the contract marks `x-limis-bigint: true`: `true` is such an integer; an object
 * says where below (`properties`, array `items`, `additional` properties, every shape of `all`, or the `ref`erenced
 * named shape, so recursive schemas stay finite).
 */
export type BigintShape =
  | true
  | {
      properties?: Record<string, BigintShape>;
      items?: BigintShape;
      additional?: BigintShape;
      all?: BigintShape[];
      ref?: string;
    };

/**
 * JSON for bodies that carry 64-bit integers exactly. `JSON.parse` rounds an integer beyond ±(2^53−1) to the nearest
 * double, and `JSON.stringify` throws on a `bigint`; lossless-json reads such integers exactly and writes `bigint`s
 * as JSON numbers. Integers where the shape says become `bigint` whatever their size, so the value is what its type
 * says; every other number is the number JSON.parse gives (rounded beyond 2^53, for the validator to refuse saying
 * why). Duplicate keys keep the last, as JSON.parse does.
 */
export function bigintJson(shape: BigintShape, named: Readonly<Record<string, BigintShape>> = {}): JsonCodec {
  return {
    parse: (text) => {
      let unsafe = false;
      const parseNumber = (digits: string) => {
        const value = Number(digits);
        if (Number.isSafeInteger(value) || !INTEGER.test(digits)) return value;
        unsafe = true;
        return BigInt(digits);
      };
      const value = parse(text, null, { parseNumber, onDuplicateKey: ({ newValue }) => newValue });
      return new Reviver(named, unsafe).revive(value, shape);
    },
    stringify: (value) => stringify(value) ?? 'null',
  };
}

const INTEGER = /^-?\d+$/;

/**
 * Turns the integers a shape marks into `bigint`s. Each value is visited once, with every shape that applies to it
 * (its `ref`s and `all` followed first); only the parts some shape leads to are visited, unless the text held an
 * integer beyond 2^53 somewhere (`everywhere`): then every part is, and such an integer where no shape marks one
 * becomes the number JSON.parse would have made of it.
 */
class Reviver {
  constructor(
    private readonly named: Readonly<Record<string, BigintShape>>,
    private readonly everywhere: boolean,
  ) {}

  revive(value: unknown, shape: BigintShape | undefined): unknown {
    return this.visit(value, shape === undefined ? [] : this.applying([shape]));
  }

  /** The shapes that apply to one value: those given, and those their `ref`s and `all`s lead to, each once. */
  private applying(given: BigintShape[]): BigintShape[] {
    const found: BigintShape[] = [];
    const seen = new Set<BigintShape | string>();
    const work = [...given];
    while (work.length > 0) {
      const shape = work.pop()!;
      if (seen.has(shape)) continue;
      seen.add(shape);
      found.push(shape);
      if (shape === true) continue;
      if (shape.ref !== undefined && !seen.has(shape.ref)) {
        seen.add(shape.ref);
        const target = this.named[shape.ref];
        if (target !== undefined) work.push(target);
      }
      work.push(...(shape.all ?? []));
    }
    return found;
  }

  private visit(value: unknown, shapes: BigintShape[]): unknown {
    if (shapes.includes(true)) return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
    if (typeof value === 'bigint') return Number(value);
    if (value === null || typeof value !== 'object' || (shapes.length === 0 && !this.everywhere)) return value;
    const objects = shapes as Array<Exclude<BigintShape, true>>;
    if (Array.isArray(value)) {
      const items = this.applying(objects.flatMap((s) => s.items ?? []));
      for (let i = 0; i < value.length; i++) value[i] = this.visit(value[i], items);
      return value;
    }
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      const below = this.applying(
        objects.flatMap((s) =>
          s.properties && Object.hasOwn(s.properties, key) ? s.properties[key]! : (s.additional ?? []),
        ),
      );
      if (below.length === 0 && !this.everywhere) continue;
      // Defined, not assigned: a declared `__proto__` property is data, and assigning it would set the prototype.
      Object.defineProperty(object, key, {
        value: this.visit(object[key], below),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return object;
  }
}
