/** What a bounded load saw: outcomes by kind of request, and the failures' reasons. */
export interface LoadCounts {
  [kind: string]: { ok: number; failed: number; reasons: Record<string, number> };
}

export interface Load {
  counts: LoadCounts;
  /** Stops the workers and resolves once every request in flight has ended. */
  stop(): Promise<LoadCounts>;
}

/**
 * `concurrency` workers sending requests one after another until stopped or `maxDuration` passes: bounded in time,
 * on loopback. A request resolves to its kind and whether it succeeded; a throw is a failure.
 */
export function startLoad(
  concurrency: number,
  send: (n: number) => Promise<{ kind: string; ok: boolean; reason?: string }>,
  maxDuration = 30_000,
): Load {
  const counts: LoadCounts = {};
  let running = true;
  let sent = 0;
  const deadline = Date.now() + maxDuration;
  const record = (kind: string, ok: boolean, reason?: string) => {
    counts[kind] ??= { ok: 0, failed: 0, reasons: {} };
    const entry = counts[kind];
    if (ok) entry.ok++;
    else {
      entry.failed++;
      const key = (reason ?? 'unknown').slice(0, 80);
      entry.reasons[key] = (entry.reasons[key] ?? 0) + 1;
    }
  };
  const worker = async () => {
    while (running && Date.now() < deadline) {
      const n = sent++;
      try {
        const { kind, ok, reason } = await send(n);
        record(kind, ok, reason);
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        record(n % 2 === 0 ? 'GET' : 'POST', false, cause ?? (error as Error).message);
      }
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  return {
    counts,
    async stop() {
      running = false;
      await Promise.all(workers);
      return counts;
    },
  };
}

/** Even requests are GETs, odd ones POSTs: the kind a thrown request is counted under. */
export const kindOf = (n: number) => (n % 2 === 0 ? 'GET' : 'POST');

export function summary(counts: LoadCounts): string {
  return Object.entries(counts)
    .map(
      ([kind, c]) =>
        `${kind} ${c.ok} ok, ${c.failed} failed${
          c.failed > 0
            ? ` (${Object.entries(c.reasons)
                .map(([r, n]) => `${r}: ${n}`)
                .join(', ')})`
            : ''
        }`,
    )
    .join('; ');
}
