import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { generate } from './generate.js';
import { kebabName } from './model/names.js';
import { ContractError, formatProblem } from './load/problems.js';
import { packageVersion } from './package-paths.js';
import { applyWrites, planWrites } from './write-files.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** Runs the limis CLI; resolves to the exit code instead of exiting, so tests can call it in-process. */
export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('limis')
    .description('Contract-first microservices: OpenAPI in, typed handlers, clients and a Koa runtime out.')
    .version(packageVersion(), '-v, --version')
    .showSuggestionAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();

  program
    .command('generate')
    .description('compile contracts into typed code under <out>/<service>/generated, and scaffold missing stubs')
    .argument('[contracts...]', 'contract files (default: every .yaml, .yml and .json in contracts/)')
    .option('-o, --out <dir>', 'folder that holds one folder per service', 'services')
    .option('--check', 'write nothing; exit 1 when generated code is stale')
    .option('--dry-run', 'write nothing; list what would change')
    .option('-q, --quiet', 'print errors only')
    .addHelpText('after', '\nExamples:\n  $ limis generate\n  $ limis generate contracts/petstore.yaml --out src/services\n  $ limis generate --check   # in CI')
    .action(async (contracts: string[], options: { out: string; check?: boolean; dryRun?: boolean; quiet?: boolean }) => {
      exitCode = await generateCommand(contracts, options, io);
    });

  program
    .command('server')
    .alias('serve')
    .description('serve the services listed in limis.config.ts')
    .option('--http', 'serve HTTP (always on: it also serves the contracts)')
    .addOption(new Option('-p').hideHelp().implies({ http: true }))
    .option('-w, --websocket', 'also serve AsyncAPI channels over WebSocket')
    .option('--port <port>', 'HTTP port', parsePort, Number(process.env.LIMIS_PORT ?? 8080))
    .addOption(new Option('--http_port <port>', 'alias of --port').hideHelp().argParser(parsePort))
    .option('--ws-port <port>', 'WebSocket port ("http" shares the HTTP port)', parseWsPort, parseWsPort(process.env.LIMIS_WS_PORT ?? '8888'))
    .option('--context-root <path>', 'path every service is mounted below', process.env.LIMIS_CONTEXT_ROOT)
    .option('-c, --config <file>', 'the config module', 'limis.config.ts')
    .addHelpText('after', '\nExamples:\n  $ limis server --http --websocket\n  $ limis server --port 3000 --ws-port http --context-root api')
    .action(async (options: { port: number; http_port?: number; websocket?: boolean; wsPort: number | 'http'; contextRoot?: string; config: string }) => {
      exitCode = await serverCommand({ ...options, port: options.http_port ?? options.port }, io);
    });

  program.command('version').description('print the limis version').action(() => io.out(packageVersion()));

  try {
    await program.parseAsync(normaliseAliases(argv), { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number; code?: string }).exitCode;
    if (code !== undefined) return (error as { code?: string }).code === 'commander.helpDisplayed' || (error as { code?: string }).code === 'commander.version' ? 0 : code === 0 ? 0 : 2;
    io.err(`limis: ${(error as Error).message}`);
    return 1;
  }
  return exitCode;
}

/** The original limis spelled commands and flags with underscores; both spellings work. */
function normaliseAliases(argv: string[]): string[] {
  return argv.map((arg) => (arg === 'help' ? '--help' : arg === '--websocket_port' ? '--ws-port' : arg));
}

function parseWsPort(value: string): number | 'http' {
  return value === 'http' ? 'http' : parsePort(value);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is an integer from 0 to 65535');
  return port;
}

async function generateCommand(
  contracts: string[],
  options: { out: string; check?: boolean; dryRun?: boolean; quiet?: boolean },
  io: Io,
): Promise<number> {
  const cwd = process.cwd();
  const files = contracts.length > 0 ? contracts : await defaultContracts(cwd);
  if (files.length === 0) {
    io.err('limis: no contracts given and none found in contracts/');
    return 1;
  }
  const started = performance.now();
  let result;
  try {
    result = await generate({ contracts: files, outDir: options.out, cwd });
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    for (const problem of error.problems) io.err(formatProblem(problem, cwd));
    const count = error.problems.filter((p) => p.severity === 'error').length;
    io.err(`limis: ${count} error${count === 1 ? '' : 's'}; nothing was written`);
    return 1;
  }
  for (const problem of result.problems) if (!options.quiet) io.err(formatProblem(problem, cwd));
  const plan = await planWrites(result.files, cwd);
  if (options.check || options.dryRun) {
    const stale = [...plan.changed, ...plan.removed];
    for (const path of plan.changed) io.out(`would write   ${path}`);
    for (const path of plan.scaffolded) io.out(`would create  ${path}`);
    for (const path of plan.removed) io.out(`would remove  ${path}`);
    if (options.check && stale.length > 0) {
      io.err(`limis: generated code is stale in ${stale.length} file${stale.length === 1 ? '' : 's'}; run \`limis generate\``);
      return 1;
    }
    if (!options.quiet && stale.length === 0) io.out('generated code is up to date');
    return 0;
  }
  await applyWrites(result.files, plan, cwd);
  if (!options.quiet) {
    for (const service of result.services) {
      const actions = service.components.reduce((n, c) => n + c.actions.length + c.messageActions.length, 0);
      const pushes = service.pushes.length > 0 ? `, ${service.pushes.length} push(es)` : '';
      io.out(`${service.contractFile} → ${options.out}/${kebabName(service.name)}: ${service.components.length} component(s), ${actions} action(s)${pushes}`);
    }
    for (const path of plan.scaffolded) io.out(`created ${path} (yours to edit)`);
    const ms = Math.round(performance.now() - started);
    io.out(`${plan.changed.length} file(s) written, ${plan.unchanged} unchanged, ${plan.removed.length} removed in ${ms} ms`);
  }
  return 0;
}

async function defaultContracts(cwd: string): Promise<string[]> {
  const names = await readdir(resolve(cwd, 'contracts')).catch(() => [] as string[]);
  return names.filter((n) => /\.(ya?ml|json)$/.test(n)).sort().map((n) => `contracts/${n}`);
}

async function serverCommand(
  options: { port: number; websocket?: boolean; wsPort: number | 'http'; contextRoot?: string; config: string },
  io: Io,
): Promise<number> {
  const configPath = resolve(options.config);
  if (!existsSync(configPath)) {
    io.err(`limis: ${options.config} not found; it lists the services to serve (see README)`);
    return 1;
  }
  const { register } = await import('tsx/esm/api');
  register();
  const { createRuntime } = await import('limis/runtime');
  const config = (await import(pathToFileURL(configPath).href)).default;
  if (!config || !Array.isArray(config.services)) {
    io.err(`limis: ${options.config} must export default { services: [...] }`);
    return 1;
  }
  const runtime = createRuntime({
    ...config,
    contextRoot: options.contextRoot ?? config.contextRoot,
    http: { ...config.http, port: options.port },
    ws: options.websocket ? { ...config.ws, port: options.wsPort } : undefined,
  });
  await runtime.start();
  const root = options.contextRoot ?? config.contextRoot;
  for (const service of runtime.services) {
    const path = [root, service.path].filter(Boolean).join('/');
    if (service.handlers.length > 0) io.out(`limis: serving ${service.name} at ${runtime.httpUrl}/${path}`);
    if (service.channels.length > 0 && options.websocket) io.out(`limis: serving ${service.name} at ${runtime.wsUrl}/${path}`);
  }
  await new Promise<void>((resolveStop) => {
    const stop = () => {
      io.out('limis: stopping, waiting for in-flight requests');
      runtime.stop().then(resolveStop, resolveStop);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

const defaultIo: Io = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
};
