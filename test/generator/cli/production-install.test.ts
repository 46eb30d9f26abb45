import { execFile } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { limis } from '../../helpers/cli.js';
import { removeDir, repoRoot, scratchDir } from '../../helpers/workspace.js';

const exec = promisify(execFile);

/** Every installed package folder (scoped ones counted once each) and the bytes of all files below node_modules. */
async function measure(nodeModules: string): Promise<{ packages: string[]; bytes: number }> {
  const packages: string[] = [];
  let bytes = 0;
  for (const entry of await readdir(nodeModules, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile()) {
      bytes += (await stat(path)).size;
      if (entry.name === 'package.json' && /node_modules\/(@[^/]+\/)?[^/@]+$/.test(entry.parentPath)) {
        packages.push(entry.parentPath.slice(nodeModules.length + 1));
      }
    }
  }
  return { packages: packages.sort(), bytes };
}

describe('a production install of a project made by create-project', () => {
  let dir: string;
  after(() => removeDir(dir));

  it('brings the runtime and its dependencies only: at most 90 packages and 30 MB, no generator package', async function () {
    this.timeout(180_000);
    dir = await scratchDir('production');
    const { stdout: packed } = await exec(
      'npm',
      ['pack', '--workspace', 'runtime', '--pack-destination', dir, '--json'],
      { cwd: repoRoot },
    );
    const tarball = join(dir, (JSON.parse(packed) as Array<{ filename: string }>)[0]!.filename);
    const created = await limis(['create-project', 'shop', '--limis', `file:${repoRoot}`, '--quiet'], dir);
    expect(created.code, created.stderr).to.equal(0);
    const project = join(dir, 'shop');
    const manifest = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies)).to.deep.equal(['limis']);
    expect(manifest.devDependencies['@limis/cli']).to.equal(`file:${repoRoot}/generator`);
    // The runtime as npm would publish it. devDependencies are dropped here because @limis/cli is not on a
    // registry to resolve a lockfile against; `npm ci --omit=dev` installs none of them either way.
    manifest.dependencies.limis = `file:${tarball}`;
    delete manifest.devDependencies;
    await writeFile(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
    await exec('npm', ['install', '--package-lock-only', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: project,
    });
    await exec('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: project });
    const { packages, bytes } = await measure(join(project, 'node_modules'));
    console.log(`      npm ci --omit=dev: ${packages.length} packages, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
    expect(packages).to.include.members(['limis', 'koa', 'ws']);
    for (const generatorOnly of [
      '@limis/cli',
      'ts-morph',
      'typescript',
      '@asyncapi/parser',
      'handlebars',
      'commander',
      'tsx',
      'esbuild',
      '@biomejs/wasm-nodejs',
    ]) {
      expect(packages, generatorOnly).not.to.include(generatorOnly);
    }
    expect(packages.length).to.be.at.most(90);
    expect(bytes).to.be.at.most(30 * 1024 * 1024);
  });
});
