// `npm run test:unit` / `npm run test:e2e`: one mocha run over a suite's folders, then how long it took, so the
// slow suite is always named. Extra arguments go to mocha.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export const SUITES = {
  unit: [
    'test/runtime/**/*.test.ts',
    'test/generator/{diff,emit,gateway,load,mock,model,scaffold}/**/*.test.ts',
    'test/golden/**/*.test.ts',
    'test/architecture.test.ts',
  ],
  // The README's install flow from packed tarballs, npx included: slow, so .ci/run runs it after npm test.
  install: ['test/install/**/*.test.ts'],
  // Real etcd and HAProxy processes, several limis instances, kill -9 under load: .ci/run runs it after npm test.
  cluster: ['test/cluster/**/*.test.ts'],
  e2e: [
    'test/generator/*.test.ts',
    'test/generator/cli/**/*.test.ts',
    'test/services/**/*.test.ts',
    'test/browser/**/*.test.ts',
    'test/corpus/**/*.test.ts',
  ],
};

/** The globs above as regular expressions (they use `**\/`, `*` and `{a,b}` only), for the test that every test file has a suite. */
export function globPattern(glob) {
  const source = glob
    .replace(/[.+^$()|[\]\\]/g, '\\$&')
    .replace(/\{([^}]+)\}/g, (_, list) => `(?:${list.split(',').join('|')})`)
    .split('**/')
    .map((part) => part.replace(/\*/g, '[^/]*'))
    .join('(?:[^/]+/)*');
  return new RegExp(`^${source}$`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();

function main() {
  const [name, ...rest] = process.argv.slice(2);
  const spec = SUITES[name];
  if (!spec) {
    console.error(`usage: node test/run-suite.mjs ${Object.keys(SUITES).join('|')} [mocha options]`);
    process.exit(2);
  }
  // The end-to-end files spend most of their time waiting on child processes (CLI runs, npm, tsc, Chromium), so two
  // run at once; each uses its own ports and scratch folders.
  const parallel = name === 'e2e' && !rest.includes('--no-parallel') ? ['--parallel', '--jobs', '2'] : [];
  const started = performance.now();
  const { status } = spawnSync(
    'npx',
    ['mocha', ...parallel, ...spec.flatMap((glob) => ['--spec', glob]), ...rest.filter((a) => a !== '--no-parallel')],
    {
      stdio: 'inherit',
    },
  );
  console.log(
    `\n${name} suite: ${((performance.now() - started) / 1000).toFixed(1)} s${status === 0 ? '' : ' (failed)'}`,
  );
  process.exit(status ?? 1);
}
