import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { removeDir, repoRoot, scratchDir } from '../helpers/workspace.js';

const exec = promisify(execFile);

/**
 * The README's "From an empty folder" steps, as a new user runs them before limis is on a registry: the packed
 * tarballs, `npx --package … limis create-project`, `npm install`, `npm start`, a request.
 */
describe('installing from packed tarballs, as the README says', () => {
  let dir: string;
  after(() => removeDir(dir));

  it('npx … limis create-project shop → npm install → npm start → GET /hello/hello', async function () {
    this.timeout(300_000);
    dir = await scratchDir('install');
    await exec('npm', ['pack', '--workspaces', '--pack-destination', dir], { cwd: repoRoot });
    const cli = join(dir, 'limis-cli-0.1.0.tgz');
    const runtime = join(dir, 'limis-0.1.0.tgz');
    const npx = await exec(
      'npx',
      ['--yes', '--prefer-offline', '--package', cli, '--package', runtime, 'limis', 'create-project', 'shop'],
      { cwd: dir },
    );
    expect(npx.stdout).to.include('created shop in shop');
    const project = join(dir, 'shop');
    const manifest = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
    expect(manifest.dependencies).to.deep.equal({ limis: `file:${runtime}` });
    expect(manifest.devDependencies['@limis/cli']).to.equal(`file:${cli}`);
    expect(await readFile(join(project, 'README.md'), 'utf8')).to.include('npm install');
    await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: project });
    const server = spawn('npm', ['start'], {
      cwd: project,
      env: { ...process.env, PORT: '0', LIMIS_WS_PORT: '0', LIMIS_HOST: '127.0.0.1' },
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk;
          const match = /serving hello at (http:\/\/\S+)\n/.exec(stdout);
          if (match) resolve(match[1]!);
        });
        server.on('exit', (code) => reject(new Error(`npm start exited with ${code}: ${stderr}`)));
      });
      expect(await (await fetch(`${url}/hello`)).text()).to.equal('hello');
    } finally {
      // npm start runs limis in a child: stop the whole group.
      process.kill(-server.pid!, 'SIGTERM');
    }
  });
});
