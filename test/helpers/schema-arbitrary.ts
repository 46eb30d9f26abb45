import fc from 'fast-check';

/**
 * fast-check arbitraries from the JSON Schema subset the example contracts use (`$ref`, `allOf`, `enum`, `const`,
 * `nullable`, string/integer/number/boolean/array/object with their bounds): values that satisfy a schema, and, per
 * keyword, values that break exactly one of its rules.
 */
export type Schema = Record<string, unknown>;

export class SchemaArbitraries {
  constructor(private readonly document: Record<string, unknown>) {}

  /** Resolves `$ref` and merges `allOf` (object members), so the rest sees one plain schema. */
  resolve(schema: Schema): Schema {
    if (typeof schema.$ref === 'string') {
      const target = schema.$ref
        .slice(2)
        .split('/')
        .reduce<unknown>(
          (node, key) => (node as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')],
          this.document,
        );
      return this.resolve(target as Schema);
    }
    if (Array.isArray(schema.allOf)) {
      const parts = (schema.allOf as Schema[]).map((part) => this.resolve(part));
      return {
        type: 'object',
        properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
        required: parts.flatMap((p) => (p.required as string[] | undefined) ?? []),
      };
    }
    return schema;
  }

  valid(given: Schema): fc.Arbitrary<unknown> {
    const schema = this.resolve(given);
    const value = this.validNonNull(schema);
    return schema.nullable === true ? fc.oneof(value, fc.constant(null)) : value;
  }

  private validNonNull(schema: Schema): fc.Arbitrary<unknown> {
    if ('const' in schema) return fc.constant(schema.const);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
    switch (schema.type) {
      case 'string':
        return fc.string({
          unit: 'grapheme',
          minLength: (schema.minLength as number) ?? 0,
          maxLength: Math.min((schema.maxLength as number) ?? 20, 20),
        });
      case 'integer':
        return fc.integer({ min: (schema.minimum as number) ?? -1000, max: (schema.maximum as number) ?? 1000 });
      case 'number':
        return fc.double({
          min: (schema.minimum as number) ?? -1000,
          max: (schema.maximum as number) ?? 1000,
          noNaN: true,
        });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(this.valid((schema.items as Schema) ?? {}), { maxLength: 4 });
      case 'object':
        return this.object(schema);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  private object(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
    const properties = (schema.properties as Record<string, Schema>) ?? {};
    const required = new Set((schema.required as string[]) ?? []);
    const record = Object.fromEntries(
      Object.entries(properties).map(([name, property]) => [name, this.valid(property)]),
    );
    return fc.record(record, { requiredKeys: [...required].filter((name) => name in properties) }) as fc.Arbitrary<
      Record<string, unknown>
    >;
  }

  /** Values that break the schema: a wrong type, a bound passed, an enum left, a required member missing or wrong. */
  invalid(given: Schema): fc.Arbitrary<unknown> {
    const schema = this.resolve(given);
    const options: fc.Arbitrary<unknown>[] = [this.wrongType(schema)];
    if (Array.isArray(schema.enum)) options.push(fc.string().filter((s) => !(schema.enum as unknown[]).includes(s)));
    if (schema.type === 'string' && typeof schema.minLength === 'number' && schema.minLength > 0)
      options.push(fc.constant(''));
    if (schema.type === 'string' && typeof schema.maxLength === 'number')
      options.push(fc.constant('x'.repeat((schema.maxLength as number) + 1)));
    if (schema.type === 'integer') {
      options.push(fc.constant(1.5));
      if (typeof schema.minimum === 'number')
        options.push(fc.integer({ min: -1_000_000, max: (schema.minimum as number) - 1 }));
      if (typeof schema.maximum === 'number')
        options.push(fc.integer({ min: (schema.maximum as number) + 1, max: 1_000_000 }));
    }
    if (schema.type === 'object') {
      const properties = (schema.properties as Record<string, Schema>) ?? {};
      for (const name of (schema.required as string[]) ?? []) {
        options.push(this.object(schema).map((value) => withoutKey(value, name)));
      }
      for (const [name, property] of Object.entries(properties)) {
        options.push(
          fc.tuple(this.object(schema), this.invalid(property)).map(([value, bad]) => ({ ...value, [name]: bad })),
        );
      }
    }
    return fc.oneof(...options);
  }

  private wrongType(schema: Schema): fc.Arbitrary<unknown> {
    const all: Record<string, fc.Arbitrary<unknown>> = {
      string: fc.string(),
      integer: fc.integer(),
      number: fc.double({ noNaN: true, noDefaultInfinity: true }),
      boolean: fc.boolean(),
      array: fc.array(fc.integer(), { maxLength: 2 }),
      object: fc.constant({ unexpected: true }),
    };
    const type = schema.type as string | undefined;
    const compatible = type === 'number' ? ['number', 'integer'] : type === 'integer' ? ['integer'] : [type];
    const wrong = Object.entries(all).filter(
      ([name]) => !compatible.includes(name) && !(type === 'number' && name === 'integer'),
    );
    return fc.oneof(
      ...wrong.map(([, arbitrary]) => arbitrary),
      ...(schema.nullable === true ? [] : [fc.constant(null)]),
    );
  }
}

function withoutKey(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}
