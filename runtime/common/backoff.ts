/** Milliseconds before retry `failures` (1, 2, …): 250 ms doubling to `max`, with a quarter of jitter. */
export function backoff(failures: number, max = 5_000): number {
  const delay = Math.min(250 * 2 ** Math.max(0, failures - 1), max);
  return Math.round(delay * (0.75 + Math.random() * 0.25));
}
