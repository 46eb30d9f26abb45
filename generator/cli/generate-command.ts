import { watch } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { generate } from '../generate.js';
import { ContractError } from '../load/problems.js';
import { kebabName } from '../model/names.js';
import { applyWrites, planWrites } from '../write-files.js';
import { findMissingActions } from './missing-actions.js';
import { colorsWanted, type Io, paint, plural, printProblems } from './output.js';
import { registerInConfig } from './register-in-config.js';

export interface GenerateCommandOptions {
  out: string;
  check?: boolean;
  dryRun?: boolean;
  watch?: boolean;
  quiet?: boolean;
  json?: boolean;
  /** Print (or, with --json, include) the milliseconds of each phase. */
  timings?: boolean;
}

/** `limis generate`: exit 0 when written (or up to date), 1 on contract errors or, with --check, stale code. */
export async function generateCommand(contracts: string[], options: GenerateCommandOptions, io: Io): Promise<number> {
  const cwd = process.cwd();
  const files = contracts.length > 0 ? contracts : await defaultContracts(cwd);
  if (files.length === 0) {
    io.err('limis: no contracts given and none found in contracts/');
    return 1;
  }
  const code = await generateOnce(files, options, io, cwd);
  if (!options.watch) return code;
  return watchContracts(
    contracts.length > 0 ? contracts : ['contracts'],
    () => generateOnce(files, options, io, cwd),
    io,
    options,
  );
}

async function generateOnce(files: string[], options: GenerateCommandOptions, io: Io, cwd: string): Promise<number> {
  const colors = colorsWanted(process.stdout, options.json);
  const started = performance.now();
  let result: Awaited<ReturnType<typeof generate>>;
  const progress = progressLine(options);
  try {
    result = await generate({ contracts: files, outDir: options.out, cwd, onProgress: progress.onProgress });
  } catch (error) {
    progress.done();
    if (!(error instanceof ContractError)) throw error;
    const errors = error.problems.filter((p) => p.severity === 'error').length;
    if (options.json) io.out(JSON.stringify({ ok: false, problems: error.problems }));
    else {
      printProblems(error.problems, io, colorsWanted(process.stderr));
      io.err(`limis: ${plural(errors, 'error')}; nothing was written`);
    }
    return 1;
  }
  progress.done();
  if (!options.quiet && !options.json) printProblems(result.problems, io, colorsWanted(process.stderr));
  const plan = await planWrites(result.files, cwd);
  const stale = [...plan.changed, ...plan.removed];
  if (options.check || options.dryRun) {
    if (options.json) {
      io.out(
        JSON.stringify({
          ok: !(options.check && stale.length > 0),
          write: plan.changed,
          create: plan.scaffolded,
          remove: plan.removed,
        }),
      );
    } else {
      for (const path of plan.changed) io.out(`would write   ${path}`);
      for (const path of plan.scaffolded) io.out(`would create  ${path}`);
      for (const path of plan.removed) io.out(`would remove  ${path}`);
    }
    if (options.check && stale.length > 0) {
      if (!options.json)
        io.err(`limis: generated code is stale in ${plural(stale.length, 'file')}; run \`limis generate\``);
      return 1;
    }
    if (!options.quiet && !options.json && stale.length === 0) io.out('generated code is up to date');
    return 0;
  }
  const writeStarted = performance.now();
  await applyWrites(result.files, plan, cwd);
  const timings = { ...result.timings, write: performance.now() - writeStarted };
  // A service whose entry was just scaffolded is new: serve it, as create-service does.
  for (const service of result.services) {
    if (plan.scaffolded.includes(`${options.out}/${kebabName(service.name)}/index.ts`)) {
      await registerInConfig(
        service,
        options.out,
        cwd,
        options.json ? { out: () => {}, err: io.err } : io,
        options.quiet,
      );
    }
  }
  const missing = await findMissingActions(result.services, options.out, cwd);
  const ms = Math.round(performance.now() - started);
  if (options.json) {
    io.out(
      JSON.stringify({
        ok: true,
        services: result.services.map((s) => ({
          name: s.name,
          contract: s.contractFile,
          kind: s.kind,
          actions: countActions(s),
          pushes: s.pushes.length,
        })),
        written: plan.changed,
        created: plan.scaffolded,
        removed: plan.removed,
        unchanged: plan.unchanged,
        missing,
        ms,
        ...(options.timings ? { timings: roundedTimings(timings) } : {}),
      }),
    );
    return 0;
  }
  if (options.timings)
    io.err(
      `limis: ${ms} ms: ${Object.entries(roundedTimings(timings))
        .map(([phase, phaseMs]) => `${phase} ${phaseMs} ms`)
        .join(', ')}`,
    );
  if (!options.quiet) {
    for (const service of result.services) {
      const pushes = service.pushes.length > 0 ? `, ${plural(service.pushes.length, 'push')}` : '';
      io.out(
        `${service.contractFile} → ${options.out}/${kebabName(service.name)}: ${plural(service.components.length, 'component')}, ${plural(countActions(service), 'action')}${pushes}`,
      );
    }
    for (const path of plan.scaffolded) io.out(`created ${path} (yours to edit)`);
    io.out(
      paint(
        'green',
        `${plural(plan.changed.length, 'file')} written, ${plan.unchanged} unchanged, ${plan.removed.length} removed in ${ms} ms`,
        colors,
      ),
    );
  }
  for (const { file, methods } of missing) {
    io.err(
      paint(
        'yellow',
        `${file} does not implement ${plural(methods.length, 'action')} of its contract yet; add:`,
        colorsWanted(process.stderr),
      ),
    );
    for (const method of methods) io.err(`  ${method}`);
  }
  return 0;
}

/** On a terminal, one line rewritten in place: which contract is being compiled, of how many. */
function progressLine(options: GenerateCommandOptions): {
  onProgress?: (contract: string, index: number, total: number) => void;
  done(): void;
} {
  if (options.quiet || options.json || !process.stderr.isTTY) return { done: () => {} };
  const clear = () => {
    process.stderr.clearLine(0);
    process.stderr.cursorTo(0);
  };
  return {
    onProgress: (contract, index, total) => {
      clear();
      process.stderr.write(`generating ${contract} (${index + 1}/${total})…`);
    },
    done: clear,
  };
}

function countActions(service: { components: Array<{ actions: unknown[]; messageActions: unknown[] }> }): number {
  return service.components.reduce((n, c) => n + c.actions.length + c.messageActions.length, 0);
}

export async function defaultContracts(cwd: string): Promise<string[]> {
  const names = await readdir(resolve(cwd, 'contracts')).catch(() => [] as string[]);
  return names
    .filter((n) => /\.(ya?ml|json)$/.test(n))
    .sort()
    .map((n) => `contracts/${n}`);
}

/** Regenerates on every change under the watched paths, a burst of changes at a time, until interrupted. */
function watchContracts(
  paths: string[],
  regenerate: () => Promise<number>,
  io: Io,
  options: GenerateCommandOptions,
): Promise<number> {
  return new Promise((resolveWatch) => {
    let timer: NodeJS.Timeout | undefined;
    let running = Promise.resolve(0);
    const watchers = paths.map((path) =>
      watch(resolve(path), { recursive: true }, () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          running = running.then(regenerate);
        }, 100);
      }),
    );
    if (!options.quiet && !options.json) io.out(`watching ${paths.join(', ')} for changes (Ctrl-C to stop)`);
    process.once('SIGINT', () => {
      for (const watcher of watchers) watcher.close();
      clearTimeout(timer);
      running.then(() => resolveWatch(0));
    });
  });
}

function roundedTimings(timings: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(timings).map(([phase, ms]) => [phase, Math.round(ms)]));
}
