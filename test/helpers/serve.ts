import { type ClientFault, createRuntime, type Runtime, type RuntimeOptions, type RuntimeRequest } from 'limis/runtime';

export interface Served {
  runtime: Runtime;
  url: string;
  /** Errors the runtime reported as 5xx, in order. */
  errors: unknown[];
  /** Client mistakes the runtime reported instead of logging them. */
  faults: ClientFault[];
}

/** Starts a runtime on an ephemeral loopback port; errors and client faults are collected instead of logged. */
export async function serve(
  options: Omit<RuntimeOptions, 'http'> & { http?: Omit<NonNullable<RuntimeOptions['http']>, 'port' | 'host'> },
): Promise<Served> {
  const errors: unknown[] = [];
  const faults: ClientFault[] = [];
  const runtime = createRuntime({
    onError: (error: unknown, _request: RuntimeRequest) => errors.push(error),
    onClientFault: (fault) => faults.push(fault),
    ...options,
    http: { ...options.http, port: 0, host: '127.0.0.1' },
  });
  await runtime.start();
  return { runtime, url: runtime.httpUrl, errors, faults };
}
