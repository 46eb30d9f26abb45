import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers/workspace.js';

describe('limis server (bin/limis.js, as `npm start` runs it)', () => {
  it('serves the examples, answers hello, and exits 0 after draining on SIGTERM', async function () {
    this.timeout(20_000);
    const child = spawn(process.execPath, [join(repoRoot, 'bin/limis.js'), 'server', '--http', '--port', '0'], { cwd: repoRoot });
    let stdout = '';
    child.stderr.setEncoding('utf8');
    let stderr = '';
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const helloUrl = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          stdout += chunk;
          const match = /serving hello at (\S+)\n[^]*serving petstore at/.exec(stdout);
          if (match) resolve(match[1]!);
        });
        child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
      });
      expect(stdout).to.match(/^limis: serving hello at http:\/\/localhost:\d+\/hello\nlimis: serving petstore at http:\/\/localhost:\d+\/petstore\n$/);
      const response = await fetch(`${helloUrl}/hello`);
      expect(await response.text()).to.equal('hello');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).to.equal(0);
    expect(stderr).to.equal('');
  });
});
