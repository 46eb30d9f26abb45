import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const here = dirname(fileURLToPath(import.meta.url));

/** Lines 1–2 name the contract file; everything after them comes from the API alone. */
async function withoutHeader(version: string): Promise<string> {
  const text = await readFile(join(here, `chat-${version}/expected/chat/generated/component.ts`), 'utf8');
  return text.split('\n').slice(2).join('\n');
}

describe('AsyncAPI 2.6 and 3.0', () => {
  it('the same API in either version generates the same component interface', async () => {
    const v26 = await withoutHeader('2.6');
    expect(v26).to.include('say(input: SayInput, context: MessageContext): Promise<void>;');
    expect(v26).to.equal(await withoutHeader('3.0'));
  });
});
