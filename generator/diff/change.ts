/**
 * One difference between two versions of a contract, classified by whom it breaks: `breaking` — a client written
 * for the old version can fail against the new one; `warning` — it may; `info` — it cannot.
 */
export interface Change {
  level: ChangeLevel;
  /** Stable rule id (`request-parameter-became-required`), for filters and docs. */
  rule: string;
  /** Where: the operation (`GET /pets/{id}`) or the part of the contract. */
  at: string;
  message: string;
  /** JSON pointers into each version, where the part exists there. */
  old?: string;
  new?: string;
}

export type ChangeLevel = 'breaking' | 'warning' | 'info';

export const LEVELS: readonly ChangeLevel[] = ['breaking', 'warning', 'info'];

/** Whether a change is at `level` or worse (`breaking` is worse than `warning`, which is worse than `info`). */
export function atLeast(change: Change, level: ChangeLevel): boolean {
  return LEVELS.indexOf(change.level) <= LEVELS.indexOf(level);
}
