import type { Reporter } from '../../generator/model/service-model.js';

/** A Reporter that keeps what a model transform reported, as `error <pointer>: <message>` lines. */
export function recordingReporter(): Reporter & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    error: (pointer, message) => lines.push(`error ${pointer}: ${message}`),
    warning: (pointer, message) => lines.push(`warning ${pointer}: ${message}`),
  };
}
