import { createRuntime, type Service } from 'limis/runtime';
import type { PetsComponent } from '../../services/petstore/generated/component.js';
import { createPetstoreService } from '../../services/petstore/generated/routes.js';
import { BENCH_API_KEY, pet, printPort, type Stop } from './shared.js';

const pets: PetsComponent = {
  listPets: async () => ({ status: 200, body: [pet] }),
  createPet: async ({ body }) => ({ status: 201, body: { ...body, id: 2 } }),
  getPet: async ({ params }) => ({ status: 200, body: { ...pet, id: params.petId } }),
  updatePet: async ({ params, body }) => ({ status: 200, body: { ...body, id: params.petId } }),
  deletePet: async () => ({ status: 204 }),
};

/**
 * The generated petstore with the benchmark's component. The load sends an API key with each POST; the check is a
 * string comparison, so authorization costs next to nothing.
 */
export function benchPetstore(): Service {
  const security = {
    petstoreAuth: () => undefined,
    apiKey: (key: string) => (key === BENCH_API_KEY ? { sub: 'bench' } : undefined),
  };
  return createPetstoreService({ pets }, { security });
}

/**
 * The generated petstore on limis: `limis-koa`, `limis-node`, and the telemetry variants of bench/telemetry.ts
 * (`limis-node-bare`: no tracing, no metrics; `-metrics`: metrics only; `-sdk`: an SDK recording every span).
 */
export async function start(name: string): Promise<Stop> {
  const adapter = name.startsWith('limis-node') ? 'node' : 'koa';
  const telemetry =
    name === 'limis-node-bare'
      ? { tracing: false, metrics: false }
      : name === 'limis-node-metrics'
        ? { tracing: false }
        : {};
  if (name === 'limis-node-sdk') await recordEverySpan();
  // Production mode: responses are not re-validated, requests always are.
  // No response cache: every request must reach the action, as on the other servers.
  const runtime = createRuntime({
    services: [benchPetstore()],
    adapter,
    cache: false,
    validateResponses: false,
    http: { port: 0, host: '127.0.0.1' },
    ...telemetry,
  });
  await runtime.start();
  printPort(Number(new URL(runtime.httpUrl).port));
  return () => runtime.stop();
}

/** An OpenTelemetry SDK that records and exports every span, in batches, to an exporter that drops them. */
async function recordEverySpan(): Promise<void> {
  const { BatchSpanProcessor, NodeTracerProvider } = await import('@opentelemetry/sdk-trace-node');
  const discard = {
    export: (_spans: unknown[], done: (result: { code: 0 }) => void) => done({ code: 0 }),
    shutdown: async () => undefined,
  };
  new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(discard)] }).register();
}
