import { resolve } from 'node:path';
import { checkContract } from '../generate.js';
import type { ContractProblem } from '../load/problems.js';
import { colorsWanted, type Io, paint, plural, printProblems } from './output.js';

/**
 * `limis validate <contract…>`: located errors and warnings — of parsing and of everything `generate` checks — exit 1
 * when any contract has an error.
 */
export async function validateCommand(
  contracts: string[],
  options: { json?: boolean; quiet?: boolean },
  io: Io,
): Promise<number> {
  const results: Array<{
    contract: string;
    ok: boolean;
    kind?: string;
    version?: string;
    convertedFrom?: string;
    problems: ContractProblem[];
  }> = [];
  for (const contract of contracts) {
    const { kind, version, convertedFrom, problems } = await checkContract(resolve(contract));
    const ok = !problems.some((p) => p.severity === 'error');
    results.push({ contract, ok, kind, version, ...(convertedFrom && { convertedFrom }), problems });
  }
  if (options.json) {
    io.out(JSON.stringify({ ok: results.every((r) => r.ok), contracts: results }));
  } else {
    const colors = colorsWanted(process.stdout);
    for (const result of results) {
      printProblems(result.problems, io, colorsWanted(process.stderr));
      if (result.ok && !options.quiet)
        io.out(
          paint(
            'green',
            result.convertedFrom
              ? `${result.contract}: valid Swagger 2.0 (read as OpenAPI ${result.version})`
              : `${result.contract}: valid ${result.kind === 'asyncapi' ? 'AsyncAPI' : 'OpenAPI'} ${result.version}`,
            colors,
          ),
        );
    }
    const failed = results.filter((r) => !r.ok).length;
    if (failed > 0) io.err(`limis: ${plural(failed, 'contract')} with errors`);
  }
  return results.every((r) => r.ok) ? 0 : 1;
}
