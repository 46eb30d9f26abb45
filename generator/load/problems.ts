/** A located problem in a contract: the generator collects them all before failing. */
export interface ContractProblem {
  severity: 'error' | 'warning';
  message: string;
  file: string;
  /** JSON pointer into `file`, '' for the whole document. */
  pointer: string;
  line?: number;
  column?: number;
}

/** Maps a pointer of the loaded document back to the file, pointer and position the user wrote. */
export type Locator = (pointer: string) => { file: string; pointer: string; line?: number; column?: number };

export function formatProblem(problem: ContractProblem, cwd = process.cwd()): string {
  const file = relativeTo(cwd, problem.file);
  const position = problem.line === undefined ? '' : `:${problem.line}:${problem.column ?? 1}`;
  const where = problem.pointer === '' ? '' : ` (at #${problem.pointer})`;
  return `${file}${position} ${problem.severity}: ${problem.message}${where}`;
}

function relativeTo(cwd: string, file: string): string {
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}

/** Thrown when a contract cannot be compiled; carries every problem found, not just the first. */
export class ContractError extends Error {
  readonly problems: ContractProblem[];

  constructor(problems: ContractProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(errors.map((p) => formatProblem(p)).join('\n'));
    this.name = 'ContractError';
    this.problems = problems;
  }
}
