import { spawnSync } from 'node:child_process';

/** Prometheus's own linter over a scrape: `0` when it found nothing, else its exit code and what it printed. */
export function promtoolCheck(text: string): string {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (run.error) throw new Error(`promtool is needed (Debian: apt-get install prometheus): ${run.error.message}`);
  return `${run.status}${run.stdout}${run.stderr}`.trim();
}

/** One sample's value from Prometheus text, by name and the labels it must carry. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}
