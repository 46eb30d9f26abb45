import type { MediaModel, ServiceModel } from '../model/service-model.js';
import { jsonLiteral } from './schema-type.js';

/** The file-level constant the codecs of one generated file share: the named schemas' bigint shapes. */
export const NAMED_SHAPES = 'bigintShapes';

/**
 * `, json: bigintJson(…)` for a JSON body whose schema holds `x-limis-bigint` integers (read and written exactly,
 * typed `bigint`), else nothing: every other body keeps JSON.parse and JSON.stringify.
 */
export function bigintCodecField(media: MediaModel, service: ServiceModel): string {
  const shape = media.kind === 'json' ? service.bigints?.of(media.schema) : undefined;
  if (shape === undefined) return '';
  const named = service.bigints!.named.size > 0 ? `, ${NAMED_SHAPES}` : '';
  return `, json: bigintJson(${jsonLiteral(shape)}${named})`;
}

/** Whether some body of the service is read or written by a bigint codec. */
export function usesBigintCodec(service: ServiceModel): boolean {
  if (!service.bigints) return false;
  return service.components
    .flatMap((c) => c.actions)
    .some((action) =>
      [...(action.requestBody?.contents ?? []), ...action.responses.flatMap((r) => r.contents)].some(
        (media) => bigintCodecField(media, service) !== '',
      ),
    );
}

/** `const bigintShapes: Record<string, BigintShape> = {…}`, for a file that uses a codec and has named shapes. */
export function namedShapesInitializer(service: ServiceModel): string | undefined {
  const named = service.bigints?.named;
  if (!named || named.size === 0 || !usesBigintCodec(service)) return undefined;
  return jsonLiteral(Object.fromEntries(named));
}
