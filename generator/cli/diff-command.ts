import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { atLeast, type Change, type ChangeLevel, LEVELS } from '../diff/change.js';
import { diffAsyncApi } from '../diff/diff-asyncapi.js';
import { diffOpenApi } from '../diff/diff-openapi.js';
import { readServiceModel } from '../generate.js';
import { defaultContracts } from './generate-command.js';
import { colorsWanted, type Io, paint, printProblems } from './output.js';

export interface DiffCommandOptions {
  format?: 'text' | 'json' | 'markdown';
  /** Exit 1 when a change is at this level or worse. */
  failOn?: ChangeLevel;
  /** A git revision: each contract is compared with its version there. */
  base?: string;
}

/** One comparison: two versions of a contract, and what changed between them. */
interface Comparison {
  old: string;
  new: string;
  changes: Change[];
}

const run = promisify(execFile);

/**
 * `limis diff <old> <new>`, or `limis diff --base <rev> [contracts…]`: every change between two versions of an OpenAPI
 * or AsyncAPI contract, classified breaking, warning or info, with its rule, where it is in each version and why — as text,
 * JSON or Markdown (for a pull request). With `--base`, the revision is checked out into a temporary git worktree,
 * so contracts split over several files are compared whole.
 */
export async function diffCommand(contracts: string[], options: DiffCommandOptions, io: Io): Promise<number> {
  if (options.base === undefined && contracts.length !== 2) {
    io.err('limis: limis diff takes two contracts, <old> <new>, or --base <revision> and the contracts to compare');
    return 2;
  }
  const comparisons: Comparison[] = [];
  if (options.base === undefined) {
    const compared = await compare(contracts[0]!, contracts[1]!, io);
    if (typeof compared === 'number') return compared;
    comparisons.push(compared);
  } else {
    const worktree = await checkout(options.base, io);
    if (worktree === undefined) return 1;
    try {
      const files = contracts.length > 0 ? contracts : await defaultContracts(process.cwd());
      for (const file of files) {
        const then = join(worktree.dir, relative(worktree.root, resolve(file)));
        if (!existsSync(then)) {
          io.err(`limis: ${file} is new since ${options.base}: nothing to compare it with`);
          continue;
        }
        const compared = await compare(then, file, io, `${options.base}:${file}`);
        if (typeof compared === 'number') return compared;
        comparisons.push(compared);
      }
    } finally {
      await run('git', ['worktree', 'remove', '--force', worktree.dir], { cwd: worktree.root }).catch(() => undefined);
      await rm(worktree.dir, { recursive: true, force: true });
    }
  }
  const all = comparisons.flatMap((c) => c.changes);
  const counts = countsOf(all);
  if (options.format === 'json')
    io.out(
      JSON.stringify(
        comparisons.length === 1 && options.base === undefined
          ? { ...comparisons[0], counts }
          : { counts, contracts: comparisons.map((c) => ({ ...c, counts: countsOf(c.changes) })) },
      ),
    );
  else if (options.format === 'markdown') io.out(comparisons.map(markdown).join('\n\n'));
  else {
    const colors = colorsWanted(process.stdout);
    const color = { breaking: 'red', warning: 'yellow', info: 'dim' } as const;
    for (const comparison of comparisons) {
      if (comparisons.length > 1 || options.base !== undefined)
        io.out(paint('bold', `${comparison.old} → ${comparison.new}`, colors));
      for (const change of comparison.changes)
        io.out(
          `${paint(color[change.level], change.level.padEnd(8), colors)} ${change.rule}  ${change.at}: ${change.message}${pointers(change)}`,
        );
    }
    io.out(`${counts.breaking} breaking, ${counts.warning} warning, ${counts.info} info`);
  }
  return options.failOn && all.some((c) => atLeast(c, options.failOn!)) ? 1 : 0;
}

/** Reads both versions as far as they can be read (what only generate refuses is compared too) and diffs them. */
async function compare(old: string, next: string, io: Io, oldLabel = old): Promise<Comparison | number> {
  const read = await Promise.all([old, next].map((file) => readServiceModel(resolve(file))));
  const unreadable = read.filter((r) => r.service === undefined);
  if (unreadable.length > 0) {
    const errors = unreadable.flatMap((r) => r.problems.filter((p) => p.severity === 'error'));
    printProblems(errors, io, colorsWanted(process.stderr));
    io.err('limis: a contract cannot be read; nothing was compared');
    return 1;
  }
  const [before, after] = read.map((r) => r.service!);
  if (before!.kind !== after!.kind) {
    io.err(
      `limis: ${old} is ${before!.kind === 'openapi' ? 'OpenAPI' : 'AsyncAPI'} and ${next} is not: nothing was compared`,
    );
    return 2;
  }
  const diff = before!.kind === 'openapi' ? diffOpenApi : diffAsyncApi;
  const changes = diff(before!, after!).sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));
  return { old: oldLabel, new: next, changes };
}

/** The repository at `revision`, checked out beside the working tree (a detached git worktree in a temp folder). */
async function checkout(revision: string, io: Io): Promise<{ root: string; dir: string } | undefined> {
  let root: string;
  try {
    root = (await run('git', ['rev-parse', '--show-toplevel'])).stdout.trim();
    await run('git', ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], { cwd: root });
  } catch {
    io.err(`limis: --base ${revision}: not a revision of a git repository here`);
    return undefined;
  }
  const dir = await mkdtemp(join(tmpdir(), 'limis-diff-'));
  await run('git', ['worktree', 'add', '--detach', dir, revision], { cwd: root });
  return { root, dir };
}

function countsOf(changes: readonly Change[]): Record<ChangeLevel, number> {
  return Object.fromEntries(LEVELS.map((level) => [level, changes.filter((c) => c.level === level).length])) as Record<
    ChangeLevel,
    number
  >;
}

function pointers(change: Change): string {
  const parts = [change.old && `old #${change.old}`, change.new && `new #${change.new}`].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function markdown(comparison: Comparison): string {
  const counts = countsOf(comparison.changes);
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = comparison.changes.map(
    (c) =>
      `| ${c.level} | \`${c.rule}\` | ${cell(c.at)} | ${cell(c.message)} | ${c.old ? `\`#${cell(c.old)}\`` : ''} | ${c.new ? `\`#${cell(c.new)}\`` : ''} |`,
  );
  return [
    `### Contract changes: \`${comparison.old}\` → \`${comparison.new}\``,
    '',
    `**${counts.breaking} breaking**, ${counts.warning} warning, ${counts.info} info`,
    '',
    '| level | rule | where | change | old | new |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
