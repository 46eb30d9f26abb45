import type { ServiceModel } from '../model/service-model.js';
import { type EmittedFile, generatedHeader } from './generated-file.js';

/**
 * `generated/contract.ts`: the bundled contract, served at `<service>/openapi.json`. It is kept as one JSON
 * string so that large contracts cost the type checker nothing and no text of it is ever code.
 */
export function emitContract(service: ServiceModel): EmittedFile {
  const json = JSON.stringify(JSON.stringify(service.document));
  const text = [
    generatedHeader(service).trimEnd(),
    '',
    '/** The contract this service was generated from, all `$ref`s to other files bundled in. */',
    `export const contract: Record<string, unknown> = JSON.parse(${json});`,
    '',
  ].join('\n');
  return { path: 'generated/contract.ts', text };
}
