import { isJsonObject } from '../json-object.js';
import { pointerOf, resolvePointer, segmentsOf } from '../json-pointer.js';
import { ContractError } from './problems.js';
import type { SourceFile } from './source-file.js';

type Json = Record<string, unknown>;

/** Swagger 2.0 parameters that OpenAPI 3 moves into the request body. */
const isBodyParameter = (parameter: unknown) =>
  isJsonObject(parameter) && (parameter.in === 'body' || parameter.in === 'formData');

/**
 * A Swagger 2.0 entry file converted to OpenAPI 3.0 by swagger2openapi (the converter Orval and others use), as a
 * source file of its own: its `locate` maps each pointer of the converted document back to where the user wrote it
 * in the 2.0 file (`/components/schemas/Pet` → `/definitions/Pet`, a request body → its `in: body` parameter, …),
 * so every problem found later is still reported at the 2.0 file's line and column.
 */
export async function convertSwagger(entry: SourceFile): Promise<SourceFile> {
  const original = entry.data as Json;
  const { default: swagger2openapi } = await import('swagger2openapi');
  let converted: Json;
  try {
    // `patch` mends the small mistakes the converter knows (as Orval does); references stay as they are.
    const result = await swagger2openapi.convertObj(structuredClone(original) as never, {
      patch: true,
      warnOnly: true,
      resolve: false,
    });
    converted = result.openapi as unknown as Json;
  } catch (error) {
    const position = entry.locate('/swagger');
    throw new ContractError([
      {
        severity: 'error',
        message: `Swagger 2.0 could not be converted to OpenAPI 3.0: ${(error as Error).message}`,
        file: entry.path,
        pointer: '/swagger',
        line: position?.line,
        column: position?.column,
      },
    ]);
  }
  return {
    path: entry.path,
    data: converted,
    locate: (pointer) => entry.locate(swaggerPointer(pointer, original)),
    original: (pointer) => swaggerPointer(pointer, original),
  };
}

/** Where a pointer into the converted document was written in the Swagger 2.0 one (its nearest part that exists). */
export function swaggerPointer(pointer: string, original: Json): string {
  const segments = mapped(segmentsOf(pointer), original);
  while (segments.length > 0 && resolvePointer(original, segments) === undefined) segments.pop();
  return pointerOf(segments);
}

function mapped(segments: string[], original: Json): string[] {
  const [first, second, third, fourth, ...rest] = segments;
  if (first === 'components') {
    const moved: Record<string, string> = {
      schemas: 'definitions',
      securitySchemes: 'securityDefinitions',
      parameters: 'parameters',
      responses: 'responses',
      requestBodies: 'parameters',
    };
    const to = second === undefined ? undefined : moved[second];
    if (to === undefined || third === undefined) return [];
    const tail = [fourth, ...rest].filter((s) => s !== undefined);
    return [to, third, ...(second === 'requestBodies' || second === 'responses' ? contentless(tail) : tail)];
  }
  if (first === 'servers') return ['host'];
  if (first !== 'paths' || second === undefined || third === undefined) return segments;
  const operation = resolvePointer(original, ['paths', second, third]);
  const parameters = isJsonObject(operation) && Array.isArray(operation.parameters) ? operation.parameters : [];
  if (fourth === 'requestBody') {
    const index = parameters.findIndex(isBodyParameter);
    return index === -1
      ? ['paths', second, third]
      : ['paths', second, third, 'parameters', String(index), ...contentless(rest)];
  }
  if (fourth === 'parameters' && rest[0] !== undefined) {
    // The converted list lacks the body parameters: its n-th entry is the 2.0 list's n-th other one.
    const kept = parameters.flatMap((p, i) => (isBodyParameter(p) ? [] : [i]));
    const index = kept[Number(rest[0])];
    const tail = rest.slice(1);
    return [
      'paths',
      second,
      third,
      'parameters',
      String(index ?? rest[0]),
      ...(tail[0] === 'schema' ? tail.slice(1) : tail),
    ];
  }
  if (fourth === 'responses' && rest[0] !== undefined)
    return ['paths', second, third, 'responses', rest[0], ...contentless(rest.slice(1))];
  return segments;
}

/** `content/<media type>/schema/…` → `schema/…`: 2.0 has one schema where 3.0 has one per media type. */
function contentless(segments: string[]): string[] {
  return segments[0] === 'content' && segments[2] === 'schema' ? ['schema', ...segments.slice(3)] : segments;
}
