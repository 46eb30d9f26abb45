/**
 * How the parts that follow an outside system (the registry, discovery, the push bus) tell of its state: connected,
 * lost, back. One JSON line each on stderr unless a `log` option says otherwise.
 */
export type StatusLog = (level: 'info' | 'warn', message: string, fields?: Record<string, unknown>) => void;

export const statusLog: StatusLog = (level, message, fields) =>
  process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields })}\n`);
