import { Command, InvalidArgumentError, Option } from 'commander';
import { packageVersion } from '../package-paths.js';
import { createProjectCommand } from './create-project-command.js';
import { createServiceCommand } from './create-service-command.js';
import { type DiffCommandOptions, diffCommand } from './diff-command.js';
import { type GatewayCommandOptions, gatewayCommand } from './gateway-command.js';
import { type GenerateCommandOptions, generateCommand } from './generate-command.js';
import { type MockCommandOptions, mockCommand } from './mock-command.js';
import { type Io, processIo } from './output.js';
import { serverCommand } from './server-command.js';
import { validateCommand } from './validate-command.js';
import { watchServer } from './watch-server.js';

/**
 * Runs the limis CLI and resolves to its exit code (0 ok, 1 failed, 2 usage), so tests can run it in-process.
 * Unexpected errors print one line; `--verbose` adds the stack.
 */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  let exitCode = 0;
  const verbose = argv.includes('--verbose');
  const program = new Command('limis')
    .description(
      'Contract-first microservices: OpenAPI and AsyncAPI in, typed handlers, clients and a Koa + ws runtime out.',
    )
    .version(packageVersion(), '-v, --version')
    .option('--verbose', 'print stack traces of unexpected errors')
    .showSuggestionAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();

  program
    .command('create-project')
    .aliases(['new', 'create_project'])
    .description('create a project with a starter service, ready for `npm install && npm start`')
    .argument('<name>', 'project (and npm package) name')
    .argument('[dir]', 'folder to create it in (default: ./<name>)')
    .option(
      '--limis <spec>',
      'the limis version the project depends on: an npm range, or file:<path> of a limis checkout',
    )
    .option('-q, --quiet', 'print errors only')
    .addHelpText('after', '\nExamples:\n  $ limis create-project shop\n  $ limis new shop ~/code/shop')
    .action(async (name: string, dir: string | undefined, options: { limis?: string; quiet?: boolean }) => {
      exitCode = await createProjectCommand(name, dir, options, io);
    });

  program
    .command('create-service')
    .alias('create_service')
    .description('add a service: a starter contract, its generated code and a component that answers')
    .argument('<name>', 'service name: lower-case letters, digits and "-"')
    .option('--http', 'an OpenAPI contract (the default)')
    .option('--websocket', 'an AsyncAPI contract, served over WebSocket as <name>-events')
    .option('-o, --out <dir>', 'folder that holds one folder per service', 'services')
    .option('-q, --quiet', 'print errors only')
    .addHelpText(
      'after',
      '\nExamples:\n  $ limis create-service orders\n  $ limis create-service chat --http --websocket',
    )
    .action(async (name: string, options: { http?: boolean; websocket?: boolean; out: string; quiet?: boolean }) => {
      exitCode = await createServiceCommand(name, options, io);
    });

  program
    .command('generate')
    .description('compile contracts into typed code under <out>/<service>/generated, and scaffold missing stubs')
    .argument('[contracts...]', 'contract files (default: every .yaml, .yml and .json in contracts/)')
    .option('-o, --out <dir>', 'folder that holds one folder per service', 'services')
    .option('--check', 'write nothing; exit 1 when generated code is stale')
    .option('--dry-run', 'write nothing; list what would change')
    .option('-w, --watch', 'regenerate whenever a contract changes')
    .option('-q, --quiet', 'print errors only')
    .option('--json', 'print one JSON object instead of lines')
    .option('--timings', 'print where the time went: load, model, emit, validators, format, scaffold, write')
    .addHelpText(
      'after',
      '\nExamples:\n  $ limis generate\n  $ limis generate contracts/petstore.yaml --out src/services\n  $ limis generate --check   # in CI',
    )
    .action(async (contracts: string[], options: GenerateCommandOptions) => {
      exitCode = await generateCommand(contracts, options, io);
    });

  program
    .command('mock')
    .description('serve contracts with no implementation: answers from their examples, or generated from their schemas')
    .argument('[contracts...]', 'contracts (default: every .yaml, .yml and .json in contracts/)')
    .option('--port <port>', 'HTTP port, WebSocket too', parsePort, 4010)
    .option('--host <host>', 'interface to listen on (default: every interface)')
    .option('--seed <n>', 'seed of the generated values: the same seed, the same answers', parseSeed, 1)
    .option(
      '--push-interval <ms>',
      'milliseconds between the pushes of each AsyncAPI push operation; 0 for none',
      parseSeed,
      1000,
    )
    .addHelpText(
      'after',
      '\nA request may pick its answer as Prism reads it: `Prefer: code=404` for a status, `Prefer: example=<name>`\nfor one of the contract\'s named examples.\n\nExamples:\n  $ limis mock contracts/petstore.yaml\n  $ curl -H "Prefer: code=404" localhost:4010/petstore/pets/1',
    )
    .action(async (contracts: string[], options: MockCommandOptions) => {
      exitCode = await mockCommand(contracts, options, io);
    });

  program
    .command('diff')
    .description(
      'classify every change between two versions of a contract (OpenAPI, AsyncAPI): breaking, warning or info',
    )
    .argument('[contracts...]', '<old> <new>; with --base, the contracts to compare (default: contracts/)')
    .option(
      '--base <revision>',
      'compare each contract with its version at this git revision (a branch, a tag, a commit)',
    )
    .addOption(
      new Option('--format <format>', 'how to print the changes').choices(['text', 'json', 'markdown']).default('text'),
    )
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when a change is at this level or worse').choices([
        'breaking',
        'warning',
      ]),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ limis diff old/petstore.yaml contracts/petstore.yaml\n  $ limis diff --base main --fail-on breaking   # in CI\n  $ limis diff --base v1.2.0 contracts/petstore.yaml --format markdown > changes.md',
    )
    .action(async (contracts: string[], options: DiffCommandOptions) => {
      exitCode = await diffCommand(contracts, options, io);
    });

  program
    .command('validate')
    .description(
      'check contracts against their official JSON Schemas and everything generate needs; print located errors and warnings',
    )
    .argument('<contracts...>', 'contract files')
    .option('-q, --quiet', 'print problems only')
    .option('--json', 'print one JSON object instead of lines')
    .addHelpText('after', '\nExamples:\n  $ limis validate contracts/*.yaml')
    .action(async (contracts: string[], options: { quiet?: boolean; json?: boolean }) => {
      exitCode = await validateCommand(contracts, options, io);
    });

  program
    .command('server')
    .alias('serve')
    .description('serve the services listed in limis.config.ts')
    .option('--http', 'serve HTTP (always on: it also serves the contracts)')
    .addOption(new Option('-p').hideHelp().implies({ http: true }))
    .option('-w, --websocket', 'also serve AsyncAPI channels over WebSocket')
    .option('--port <port>', 'HTTP port (default: LIMIS_PORT, PORT, the config, 8080)', parsePort)
    .option('--host <host>', 'interface to listen on (default: LIMIS_HOST, the config, every interface)')
    .addOption(new Option('--http_port <port>', 'alias of --port').hideHelp().argParser(parsePort))
    .option(
      '--ws-port <port>',
      'WebSocket port, or "http" to share it (default: LIMIS_WS_PORT, the config, 8888)',
      parseWsPort,
    )
    .option('--context-root <path>', 'path every service is mounted below (default: LIMIS_CONTEXT_ROOT, the config)')
    .addOption(new Option('-d, --debug', 'validate every response against the contract (the original limis flag)'))
    .addOption(
      new Option('--adapter <name>', 'what serves HTTP: koa, or node (plain node:http, faster)').choices([
        'koa',
        'node',
      ]),
    )
    .option(
      '--registry <url>',
      'register the services in etcd: etcd://host:port[,host:port] (default: LIMIS_REGISTRY, the config, none)',
    )
    .option('--no-metrics', 'serve no /metrics and measure nothing (default: LIMIS_METRICS, the config, on)')
    .option(
      '--workers <n>',
      'processes sharing the ports: a number, or auto for one per core (default: LIMIS_WORKERS, 1)',
      (value: string) => {
        if (value === 'auto') return 'auto';
        const count = Number(value);
        if (!Number.isInteger(count) || count < 1 || count > 1024)
          throw new InvalidArgumentError('a whole number from 1 to 1024, or auto');
        return count;
      },
    )
    .option(
      '--bus <url>',
      'carry pushes to the other instances: nats://host:port[,…] or redis://host:port (default: LIMIS_BUS, the config)',
    )
    .option(
      '--registry-ttl <seconds>',
      'seconds a registration outlives a killed instance (default: LIMIS_REGISTRY_TTL, 10)',
      (value: string) => {
        const seconds = Number(value);
        if (!Number.isInteger(seconds) || seconds < 2) throw new InvalidArgumentError('whole seconds, at least 2');
        return seconds;
      },
    )
    .option(
      '--advertise-url <url>',
      'the HTTP origin registered for this instance (default: LIMIS_ADVERTISE_URL, the host and port listened on)',
    )
    .option('-c, --config <file>', 'the config module', 'limis.config.ts')
    .option('--watch', 'restart when a contract, a service or the config changes')
    .addHelpText(
      'after',
      '\nExamples:\n  $ limis server --http --websocket\n  $ limis server --port 3000 --ws-port http --context-root api\n  $ limis server --websocket --watch',
    )
    .action(
      async (options: {
        port?: number;
        host?: string;
        http_port?: number;
        websocket?: boolean;
        wsPort?: number | 'http';
        contextRoot?: string;
        config: string;
        watch?: boolean;
        adapter?: 'koa' | 'node';
        debug?: boolean;
        registry?: string;
        registryTtl?: number;
        advertiseUrl?: string;
        bus?: string;
        workers?: number | 'auto';
      }) => {
        if (options.watch) {
          const args = argv
            .slice(argv.indexOf(argv.find((a) => a === 'server' || a === 'serve')!) + 1)
            .filter((a) => a !== '--watch');
          exitCode = await watchServer(args, io);
          return;
        }
        exitCode = await serverCommand({ ...options, port: options.http_port ?? options.port }, io);
      },
    );

  program
    .command('gateway')
    .description(
      'run HAProxy as the API gateway of the contracts: routing, authentication, rate limits, instances from the registry',
    )
    .argument('[contracts...]', 'contract files (default: every .yaml, .yml and .json in contracts/)')
    .option('--port <port>', 'port clients connect to', parsePort, 8000)
    .option('--host <host>', 'interface to listen on', '0.0.0.0')
    .option(
      '--registry <url>',
      'the etcd the instances register in: etcd://host:port[,host:port] (default: LIMIS_REGISTRY)',
    )
    .option('--context-root <path>', 'path the services are mounted below, as on the instances')
    .option(
      '--jwt-key <key>',
      'verify bearer JWTs here: the HS* secret, or a PEM public key file (default: LIMIS_GATEWAY_JWT_KEY)',
    )
    .option('--jwt-alg <alg>', 'the algorithm tokens are signed with', 'HS256')
    .option('--jwt-issuer <iss>', 'accept only tokens whose iss claim is this')
    .option(
      '--api-keys <file>',
      'accepted API keys, one per line, for apiKey schemes (without it the instances check them)',
    )
    .option('--rate-limit <n/Ts>', 'requests per client address per window, e.g. 100/10s (default: none)')
    .option('--slots <n>', 'server slots per service: the most instances of one service', parseCount, 16)
    .option('--metrics-port <port>', 'serve HAProxy’s Prometheus metrics at /metrics on this port', parsePort)
    .addOption(
      new Option('--balance <how>', 'how a backend picks an instance')
        .choices(['roundrobin', 'leastconn'])
        .default('roundrobin'),
    )
    .option('--emit <format>', 'print the configuration (format: haproxy) instead of running HAProxy')
    .option('--haproxy <binary>', 'the HAProxy to run', 'haproxy')
    .addHelpText(
      'after',
      '\nExamples:\n  $ limis gateway --registry etcd://127.0.0.1:2379 --jwt-key "$SECRET"\n  $ limis gateway --emit haproxy > haproxy.cfg && haproxy -c -f haproxy.cfg',
    )
    .action(async (contracts: string[], options: GatewayCommandOptions) => {
      exitCode = await gatewayCommand(contracts, options, io);
    });

  program
    .command('version')
    .description('print the limis version')
    .action(() => io.out(packageVersion()));

  try {
    await program.parseAsync(normaliseAliases(argv.filter((arg) => arg !== '--verbose')), { from: 'user' });
  } catch (error) {
    const { code, exitCode: commanderCode } = error as { code?: string; exitCode?: number };
    if (commanderCode !== undefined)
      return code === 'commander.helpDisplayed' || code === 'commander.version' || commanderCode === 0 ? 0 : 2;
    io.err(`limis: ${(error as Error).message}`);
    if (verbose && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  }
  return exitCode;
}

/** The original limis spelled flags with underscores, and `help` as a command; both work. */
function normaliseAliases(argv: string[]): string[] {
  return argv.map((arg) => (arg === 'help' ? '--help' : arg === '--websocket_port' ? '--ws-port' : arg));
}

function parseWsPort(value: string): number | 'http' {
  return value === 'http' ? 'http' : parsePort(value);
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 1000)
    throw new InvalidArgumentError('a whole number from 1 to 1000');
  return count;
}

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new InvalidArgumentError('a seed is an integer');
  return seed;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('a port is an integer from 0 to 65535');
  return port;
}
