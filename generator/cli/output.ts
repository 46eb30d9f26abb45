import { styleText } from 'node:util';
import { type ContractProblem, formatProblem } from '../load/problems.js';

/** Where the CLI writes: lines, not a stream, so tests can run it in-process. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export interface OutputOptions {
  quiet?: boolean;
  json?: boolean;
}

type Style = 'red' | 'yellow' | 'green' | 'dim' | 'bold';

/** Colours only on a terminal, never under NO_COLOR, never in JSON. */
export function colorsWanted(stream: NodeJS.WriteStream, json?: boolean): boolean {
  return !json && stream.isTTY === true && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';
}

export function paint(style: Style, text: string, enabled: boolean): string {
  return enabled ? styleText(style, text) : text;
}

export function printProblems(problems: ContractProblem[], io: Io, colors: boolean, cwd = process.cwd()): void {
  for (const problem of problems) {
    const line = formatProblem(problem, cwd);
    io.err(problem.severity === 'error' ? paint('red', line, colors) : paint('yellow', line, colors));
  }
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
