/**
 * Parameters arrive as strings; generated handlers turn them into what their schema says before validating.
 * A value that does not convert is passed on unchanged, so the validator reports it against the schema.
 */
export type RawValue = string | string[] | undefined;

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Beyond ±2^53 a number no longer holds the integer that was sent, so such a value is left for the validator. */
export function toInteger(raw: RawValue): unknown {
  if (typeof raw !== 'string' || !INTEGER.test(raw)) return raw;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : raw;
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
