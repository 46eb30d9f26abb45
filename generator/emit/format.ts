import { Biome } from '@biomejs/js-api/nodejs';

/**
 * The one code style of limis, for hand-written code (`biome.json`, which a test keeps equal to this) and for
 * generated code alike: Biome's formatter, run on every generated TypeScript file, so output reads as hand-written.
 */
export const CODE_STYLE = {
  formatter: { enabled: true, indentStyle: 'space', indentWidth: 2, lineWidth: 120 },
  javascript: {
    formatter: { quoteStyle: 'single', trailingCommas: 'all', semicolons: 'always', arrowParentheses: 'always' },
  },
} as const;

export type FormatCode = (path: string, text: string) => string;

/**
 * A formatter for one generate run. Biome's WebAssembly build is loaded once per call, not per file; `contract.ts`
 * (one string literal, megabytes for large contracts) and ajv's `validators.js` are left as they are printed.
 */
export function createCodeFormatter(): FormatCode {
  let biome: Biome | undefined;
  let projectKey: number | undefined;
  return (path, text) => {
    if (!path.endsWith('.ts') || path.endsWith('/contract.ts')) return text;
    if (!biome) {
      biome = new Biome();
      projectKey = biome.openProject('.').projectKey;
      // Biome skips files over 1 MiB by default; the types of a large contract (GitHub's REST API) are several.
      biome.applyConfiguration(projectKey, { ...CODE_STYLE, files: { maxSize: 1024 * 1024 * 1024 } } as never);
    }
    const result = (() => {
      try {
        return biome!.formatContent(projectKey!, text, { filePath: path });
      } catch (error) {
        throw new Error(`limis could not format ${path} with Biome: ${String((error as Error).message || error)}`, {
          cause: error,
        });
      }
    })();
    const problem = result.diagnostics.find((d) => d.severity === 'error' || d.severity === 'fatal');
    // Generated code that does not parse is a generator bug; say where rather than write it unformatted.
    if (problem)
      throw new Error(
        `limis generated ${path} that Biome cannot format: ${JSON.stringify(problem.description ?? problem)}`,
      );
    return result.content;
  };
}
