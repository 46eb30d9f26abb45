import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { limis } from '../../helpers/cli.js';
import { removeDir, repoRoot, scratchDir } from '../../helpers/workspace.js';

const pair = ['test/fixtures/diff/old.yaml', 'test/fixtures/diff/new.yaml'];

describe('limis diff', () => {
  it('prints each change with its level, rule, place and pointers, then the counts; exits 0 unless told to fail', async () => {
    const result = await limis(['diff', ...pair], repoRoot);
    expect(result.code).to.equal(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.at(-1)).to.equal('15 breaking, 9 warning, 1 info');
    expect(lines).to.include(
      'breaking request-parameter-became-required  GET /pets: query parameter "limit" is now required (old #/paths/~1pets/get/parameters/0, new #/paths/~1pets/get/parameters/0)',
    );
    expect(lines).to.include(
      'breaking operation-removed  DELETE /pets/{id}: DELETE /pets/{id} was removed (old #/paths/~1pets~1{id}/delete)',
    );
    // Breaking first, then warnings, then the rest.
    const rank = (line: string) => ['breaking', 'warning', 'info'].indexOf(line.split(' ')[0]!);
    const ranks = lines.slice(0, -1).map(rank);
    expect(ranks).to.deep.equal([...ranks].sort((a, b) => a - b));
  });

  it('--fail-on sets the exit code; --format json and markdown print for machines and pull requests', async () => {
    expect((await limis(['diff', ...pair, '--fail-on', 'breaking'], repoRoot)).code).to.equal(1);
    expect((await limis(['diff', pair[0]!, pair[0]!, '--fail-on', 'warning'], repoRoot)).code).to.equal(0);
    const json = JSON.parse((await limis(['diff', ...pair, '--format', 'json'], repoRoot)).stdout);
    expect(json.counts).to.deep.equal({ breaking: 15, warning: 9, info: 1 });
    expect(json.changes[0]).to.have.keys('level', 'rule', 'at', 'message', 'old', 'new');
    const markdown = (await limis(['diff', ...pair, '--format', 'markdown'], repoRoot)).stdout;
    expect(markdown).to.include('| level | rule | where | change | old | new |');
    expect(markdown).to.include('**15 breaking**, 9 warning, 1 info');
  });

  it('refuses, located, a contract with errors and two contracts of different kinds; compares AsyncAPI ones', async () => {
    const broken = await limis(['diff', 'test/fixtures/broken/unknown-ref.yaml', pair[1]!], repoRoot);
    expect(broken.code).to.equal(1);
    expect(broken.stderr).to.include('test/fixtures/broken/unknown-ref.yaml:15:17 error:');
    const mixed = await limis(['diff', 'contracts/chat-events.asyncapi.yaml', pair[1]!], repoRoot);
    expect(mixed.code).to.equal(2);
    expect(mixed.stderr).to.include('is AsyncAPI and test/fixtures/diff/new.yaml is not');
    const asyncapi = await limis(
      ['diff', 'test/fixtures/diff/chat-old.asyncapi.yaml', 'test/fixtures/diff/chat-new.asyncapi.yaml'],
      repoRoot,
    );
    expect(asyncapi.stdout.trim().split('\n').at(-1)).to.equal('2 breaking, 1 warning, 1 info');
  });

  it('--base compares each contract with its version at a git revision, split files included', async function () {
    this.timeout(60_000);
    const dir = await scratchDir('diff-base');
    try {
      const git = (...args: string[]) => promisify(execFile)('git', args, { cwd: dir });
      await git('init', '-q');
      await git('config', 'user.email', 'test@limis.invalid');
      await git('config', 'user.name', 'limis test');
      await mkdir(join(dir, 'contracts/parts'), { recursive: true });
      const contract = `openapi: 3.1.0\ninfo: { title: Pets, version: '1' }\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: './parts/pet.yaml' }\n`;
      await writeFile(join(dir, 'contracts/pets.yaml'), contract);
      await writeFile(
        join(dir, 'contracts/parts/pet.yaml'),
        'type: object\nrequired: [name]\nproperties:\n  name: { type: string }\n',
      );
      await git('add', '.');
      await git('commit', '-q', '-m', 'v1');
      // The change is in the referenced file only: the worktree brings the old version of it too.
      await writeFile(join(dir, 'contracts/parts/pet.yaml'), 'type: object\nproperties:\n  name: { type: string }\n');
      const result = await limis(['diff', '--base', 'HEAD', '--fail-on', 'breaking'], dir);
      expect(result.code, result.stderr).to.equal(1);
      expect(result.stdout.split('\n')).to.deep.equal([
        'HEAD:contracts/pets.yaml → contracts/pets.yaml',
        'breaking response-property-became-optional  GET /pets: the 200 response body property "name" may now be absent (old #/components/schemas/pet/properties/name, new #/components/schemas/pet/properties/name)',
        '1 breaking, 0 warning, 0 info',
        '',
      ]);
      const unknown = await limis(['diff', '--base', 'no-such-branch'], dir);
      expect(unknown.code).to.equal(1);
      expect(unknown.stderr).to.include('--base no-such-branch: not a revision');
      // The temporary worktree is gone.
      expect((await git('worktree', 'list')).stdout.trim().split('\n')).to.have.length(1);
    } finally {
      await removeDir(dir);
    }
  });

  it('compares two published GitHub REST descriptions (Enterprise Server 3.18 → 3.19, from @octokit/openapi)', async function () {
    this.timeout(120_000);
    const generated = 'node_modules/@octokit/openapi/generated';
    const started = performance.now();
    const result = await limis(
      ['diff', `${generated}/ghes-3.18.json`, `${generated}/ghes-3.19.json`, '--format', 'json'],
      repoRoot,
    );
    const seconds = (performance.now() - started) / 1000;
    expect(result.code, result.stderr).to.equal(0);
    const { counts, changes } = JSON.parse(result.stdout);
    console.log(
      `      GHES 3.18 → 3.19: ${counts.breaking} breaking, ${counts.warning} warning, ${counts.info} info in ${seconds.toFixed(1)} s`,
    );
    // Pinned by the lockfile's @octokit/openapi: 3.19 tightened two array bounds of a request and added 59 operations.
    expect(counts).to.deep.equal({ breaking: 2, warning: 4, info: 150 });
    expect(changes.filter((c: { rule: string }) => c.rule === 'operation-added')).to.have.length(59);
  });
});
