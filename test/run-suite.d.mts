/** The test suites and their globs (see run-suite.mjs). */
export declare const SUITES: Record<string, string[]>;
export declare function globPattern(glob: string): RegExp;
