import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { removeDir, repoRoot, scratchDir } from '../helpers/workspace.js';

const run = promisify(execFile);

/** Every module (ESM through a resolve hook, CommonJS through require.cache) that importing `file` loads, in a fresh Node. */
async function modulesLoadedBy(file: string): Promise<string[]> {
  const dir = await scratchDir('imports');
  try {
    const log = join(dir, 'imports.log');
    const script = `await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(JSON.stringify(globalThis.limisLoadedCommonJs()));`;
    const { stdout } = await run(
      process.execPath,
      [
        '--conditions=limis-source',
        '--import=tsx',
        `--import=${pathToFileURL(join(repoRoot, 'test/helpers/record-imports.mjs')).href}`,
        '--input-type=module',
        '-e',
        script,
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, LIMIS_IMPORTS_LOG: log },
      },
    );
    const esm = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
    return [...new Set([...esm, ...(JSON.parse(stdout) as string[]).map((path) => pathToFileURL(path).href)])];
  } finally {
    await removeDir(dir);
  }
}

const SERVER_PACKAGES = ['koa', '@koa/router', 'ws', 'pino', 'jose', 'raw-body', 'ajv'];

function packagesIn(urls: string[]): string[] {
  const found = new Set<string>();
  for (const url of urls) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (
      match &&
      !match[1]!.startsWith('tsx') &&
      match[1] !== 'esbuild' &&
      match[1] !== 'get-tsconfig' &&
      match[1] !== 'resolve-pkg-maps'
    )
      found.add(match[1]!);
  }
  return [...found].sort();
}

describe('importing a generated client loads the client, not the server', () => {
  for (const client of ['services/petstore/generated/client.ts', 'services/chat-events/generated/ws-client.ts']) {
    it(`${client} loads no server package and no runtime module outside runtime/client and runtime/common`, async function () {
      this.timeout(20_000);
      const urls = await modulesLoadedBy(join(repoRoot, client));
      const runtime = urls
        .filter((url) => url.includes('/runtime/') && !url.includes('/node_modules/'))
        .map((url) => url.slice(url.indexOf('/runtime/') + 1));
      expect(runtime.length, 'the client modules are among them').to.be.greaterThan(0);
      expect(
        runtime.filter((path) => !path.startsWith('runtime/client/') && !path.startsWith('runtime/common/')),
      ).to.deep.equal([]);
      expect(packagesIn(urls).filter((name) => SERVER_PACKAGES.includes(name))).to.deep.equal([]);
      expect(urls.filter((url) => url.startsWith('node:'))).to.deep.equal([]);
    });
  }
});
