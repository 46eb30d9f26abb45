import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import WebSocket from 'ws';
import { removeDir, repoRoot, scratchDir } from '../../helpers/workspace.js';

describe('limis server (generator/bin/limis.js, as `npm start` runs it)', () => {
  it('serves the examples over HTTP (node adapter) and WebSocket: hello parity, then drains and exits 0 on SIGTERM', async function () {
    this.timeout(20_000);
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, 'generator/bin/limis.js'),
        'server',
        '--http',
        '--websocket',
        '--port',
        '0',
        '--ws-port',
        '0',
        '--adapter',
        'node',
      ],
      { cwd: repoRoot },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let socket: WebSocket | undefined;
    let closeCode: Promise<number> | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          stdout += chunk;
          // The last service of limis.config.ts: every line is out once it is.
          if (stdout.includes('serving feed')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
      });
      const lines = stdout.trim().split('\n');
      expect(lines.map((l) => l.replace(/:\d+\//, ':PORT/'))).to.deep.equal([
        'limis: serving hello at http://localhost:PORT/hello',
        'limis: serving hello-ws at ws://localhost:PORT/hello',
        'limis: serving petstore at http://localhost:PORT/petstore',
        'limis: serving chat at http://localhost:PORT/chat',
        'limis: serving chat-events at ws://localhost:PORT/chat',
        'limis: serving feed at http://localhost:PORT/feed',
      ]);
      const http = /serving hello at (\S+)/.exec(stdout)![1]!;
      const ws = /serving hello-ws at (\S+)/.exec(stdout)![1]!;
      expect(await (await fetch(`${http}/hello`)).text()).to.equal('hello');

      socket = new WebSocket(`${ws}/hello/`);
      await new Promise((resolve, reject) => socket!.once('open', resolve).once('error', reject));
      const reply = new Promise<string>((resolve) =>
        socket!.once('message', (data: Buffer) => resolve(data.toString())),
      );
      socket.send('test');
      expect(await reply).to.equal('hello');
      const open = socket;
      closeCode = new Promise<number>((resolve) => open.once('close', (code: number) => resolve(code)));
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).to.equal(0);
    expect(await closeCode).to.equal(1001);
    expect(stderr).to.equal('');
  });

  it('--watch restarts the server when a watched file changes, and stops on SIGINT', async function () {
    this.timeout(30_000);
    const dir = await scratchDir('watch');
    try {
      await mkdir(join(dir, 'services'));
      await writeFile(
        join(dir, 'limis.config.ts'),
        "import hello from '../../../services/hello/index.js';\nexport default { services: [hello] };\n",
      );
      const child = spawn(
        process.execPath,
        [join(repoRoot, 'generator/bin/limis.js'), 'server', '--port', '0', '--watch'],
        {
          cwd: dir,
        },
      );
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const count = (pattern: RegExp) => (stdout.match(pattern) ?? []).length;
      const until = async (done: () => boolean) => {
        for (const deadline = Date.now() + 15_000; !done(); await new Promise((resolve) => setTimeout(resolve, 50))) {
          if (Date.now() > deadline) throw new Error(`gave up waiting; the server printed:\n${stdout}`);
        }
      };
      try {
        await until(() => count(/serving hello at/g) === 1);
        await writeFile(join(dir, 'services/touched.ts'), 'export {};\n');
        await until(() => count(/serving hello at/g) === 2);
        expect(stdout).to.include('limis: change detected, restarting the server');
        const url = /serving hello at (\S+)\n(?![\s\S]*serving hello at)/.exec(stdout)![1]!;
        expect(await (await fetch(`${url}/hello`)).text()).to.equal('hello');
      } finally {
        child.kill('SIGINT');
      }
      expect(await exited).to.equal(0);
    } finally {
      await removeDir(dir);
    }
  });

  it('accepts the original limis spellings: -p --http_port -w --websocket_port -d', async function () {
    this.timeout(20_000);
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, 'generator/bin/limis.js'),
        'server',
        '-p',
        '--http_port',
        '0',
        '-w',
        '--websocket_port',
        '0',
        '-d',
      ],
      { cwd: repoRoot },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk;
          if (stdout.includes('serving chat-events at ws://')) resolve();
        });
        child.on('exit', () => reject(new Error(`server exited: ${stderr}`)));
      });
      const http = /serving hello at (\S+)/.exec(stdout)![1]!;
      expect(await (await fetch(`${http}/hello`)).text()).to.equal('hello');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).to.equal(0);
  });
});

/** A port nothing listens on right now, for a config that must name one. */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts `limis server` with `args` and `env`, resolves with the URL it serves hello at and what it said on stderr. */
async function startServer(
  args: string[],
  env: Record<string, string>,
  cwd = repoRoot,
): Promise<{ url: string; stderr: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(repoRoot, 'generator/bin/limis.js'), 'server', ...args], {
    cwd,
    env: { ...process.env, LIMIS_PORT: '', PORT: '', LIMIS_HOST: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      const match = /serving hello at (http:\/\/\S+?)\/hello\n/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  return { url, stderr, stop };
}

describe('limis server: where it listens, as users of other servers expect', () => {
  let dir: string;
  before(async () => {
    dir = await scratchDir('precedence');
  });
  after(() => removeDir(dir));

  it('takes the port from the flag, else LIMIS_PORT, else PORT, else limis.config.ts', async function () {
    this.timeout(40_000);
    const [fromConfig, fromPort, fromLimisPort, fromFlag] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const config = join(dir, 'limis.config.ts');
    await writeFile(
      config,
      `import hello from '${join(repoRoot, 'services/hello/index.js')}';\nexport default { services: [hello], http: { port: ${fromConfig}, host: '127.0.0.1' } };\n`,
    );
    const cases: Array<[string[], Record<string, string>, number]> = [
      [[], {}, fromConfig],
      [[], { PORT: String(fromPort) }, fromPort],
      [[], { PORT: String(fromPort), LIMIS_PORT: String(fromLimisPort) }, fromLimisPort],
      [['--port', String(fromFlag)], { PORT: String(fromPort), LIMIS_PORT: String(fromLimisPort) }, fromFlag],
    ];
    for (const [args, env, port] of cases) {
      const server = await startServer(['-c', config, ...args], env);
      try {
        expect(server.url, JSON.stringify({ args, env })).to.equal(`http://127.0.0.1:${port}`);
        expect(await (await fetch(`${server.url}/hello/hello`)).text()).to.equal('hello');
      } finally {
        await server.stop();
      }
    }
  });

  it('on SIGTERM turns readiness to 503 for drainDelay, finishes the request in flight, then exits 0', async function () {
    this.timeout(30_000);
    const config = join(dir, 'slow.config.ts');
    await writeFile(
      config,
      [
        "import { defineService } from 'limis/runtime';",
        'const wait = { operationId: "wait", component: "slow", method: "GET", path: "/now", parse: () => ({}),',
        '  validate: Object.assign(() => true, { errors: null }), responses: { "200": [{ mediaType: "application/json", kind: "json" as const }] },',
        '  invoke: () => new Promise<{ status: 200; body: string }>((resolve) => setTimeout(() => resolve({ status: 200, body: "finished" }), 1500)) };',
        'export default { services: [defineService({ name: "slow", path: "slow", handlers: [wait] })], drainDelay: 1000 };',
        '',
      ].join('\n'),
    );
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'generator/bin/limis.js'), 'server', '-c', config, '--port', '0', '--host', '127.0.0.1'],
      { cwd: repoRoot },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = await new Promise<string>((resolve) => {
      child.stdout.on('data', () => {
        const match = /serving slow at (http:\/\/\S+)\/slow\n/.exec(stdout);
        if (match) resolve(match[1]!);
      });
    });
    const { Agent, request } = await import('node:http');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string, via?: InstanceType<typeof Agent>) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        request(`${url}${path}`, { agent: via ?? false }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        })
          .on('error', reject)
          .end();
      });
    expect((await get('/readyz', agent)).status).to.equal(200);
    const inFlight = get('/slow/now');
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await get('/readyz', agent)).to.deep.equal({ status: 503, body: '{"status":"draining"}' });
    agent.destroy();
    expect(await inFlight).to.deep.equal({ status: 200, body: '"finished"' });
    expect(await exited).to.equal(0);
    expect(stdout).to.include('limis: stopping, waiting for in-flight requests');
  });

  it('warns about a generated service the config does not serve', async function () {
    this.timeout(20_000);
    const project = join(dir, 'project');
    await mkdir(join(project, 'services/orders/generated'), { recursive: true });
    await writeFile(
      join(project, 'services/orders/generated/routes.ts'),
      "  return defineService({\n    name: 'orders',\n",
    );
    await writeFile(
      join(project, 'limis.config.ts'),
      `import hello from '${join(repoRoot, 'services/hello/index.js')}';\nexport default { services: [hello] };\n`,
    );
    const server = await startServer(['--port', '0', '--host', '127.0.0.1'], {}, project);
    try {
      expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.stderr).to.equal(
        'limis: services/orders is generated but limis.config.ts does not serve orders; add it to services: [...]\n',
      );
    } finally {
      await server.stop();
    }
  });
});
