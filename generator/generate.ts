import { relative, resolve, sep } from 'node:path';
import { emitChannels } from './emit/emit-channels.js';
import { emitComponent } from './emit/emit-component.js';
import { emitContract } from './emit/emit-contract.js';
import { emitHttpClient } from './emit/emit-http-client.js';
import { emitRoutes } from './emit/emit-routes.js';
import { emitTypes } from './emit/emit-types.js';
import { emitValidators } from './emit/emit-validators.js';
import { emitWsClient } from './emit/emit-ws-client.js';
import { createCodeFormatter } from './emit/format.js';
import { createEmitProject, type EmittedFile, generatedHeader } from './emit/generated-file.js';
import { type LoadedContract, loadContract } from './load/load-contract.js';
import { officialSchemaProblems } from './load/official-schema.js';
import { ContractError, type ContractProblem } from './load/problems.js';
import { asyncApiDocument } from './model/asyncapi-document.js';
import { kebabName } from './model/names.js';
import { openApiDocument } from './model/openapi-document.js';
import type { Reporter, ServiceModel } from './model/service-model.js';
import { scaffoldService } from './scaffold/scaffold-service.js';

export interface GenerateOptions {
  /** Contract files. */
  contracts: string[];
  /** Where each service's folder is created. Default `services`. */
  outDir?: string;
  /** Base for relative paths. Default: the process's working directory. */
  cwd?: string;
  /** Told as each contract starts, for a progress line on long runs. */
  onProgress?: (contract: string, index: number, total: number) => void;
}

export interface GeneratedFile {
  /** Relative to `cwd`, forward slashes. */
  path: string;
  text: string;
  /** `limis` files are rewritten on every run; `user` files are written only when missing. */
  owner: 'limis' | 'user';
}

export interface GenerateResult {
  files: GeneratedFile[];
  services: ServiceModel[];
  /** Warnings; errors throw a ContractError instead. */
  problems: ContractProblem[];
  /** Milliseconds spent in each phase, over every contract: where a long run's time goes. */
  timings: Timings;
}

/** The phases of a run, in order; `write` is the CLI's. */
export const PHASES = ['load', 'model', 'emit', 'validators', 'format', 'scaffold'] as const;
export type Timings = Record<(typeof PHASES)[number], number>;

/** Adds the time `work` takes to its phase. */
function timed<T>(timings: Timings, phase: keyof Timings, work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    timings[phase] += performance.now() - started;
  }
}

/**
 * Contracts in, files out. Writes nothing: the CLI decides what reaches the disk, so `--check` and `--dry-run`
 * need no special path. Throws one ContractError with every problem of every contract.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const outDir = options.outDir ?? 'services';
  const problems: ContractProblem[] = [];
  const files: GeneratedFile[] = [];
  const services: ServiceModel[] = [];
  const folders = new Map<string, string>();
  const contracts = [...options.contracts].sort();
  const timings = Object.fromEntries(PHASES.map((phase) => [phase, 0])) as Timings;
  const format = createCodeFormatter();
  const formatted = (file: EmittedFile) => timed(timings, 'format', () => format(file.path, file.text));
  for (const [index, contract] of contracts.entries()) {
    options.onProgress?.(contract, index, contracts.length);
    const built = await buildService(resolve(cwd, contract), cwd, problems, timings);
    const service = built?.service;
    if (!built || !service) continue;
    const folder = kebabName(service.name);
    const previous = folders.get(folder);
    if (previous !== undefined) {
      problems.push({
        severity: 'error',
        message: `service "${service.name}" would be generated into services/${folder}, as ${previous} is`,
        file: resolve(cwd, contract),
        pointer: '',
      });
      continue;
    }
    folders.set(folder, service.contractFile);
    const base = toPosix(relative(cwd, resolve(cwd, outDir, folder)));
    for (const file of emitService(service, locatedReporter(built.loaded, problems).error, timings)) {
      files.push({ path: `${base}/${file.path}`, text: formatted(file), owner: 'limis' });
    }
    if (hasOperations(service)) {
      for (const file of timed(timings, 'scaffold', () => scaffoldService(service)))
        files.push({ path: `${base}/${file.path}`, text: formatted(file), owner: 'user' });
    }
    services.push(service);
  }
  if (problems.some((p) => p.severity === 'error')) throw new ContractError(problems);
  return { files, services, problems, timings };
}

export interface ContractCheck {
  kind?: 'openapi' | 'asyncapi';
  version?: string;
  /** Set when the contract was Swagger 2.0, converted to OpenAPI 3.0 on loading. */
  convertedFrom?: 'swagger-2.0';
  /** Errors and warnings of loading and of building the service model, located. */
  problems: ContractProblem[];
}

/** What `limis validate` reports: every problem `generate` would refuse the contract for, without emitting code. */
export async function checkContract(file: string, cwd = process.cwd()): Promise<ContractCheck> {
  const problems: ContractProblem[] = [];
  const built = await buildService(resolve(cwd, file), resolve(cwd), problems);
  // Schemas ajv cannot compile are only found by compiling them, as generate does.
  if (built?.service) emitValidators(built.service, locatedReporter(built.loaded, problems));
  const loaded = built?.loaded;
  if (loaded?.kind === 'openapi') {
    const version = loaded.convertedFrom ? '2.0' : loaded.version;
    problems.push(...withoutRepeats(await officialSchemaProblems(loaded.entry, version), problems));
  }
  const convertedFrom = loaded?.kind === 'openapi' ? loaded.convertedFrom : undefined;
  return { kind: loaded?.kind, version: loaded?.version, ...(convertedFrom && { convertedFrom }), problems };
}

/**
 * Schema problems at places a problem of limis's own already covers (the same place, one inside it or one around
 * it) are left out: limis's message says more ("unknown security scheme type …" beside "must be one of …").
 */
function withoutRepeats(schemaProblems: ContractProblem[], problems: readonly ContractProblem[]): ContractProblem[] {
  const covered = (p: ContractProblem, q: ContractProblem) =>
    p.file === q.file &&
    q.pointer !== '' &&
    (p.pointer === q.pointer || p.pointer.startsWith(`${q.pointer}/`) || q.pointer.startsWith(`${p.pointer}/`));
  return schemaProblems.filter((p) => !problems.some((q) => covered(p, q)));
}

/** The service models of contracts, for commands that read contracts without emitting code (`limis gateway`). */
export async function loadServiceModels(files: readonly string[], cwd = process.cwd()): Promise<ServiceModel[]> {
  const problems: ContractProblem[] = [];
  const services: ServiceModel[] = [];
  for (const file of files) {
    const built = await buildService(resolve(cwd, file), resolve(cwd), problems);
    if (built?.service) services.push(built.service);
  }
  if (problems.some((p) => p.severity === 'error')) throw new ContractError(problems);
  return services;
}

/** Reports problems at the file, line and column of the contract the pointer leads to. */
function locatedReporter(loaded: LoadedContract, problems: ContractProblem[]): Reporter {
  const reporter = (severity: 'error' | 'warning') => (pointer: string, message: string) => {
    const at = loaded.locate(pointer);
    problems.push({ severity, message, file: at.file, pointer: at.pointer, line: at.line, column: at.column });
  };
  return { error: reporter('error'), warning: reporter('warning') };
}

/**
 * The service model of a contract as far as it can be read, for comparing versions (`limis diff`): only a contract
 * that does not load at all is a failure; what generate would refuse (a discriminator it cannot check, an
 * unknown format) is left in the problems, which the caller may ignore.
 */
export async function readServiceModel(
  file: string,
  cwd = process.cwd(),
): Promise<{ service?: ServiceModel; problems: ContractProblem[] }> {
  const problems: ContractProblem[] = [];
  const built = await buildService(resolve(cwd, file), resolve(cwd), problems, undefined, true);
  return { service: built?.service, problems };
}

async function buildService(
  file: string,
  cwd: string,
  problems: ContractProblem[],
  timings?: Timings,
  lenient = false,
): Promise<{ service?: ServiceModel; loaded: LoadedContract } | undefined> {
  let loaded: LoadedContract;
  const loadStarted = performance.now();
  try {
    loaded = await loadContract(file);
  } catch (error) {
    if (error instanceof ContractError) {
      problems.push(...error.problems);
      return undefined;
    }
    throw error;
  }
  if (timings) timings.load += performance.now() - loadStarted;
  const before = problems.length;
  const report = locatedReporter(loaded, problems);
  if (loaded.kind === 'openapi' && loaded.convertedFrom === 'swagger-2.0')
    report.warning(
      '/swagger',
      'Swagger 2.0, converted to OpenAPI 3.0 by swagger2openapi: the generated code and the served contract follow the converted document',
    );
  const contractFile = toPosix(relative(cwd, file));
  const model = () =>
    loaded.kind === 'openapi'
      ? openApiDocument({ version: loaded.version, document: loaded.document, contractFile }, report)
      : asyncApiDocument({ document: loaded.document, raw: loaded.raw, contractFile }, report);
  const service = timings ? timed(timings, 'model', model) : model();
  const refused = !lenient && problems.slice(before).some((p) => p.severity === 'error');
  return { loaded, service: refused ? undefined : service };
}

/** Every generated file of one service, in a fixed order. */
function emitService(
  service: ServiceModel,
  onError: (pointer: string, message: string) => void,
  timings: Timings,
): EmittedFile[] {
  const project = createEmitProject();
  const report: Reporter = { error: onError, warning: () => {} };
  const emit = <T>(work: () => T) => timed(timings, 'emit', work);
  if (!hasOperations(service)) {
    // A contract of schemas alone (shared types): nothing to serve, nothing to implement.
    return [
      emit(() => emitTypes(service, project)),
      { path: 'generated/index.ts', text: `${generatedHeader(service)}export type * as types from './types.js';\n` },
    ];
  }
  // index.ts is the server's barrel: a client imports its one module (client.ts, ws-client.ts) and types.ts, so that a
  // browser bundle never reaches the handlers, the validators or the contract.
  const types = emit(() => emitTypes(service, project));
  const component = emit(() => emitComponent(service, project));
  const validators = timed(timings, 'validators', () => emitValidators(service, report));
  const transport = emit(() =>
    service.kind === 'openapi'
      ? { files: [emitRoutes(service, project), emitHttpClient(service, project)], modules: ['component', 'routes'] }
      : { files: [emitChannels(service, project), emitWsClient(service, project)], modules: ['channels', 'component'] },
  );
  return [
    types,
    component,
    ...validators,
    ...transport.files,
    emit(() => emitContract(service)),
    {
      path: 'generated/index.ts',
      text: `${generatedHeader(service)}${transport.modules.map((m) => `export * from './${m}.js';\n`).join('')}export type * as types from './types.js';\n`,
    },
  ];
}

function hasOperations(service: ServiceModel): boolean {
  return service.components.length > 0 || service.pushes.length > 0 || service.channels.length > 0;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
