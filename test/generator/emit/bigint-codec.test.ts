import { expect } from 'chai';
import { bigintCodecField, namedShapesInitializer, usesBigintCodec } from '../../../generator/emit/bigint-codec.js';
import { bigintShapes } from '../../../generator/model/bigint.js';
import type { ActionModel, MediaModel, ServiceModel } from '../../../generator/model/service-model.js';

const json = (schema: MediaModel['schema']): MediaModel =>
  ({ mediaType: 'application/json', kind: 'json', schema }) as MediaModel;

function service(bodySchema: MediaModel['schema'], marked: boolean): ServiceModel {
  const schemas = [{ name: 'Id', typeName: 'Id', schema: { type: 'integer', 'x-limis-bigint': true } }];
  const action = {
    requestBody: { required: true, contents: [json(bodySchema)] },
    responses: [],
  } as unknown as ActionModel;
  return {
    schemas,
    components: [{ actions: [action] }],
    ...(marked && { bigints: bigintShapes(schemas) }),
  } as unknown as ServiceModel;
}

describe('bigint codecs in generated files (generator/emit/bigint-codec)', () => {
  it('gives a JSON body that holds a bigint the codec, with the named shapes when it refers to them', () => {
    const marked = service({ type: 'object', properties: { id: { $ref: '#/components/schemas/Id' } } }, true);
    const body = marked.components[0]!.actions[0]!.requestBody!.contents[0]!;
    expect(bigintCodecField(body, marked)).to.equal(
      ', json: bigintJson({ properties: { id: { ref: "Id" } } }, bigintShapes)',
    );
    expect(usesBigintCodec(marked)).to.equal(true);
    expect(namedShapesInitializer(marked)).to.equal('{ Id: true }');
  });

  it('leaves every other body to JSON.parse and JSON.stringify', () => {
    const plain = service({ type: 'object', properties: { n: { type: 'integer' } } }, true);
    const body = plain.components[0]!.actions[0]!.requestBody!.contents[0]!;
    expect(bigintCodecField(body, plain)).to.equal('');
    expect(bigintCodecField({ ...body, kind: 'text' }, plain)).to.equal('');
    expect(usesBigintCodec(plain)).to.equal(false);
    expect(namedShapesInitializer(plain)).to.equal(undefined);
    expect(usesBigintCodec(service({ $ref: '#/components/schemas/Id' }, false))).to.equal(false);
  });
});
