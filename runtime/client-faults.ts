/** A client's mistake the runtime refused: worth a warning for whoever runs the service, never an error with a stack. */
export interface ClientFault {
  transport: 'http' | 'ws';
  /** A stable name for the class of mistake (`upgrade-target`, `socket-reset`, `ws-protocol`, …). */
  kind: string;
  detail: string;
  remoteAddress?: string;
}

export type ClientFaultListener = (fault: ClientFault) => void;

export interface ClientFaultLogOptions {
  /** Lines written per second at most; faults past that are only counted, and the next line says how many. Default 10. */
  perSecond?: number;
  write?: (line: string) => void;
}

/**
 * The default `onClientFault`: one JSON warn line per fault, with how many of its kind were seen so far, at most
 * `perSecond` lines a second, so a client sending garbage cannot fill the logs.
 */
export function clientFaultLog(options: ClientFaultLogOptions = {}): ClientFaultListener {
  const perSecond = options.perSecond ?? 10;
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const counts = new Map<string, number>();
  let windowStart = 0;
  let written = 0;
  let suppressed = 0;
  return (fault) => {
    const count = (counts.get(fault.kind) ?? 0) + 1;
    counts.set(fault.kind, count);
    const now = Date.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      written = 0;
    }
    if (written >= perSecond) {
      suppressed++;
      return;
    }
    written++;
    const line: Record<string, unknown> = { level: 'warn', msg: 'client fault', ...fault, count };
    if (suppressed > 0) line.suppressed = suppressed;
    suppressed = 0;
    write(`${JSON.stringify(line)}\n`);
  };
}
