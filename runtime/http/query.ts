/** The first of a repeated header or query parameter, as one value is read. */
export function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Parses a query string into a null-prototype object, so a key such as `__proto__` or `constructor` is just
 * data. A repeated key gives an array, in order.
 */
export function parseQuery(search: string): Record<string, string | string[] | undefined> {
  const query: Record<string, string | string[] | undefined> = Object.create(null);
  for (const [key, value] of new URLSearchParams(search)) {
    const current = query[key];
    query[key] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
  }
  return query;
}
