import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { run } from '../../../generator/cli/program.js';
import { limis } from '../../helpers/cli.js';
import { removeDir, repoRoot, scratchDir } from '../../helpers/workspace.js';

/** The CLI in this process (the cases only parse options and read contracts), with what it printed. */
async function gateway(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(['gateway', ...args], { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('limis gateway (command line)', function () {
  this.timeout(30_000);

  it('--emit haproxy prints the configuration of the project’s contracts, without HAProxy or a registry', async () => {
    const { code, stdout } = await limis(['gateway', '--emit', 'haproxy', '--port', '9000'], repoRoot);
    expect(code).to.equal(0);
    expect(stdout).to.match(/^# Rendered by `limis gateway`/);
    expect(stdout).to.include('bind 0.0.0.0:9000');
    for (const backend of ['http.hello', 'http.petstore', 'http.chat', 'ws.hello-ws', 'ws.chat-events'])
      expect(stdout).to.include(`backend ${backend}\n`);
    // Without --jwt-key the gateway verifies no token: the instances do.
    expect(stdout).not.to.include('jwt_verify');
  });

  it('refuses bad options with exit 2 and says what is expected', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--emit', 'nginx'], /--emit knows "haproxy" only/],
      [['--rate-limit', 'lots'], /requests\/seconds per client, e\.g\. 100\/10s/],
      [['--jwt-alg', 'none', '--jwt-key', 'x'], /--jwt-alg must be one of HS256/],
      [['--jwt-alg', 'RS256', '--jwt-key', 'missing.pem'], /path of a PEM public key; missing\.pem does not exist/],
      [['--api-keys', 'missing.txt'], /--api-keys missing\.txt does not exist/],
      [['--registry', 'http://127.0.0.1:2379'], /is not etcd:\/\/host:port/],
      [['--slots', '0'], /a whole number from 1 to 1000/],
      [[], /pass --registry etcd:\/\/host:port \(or LIMIS_REGISTRY\), or --emit/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await gateway(args);
      expect(code, args.join(' ')).to.equal(2);
      expect(stderr, args.join(' ')).to.match(message);
    }
  });

  it('refuses a contract with errors, located, and renders nothing', async () => {
    const dir = await scratchDir('gateway-cli');
    try {
      await writeFile(join(dir, 'broken.yaml'), 'openapi: 3.1.0\ninfo: { title: Broken }\npaths: {}\n');
      const { code, stdout, stderr } = await gateway(['--emit', 'haproxy', join(dir, 'broken.yaml')]);
      expect(code).to.equal(1);
      expect(stdout).to.equal('');
      expect(stderr).to.match(/broken\.yaml:2:\d+/);
      expect(stderr).to.include('no gateway configuration was made');
    } finally {
      await removeDir(dir);
    }
  });

  it('--help lists the options, with examples', async () => {
    const { code, stdout } = await gateway(['--help']);
    expect(code).to.equal(0);
    for (const option of ['--registry', '--jwt-key', '--api-keys', '--rate-limit', '--slots', '--emit'])
      expect(stdout).to.include(option);
    expect(stdout).to.include('Examples:');
  });
});
