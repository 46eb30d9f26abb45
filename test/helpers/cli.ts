import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './workspace.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the limis CLI from source as a subprocess in `cwd`, as a user would run it. */
export function limis(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=limis-source', '--import=tsx', join(repoRoot, 'generator/cli-main.ts'), ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
