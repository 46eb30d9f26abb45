import { loadContract } from '../../generator/load/load-contract.js';
import { asyncApiDocument } from '../../generator/model/asyncapi-document.js';
import { openApiDocument } from '../../generator/model/openapi-document.js';
import type { ServiceModel } from '../../generator/model/service-model.js';
import { recordingReporter } from './reporter.js';

/**
 * The model of an inline OpenAPI 3.1 document, for emitter tests; any reported problem fails the test, except the
 * warning that an operation declares no 4xx (emitter tests keep their documents small; operation-object.test.ts
 * tests the warning).
 */
export function openApiService(document: Record<string, unknown>): ServiceModel {
  const report = recordingReporter();
  const model = openApiDocument(
    { version: '3.1', document: { openapi: '3.1.0', ...document }, contractFile: 'contracts/items.yaml' },
    report,
  );
  const problems = report.lines.filter((line) => !line.includes('declares no 4xx or default response'));
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return model;
}

/** The model of an AsyncAPI contract file, through the real loader (the AsyncAPI parser). */
export async function asyncApiService(file: string, contractFile: string): Promise<ServiceModel> {
  const loaded = await loadContract(file);
  if (loaded.kind !== 'asyncapi') throw new Error(`${file} is not an AsyncAPI contract`);
  const report = recordingReporter();
  const model = asyncApiDocument({ document: loaded.document, raw: loaded.raw, contractFile }, report);
  if (report.lines.length > 0) throw new Error(report.lines.join('\n'));
  return model;
}

/** The smallest service with every part an HTTP emitter writes: a path and a query parameter, a body, two responses. */
export const itemsContract = {
  info: { title: 'Items', version: '1.0.0' },
  paths: {
    '/items/{id}': {
      put: {
        operationId: 'putItem',
        tags: ['items'],
        summary: 'Replace an item',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
          { name: 'dryRun', in: 'query', schema: { type: 'boolean' } },
        ],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
        },
        responses: {
          '200': {
            description: 'Stored.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
          },
          '404': { description: 'No such item.' },
        },
      },
    },
  },
  components: {
    schemas: {
      Item: { type: 'object', description: 'One item.', required: ['name'], properties: { name: { type: 'string' } } },
    },
  },
};
