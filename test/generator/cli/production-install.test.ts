import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { limis } from '../../helpers/cli.js';
import { removeDir, repoRoot, scratchDir } from '../../helpers/workspace.js';
import { RawClient } from '../../helpers/ws.js';

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

describe('a project made by create-project, built and run as its Dockerfile does', () => {
  let dir: string;
  after(() => removeDir(dir));

  it('builds with the development install, then runs `node dist/server.js` on a production install of at most 91 packages and 30 MB', async function () {
    this.timeout(240_000);
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
    const dockerfile = await readFile(join(project, 'Dockerfile'), 'utf8');
    expect(dockerfile).to.include('RUN npm ci --omit=dev');
    expect(dockerfile).to.include('CMD ["node", "dist/server.js"]');
    // The build stage: every dependency, then `npm run build`.
    await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: project });
    await exec('npm', ['run', 'build'], { cwd: project });
    // The run stage: the manifest with the runtime as npm would publish it, a production install, and dist/.
    // devDependencies are dropped here because @limis/cli is not on a registry to resolve a lockfile against;
    // `npm ci --omit=dev` installs none of them either way.
    const manifest = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies)).to.deep.equal(['limis']);
    expect(manifest.devDependencies['@limis/cli']).to.equal(`file:${repoRoot}/generator`);
    manifest.dependencies.limis = `file:${tarball}`;
    delete manifest.devDependencies;
    const run = join(dir, 'run');
    await mkdir(run);
    await writeFile(join(run, 'package.json'), JSON.stringify(manifest, null, 2));
    await exec('npm', ['install', '--package-lock-only', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: run });
    await exec('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: run });
    const { packages, bytes } = await measure(join(run, 'node_modules'));
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
    // 86 when the runtime became a package of its own; 91 since lossless-json (exact 64-bit integers, no dependencies).
    expect(packages.length).to.be.at.most(91);
    expect(bytes).to.be.at.most(30 * 1024 * 1024);
    await cp(join(project, 'dist'), join(run, 'dist'), { recursive: true });
    const server = spawn(process.execPath, ['dist/server.js'], {
      cwd: run,
      env: { ...process.env, NODE_ENV: 'production', PORT: '0', LIMIS_WS_PORT: '0', LIMIS_HOST: '127.0.0.1' },
    });
    let stdout = '';
    let stderr = '';
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    const [http, ws] = await new Promise<[string, string]>((resolve, reject) => {
      server.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk;
        const httpAt = /serving hello at (http:\/\/\S+)\n/.exec(stdout)?.[1];
        const wsAt = /serving hello-events at (ws:\/\/\S+)\n/.exec(stdout)?.[1];
        if (httpAt && wsAt) resolve([httpAt, wsAt]);
      });
      server.on('exit', (code) => reject(new Error(`dist/server.js exited with ${code}: ${stderr}`)));
    });
    try {
      expect(await (await fetch(`${http}/hello`)).text()).to.equal('hello');
      expect(await (await fetch(`${new URL(http).origin}/healthz`)).json()).to.deep.equal({ status: 'ok' });
      const client = await RawClient.open(`${ws}/hello/`);
      client.send('hi');
      expect(await client.next()).to.deep.equal(['hello']);
      await client.close();
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited, stderr).to.equal(0);
    expect(stdout).to.include('limis: stopping, waiting for in-flight requests');
  });
});
