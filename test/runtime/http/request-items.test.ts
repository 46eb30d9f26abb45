import { expect } from 'chai';
import type { MediaSpec, Validator } from 'limis/runtime';
import { jsonLinesBody } from '../../../runtime/http/request-items.js';

const encoder = new TextEncoder();
async function* chunks(...parts: string[]) {
  for (const part of parts) yield encoder.encode(part);
}
async function all(items: AsyncIterable<unknown>): Promise<unknown[]> {
  const got: unknown[] = [];
  for await (const item of items) got.push(item);
  return got;
}
const media: MediaSpec = { mediaType: 'application/jsonl', kind: 'json', stream: 'jsonl' };

describe('jsonLinesBody (runtime/http/request-items)', () => {
  it('yields one value per line, lines split anywhere between chunks, blank lines and CRLF allowed', async () => {
    expect(await all(jsonLinesBody(chunks('{"a":', '1}\r\n\n[2', ']\n"x"'), media, 100))).to.deep.equal([
      { a: 1 },
      [2],
      'x',
    ]);
  });

  it('refuses the first line its item schema refuses, pointing at it by item index', async () => {
    const validate: Validator = Object.assign((v: unknown) => typeof v === 'number', {
      errors: [{ instancePath: '', keyword: 'type', message: 'must be number', params: {} }],
    });
    const failure = await all(jsonLinesBody(chunks('1\n\n2\n"three"\n4\n'), { ...media, validate }, 100)).catch(
      (e: unknown) => e,
    );
    expect(failure).to.deep.include({ code: 'LIMIS_ERR_VALIDATION' });
    expect((failure as { errors: unknown }).errors).to.deep.equal([{ pointer: '/body/2', message: 'must be number' }]);
  });

  it('refuses a line past the limit before reading it whole, bad UTF-8, and a __proto__ key', async () => {
    const long = await all(jsonLinesBody(chunks('"', 'x'.repeat(60), 'x'.repeat(60)), media, 100)).catch(
      (e: unknown) => e,
    );
    expect(long).to.deep.include({ code: 'LIMIS_ERR_BODY_TOO_LARGE' });
    async function* badUtf8() {
      yield new Uint8Array([0x22, 0xff, 0x22, 0x0a]);
    }
    expect(await all(jsonLinesBody(badUtf8(), media, 100)).catch((e: unknown) => e)).to.deep.include({
      code: 'LIMIS_ERR_INVALID_JSON',
    });
    expect(
      await all(jsonLinesBody(chunks('{"__proto__":{"x":1}}\n'), media, 100)).catch((e: unknown) => e),
    ).to.deep.include({
      code: 'LIMIS_ERR_PROTOTYPE_KEY',
    });
  });

  it('reads no further than the action asks', async () => {
    let pulled = 0;
    async function* counted() {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield encoder.encode(`${i}\n`);
      }
    }
    for await (const _ of jsonLinesBody(counted(), media, 100)) break;
    expect(pulled).to.equal(1);
  });
});
