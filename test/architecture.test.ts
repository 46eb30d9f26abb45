import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { expect } from 'chai';
import ts from 'typescript';
import { repoRoot } from './helpers/workspace.js';

interface ImportEdge {
  from: string;
  specifier: string;
  /** Repository-relative path of a relative import's target; undefined for packages and built-ins. */
  target?: string;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(repoRoot, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(repoRoot, join(e.parentPath, e.name)))
    .filter((path) => !path.includes('.tmp'));
}

/** Every import, export-from and dynamic import with a literal specifier, as TypeScript's pre-processor finds them. */
async function importsOf(files: string[]): Promise<ImportEdge[]> {
  const edges: ImportEdge[] = [];
  for (const from of files) {
    const text = await readFile(join(repoRoot, from), 'utf8');
    for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
      const target = specifier.startsWith('.')
        ? relative(repoRoot, resolve(repoRoot, dirname(from), specifier)).replace(/\.js$/, '.ts')
        : undefined;
      edges.push({ from, specifier, target });
    }
  }
  return edges;
}

const show = (edges: ImportEdge[]) => edges.map((e) => `${e.from} → ${e.specifier}`);

/** The one package the type hub and the client's opt-in tracing module may import: dependency-free, a no-op without an SDK. */
const OPENTELEMETRY_API = '@opentelemetry/api';
/** The client's opt-in modules, each the one place its package may be imported; the core imports neither. */
const OPT_IN: Record<string, string> = {
  'runtime/client/opentelemetry.ts': OPENTELEMETRY_API,
  'runtime/client/bigint.ts': 'lossless-json',
};

describe('dependency rules (README, Layout), checked on the import graph', () => {
  let runtime: ImportEdge[];
  let generated: ImportEdge[];
  before(async () => {
    runtime = await importsOf(await sourceFiles('runtime'));
    const trees = [...(await sourceFiles('services')), ...(await sourceFiles('test/golden'))];
    generated = await importsOf(trees.filter((path) => path.includes('/generated/')));
  });

  it('the client imports nothing but the client and the common helpers: no server module, no package, no Node built-in (the OpenTelemetry API and lossless-json only from their opt-in modules)', () => {
    const shared = runtime.filter((e) => e.from.startsWith('runtime/client/') || e.from.startsWith('runtime/common/'));
    expect(shared.length).to.be.greaterThan(5);
    const allowed = (e: ImportEdge) =>
      e.target ? /^runtime\/(client|common)\//.test(e.target) : OPT_IN[e.from] === e.specifier;
    expect(show(shared.filter((e) => !allowed(e)))).to.deep.equal([]);
    const core = runtime.filter((e) => e.from.startsWith('runtime/client/') && !Object.hasOwn(OPT_IN, e.from));
    expect(show(core.filter((e) => e.target !== undefined && Object.hasOwn(OPT_IN, e.target)))).to.deep.equal([]);
  });

  it('the runtime never imports the generator', () => {
    expect(
      show(runtime.filter((e) => e.target?.startsWith('generator/') || e.specifier.startsWith('limis/generator'))),
    ).to.deep.equal([]);
  });

  it('the type hub (handler.ts) imports no feature module', () => {
    const hub = runtime.filter((e) => e.from === 'runtime/handler.ts');
    expect(
      show(
        hub.filter((e) =>
          e.target
            ? !(e.target.startsWith('runtime/common/') || e.target === 'runtime/validator.ts')
            : e.specifier !== OPENTELEMETRY_API,
        ),
      ),
    ).to.deep.equal([]);
  });

  it('generated code imports only the public entries and its own folder; generated clients only limis/client', () => {
    expect(generated.length).to.be.greaterThan(20);
    const outside = generated.filter((e) =>
      e.target
        ? dirname(e.target) !== dirname(e.from)
        : !['limis/runtime', 'limis/client', 'limis/client/bigint', 'limis/client/stream'].includes(e.specifier),
    );
    expect(show(outside)).to.deep.equal([]);
    const clients = generated.filter((e) => /\/generated\/(client|ws-client)\.ts$/.test(e.from));
    expect(clients.length).to.be.greaterThan(4);
    expect(show(clients.filter((e) => e.specifier === 'limis/runtime'))).to.deep.equal([]);
  });

  it('the CLI reaches the runtime only through its public entries, as a user program does', async () => {
    const cli = await importsOf(await sourceFiles('generator'));
    expect(show(cli.filter((e) => e.target?.startsWith('runtime/')))).to.deep.equal([]);
  });
});

describe('test suites (test/run-suite.mjs)', () => {
  it('run every test file, each in exactly one suite', async () => {
    const { SUITES, globPattern } = await import('./run-suite.mjs');
    const files = (await sourceFiles('test')).filter((path) => path.endsWith('.test.ts'));
    expect(files.length).to.be.greaterThan(60);
    const suitesOf = (file: string) =>
      Object.entries(SUITES)
        .filter(([, globs]) => globs.some((glob) => globPattern(glob).test(file)))
        .map(([name]) => name);
    expect(files.map((file) => [file, suitesOf(file)]).filter(([, suites]) => suites!.length !== 1)).to.deep.equal([]);
  });
});
