import type { Handler, Validator } from 'limis/runtime';

const accept: Validator = Object.assign(() => true, { errors: null });

/** A hand-written handler, shaped as generated ones are, so a test pins the runtime and not the generator. */
export function testHandler(overrides: Partial<Handler> & Pick<Handler, 'method' | 'path' | 'invoke'>): Handler {
  return {
    operationId: `${overrides.method.toLowerCase()}${overrides.path}`,
    component: 'test',
    parse: () => ({}),
    validate: accept,
    responses: { '200': [{ mediaType: 'application/json', kind: 'json' }], '204': [] },
    ...overrides,
  };
}
