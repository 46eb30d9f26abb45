import { execFile, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import WebSocket from 'ws';
import { limis } from '../../helpers/cli.js';
import { removeDir, repoRoot, scratchDir } from '../../helpers/workspace.js';

const exec = promisify(execFile);

describe('limis create-project → npm install → create-service → generate → tsc → server', () => {
  let dir: string;
  let project: string;
  before(async function () {
    this.timeout(120_000);
    dir = await scratchDir('project');
    const created = await limis(['create-project', 'shop', '--limis', `file:${repoRoot}`], dir);
    expect(created.code, created.stderr).to.equal(0);
    expect(created.stdout).to.equal(
      'created shop in shop, with a starter service "hello"\n\n  cd shop\n  npm install\n  npm start        # then: curl http://localhost:8080/hello/hello\n',
    );
    project = join(dir, 'shop');
    // limis comes from this checkout (a symlink); typescript and @types/node from the registry, cache first.
    await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: project });
  });
  after(() => removeDir(dir));

  it('scaffolds a project whose services type-check under its strict tsconfig', async function () {
    this.timeout(60_000);
    const { stdout } = await exec(process.execPath, [
      join(project, 'node_modules/typescript/bin/tsc'),
      '--noEmit',
      '-p',
      project,
    ]);
    expect(stdout).to.equal('');
  });

  it('create-service adds a contract, generated code, an answering component and a config entry', async function () {
    this.timeout(60_000);
    const result = await limis(['create-service', 'orders'], project);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal(
      [
        'created contracts/orders.yaml',
        'created services/orders/components/orders.ts',
        'created services/orders/index.ts',
        'registered orders in limis.config.ts',
        '',
      ].join('\n'),
    );
    const config = await readFile(join(project, 'limis.config.ts'), 'utf8');
    expect(config).to.include("import orders from './services/orders/index.js';");
    expect(config).to.include('services: [helloEvents, hello, orders],');
    const again = await limis(['create-service', 'orders'], project);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.equal(
      'limis: contracts/orders.yaml already exists; edit it and run `limis generate` instead\n',
    );
  });

  it('refuses names that cannot be services or packages', async () => {
    expect(await limis(['create-service', 'Bad Name'], project)).to.deep.include({
      code: 2,
      stderr:
        'limis: "Bad Name" cannot be a service name: use lower-case letters, digits and "-", starting with a letter\n',
    });
    expect((await limis(['create-project', '../escape'], dir)).code).to.equal(2);
  });

  it('npm start serves the starter service over HTTP and WebSocket', async function () {
    this.timeout(30_000);
    const child = spawn(
      join(project, 'node_modules/.bin/limis'),
      ['server', '--http', '--websocket', '--port', '0', '--ws-port', '0'],
      { cwd: project },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk;
          if (/serving hello at/.test(stdout) && /serving hello-events at/.test(stdout)) resolve();
        });
        child.on('exit', () => reject(new Error(`server exited: ${stderr}`)));
      });
      const http = /serving hello at (\S+)/.exec(stdout)![1]!;
      expect(await (await fetch(`${http}/hello`)).text()).to.equal('hello');
      const ws = new WebSocket(`${/serving hello-events at (\S+)/.exec(stdout)![1]}/hello/`);
      const reply = await new Promise<string>((resolve, reject) => {
        ws.on('open', () => ws.send('hi'))
          .on('message', (data: Buffer) => resolve(data.toString()))
          .on('error', reject);
      });
      expect(reply).to.equal('hello');
      ws.close();
    } finally {
      child.kill('SIGTERM');
    }
    await exited;
  });

  it('generate after a contract gains an action names the method each component file needs', async () => {
    const contract = join(project, 'contracts/orders.yaml');
    await writeFile(
      contract,
      (await readFile(contract, 'utf8')) +
        [
          '  /count:',
          '    get:',
          '      operationId: countOrders',
          '      tags: [orders]',
          '      responses:',
          "        '200':",
          '          description: How many.',
          '          content:',
          '            application/json:',
          '              schema: { type: integer }',
          '',
        ].join('\n'),
    );
    const result = await limis(['generate', '--quiet'], project);
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal(
      [
        'services/orders/components/orders.ts does not implement 1 action of its contract yet; add:',
        '  countOrders(input: CountOrdersInput, context: ActionContext): Promise<CountOrdersResult>',
        '',
      ].join('\n'),
    );
    const second = await limis(['generate', '--json'], project);
    expect(JSON.parse(second.stdout)).to.deep.include({ ok: true, written: [], created: [], removed: [] });
    const server = await limis(['server', '--port', '0'], project);
    expect(server).to.deep.include({
      code: 1,
      stderr:
        'limis: service "orders": component "orders" has no action "countOrders"; add the method orders.countOrders(input, context)\n',
    });
  });

  it('generate serves a contract added by hand: it registers the new service in limis.config.ts', async function () {
    this.timeout(60_000);
    const contract = (await readFile(join(project, 'contracts/orders.yaml'), 'utf8')).replace(
      /x-limis-service: .*/,
      'x-limis-service: stock',
    );
    await writeFile(join(project, 'contracts/stock.yaml'), contract);
    const result = await limis(['generate', 'contracts/stock.yaml'], project);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('registered stock in limis.config.ts\n');
    const config = await readFile(join(project, 'limis.config.ts'), 'utf8');
    expect(config).to.include("import stock from './services/stock/index.js';");
    expect(config).to.include('services: [helloEvents, hello, orders, stock],');
    const again = await limis(['generate', 'contracts/stock.yaml'], project);
    expect(again.stdout).not.to.include('registered');
  });
});
