/** A JSON object — a mapping, not null and not a list — as read from a contract, a frame or a broker message. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
