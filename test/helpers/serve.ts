import { createRuntime, type Runtime, type RuntimeOptions, type RuntimeRequest } from 'limis/runtime';

export interface Served {
  runtime: Runtime;
  url: string;
  /** Errors the runtime reported as 5xx, in order. */
  errors: unknown[];
}

/** Starts a runtime on an ephemeral loopback port; errors are collected instead of logged. */
export async function serve(options: Omit<RuntimeOptions, 'http'>): Promise<Served> {
  const errors: unknown[] = [];
  const runtime = createRuntime({
    onError: (error: unknown, _request: RuntimeRequest) => errors.push(error),
    ...options,
    http: { port: 0, host: '127.0.0.1' },
  });
  await runtime.start();
  return { runtime, url: runtime.httpUrl, errors };
}
