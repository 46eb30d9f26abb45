import { resolve } from 'node:path';
import { atLeast, type Change, type ChangeLevel, LEVELS } from '../diff/change.js';
import { diffOpenApi } from '../diff/diff-openapi.js';
import { readServiceModel } from '../generate.js';
import { colorsWanted, type Io, paint, printProblems } from './output.js';

export interface DiffCommandOptions {
  format?: 'text' | 'json' | 'markdown';
  /** Exit 1 when a change is at this level or worse. */
  failOn?: ChangeLevel;
}

/**
 * `limis diff <old> <new>`: every change between two versions of an OpenAPI contract, classified breaking, warning
 * or info, with its rule, where it is in each version and why — as text, JSON or Markdown (for a pull request).
 */
export async function diffCommand(old: string, next: string, options: DiffCommandOptions, io: Io): Promise<number> {
  // Read as far as they can be: what only generate refuses (a discriminator it cannot check) is compared too.
  const read = await Promise.all([old, next].map((file) => readServiceModel(resolve(file))));
  const unreadable = read.filter((r) => r.service === undefined);
  if (unreadable.length > 0) {
    printProblems(
      unreadable.flatMap((r) => r.problems.filter((p) => p.severity === 'error')),
      io,
      colorsWanted(process.stderr),
    );
    io.err('limis: a contract cannot be read; nothing was compared');
    return 1;
  }
  const [before, after] = read.map((r) => r.service);
  if (!before || !after || before.kind !== 'openapi' || after.kind !== 'openapi') {
    io.err('limis: limis diff compares two OpenAPI contracts; AsyncAPI is not compared yet');
    return 2;
  }
  const changes = diffOpenApi(before, after).sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));
  const counts = Object.fromEntries(LEVELS.map((level) => [level, changes.filter((c) => c.level === level).length]));
  if (options.format === 'json') io.out(JSON.stringify({ old, new: next, counts, changes }));
  else if (options.format === 'markdown') io.out(markdown(old, next, changes, counts));
  else {
    const colors = colorsWanted(process.stdout);
    const color = { breaking: 'red', warning: 'yellow', info: 'dim' } as const;
    for (const change of changes)
      io.out(
        `${paint(color[change.level], change.level.padEnd(8), colors)} ${change.rule}  ${change.at}: ${change.message}${pointers(change)}`,
      );
    io.out(`${counts.breaking} breaking, ${counts.warning} warning, ${counts.info} info`);
  }
  return options.failOn && changes.some((c) => atLeast(c, options.failOn!)) ? 1 : 0;
}

function pointers(change: Change): string {
  const parts = [change.old && `old #${change.old}`, change.new && `new #${change.new}`].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function markdown(old: string, next: string, changes: Change[], counts: Record<string, number>): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = changes.map(
    (c) =>
      `| ${c.level} | \`${c.rule}\` | ${cell(c.at)} | ${cell(c.message)} | ${c.old ? `\`#${cell(c.old)}\`` : ''} | ${c.new ? `\`#${cell(c.new)}\`` : ''} |`,
  );
  return [
    `### Contract changes: \`${old}\` → \`${next}\``,
    '',
    `**${counts.breaking} breaking**, ${counts.warning} warning, ${counts.info} info`,
    '',
    '| level | rule | where | change | old | new |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
