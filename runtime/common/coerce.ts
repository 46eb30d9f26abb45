/**
 * Parameters arrive as strings; generated handlers turn them into what their schema says before validating.
 * A value that does not convert is passed on unchanged, so the validator reports it against the schema.
 */
export type RawValue = string | string[] | undefined;

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Beyond ±(2^53−1) a number no longer holds the integer that was sent; it is converted all the same, so the
 * validator's bound refuses it saying why (an `x-limis-bigint` parameter is read by toBigInt instead).
 */
export function toInteger(raw: RawValue): unknown {
  return typeof raw === 'string' && INTEGER.test(raw) ? Number(raw) : raw;
}

/** An `x-limis-bigint` integer: exact at any size. */
export function toBigInt(raw: RawValue): unknown {
  return typeof raw === 'string' && INTEGER.test(raw) ? BigInt(raw) : raw;
}

export function toNumber(raw: RawValue): unknown {
  return typeof raw === 'string' && NUMBER.test(raw) ? Number(raw) : raw;
}

export function toBoolean(raw: RawValue): unknown {
  return raw === 'true' ? true : raw === 'false' ? false : raw;
}

/**
 * Arrays by `style`/`explode`: exploded form repeats the key (`?id=1&id=2`); everything else joins the items
 * with the style's delimiter (`,` for form and simple, space, `|`).
 */
export function toArray(
  raw: RawValue,
  delimiter: string | undefined,
  item: (value: string) => unknown = (v) => v,
): unknown {
  if (raw === undefined) return undefined;
  const values = Array.isArray(raw) ? raw : [raw];
  const split = delimiter === undefined ? values : values.flatMap((v) => (v === '' ? [] : v.split(delimiter)));
  return split.map(item);
}
