import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { ERROR_CODES, LimisError, toProblem } from 'limis/runtime';
import { repoRoot } from '../helpers/workspace.js';

describe('ERROR_CODES', () => {
  it('is documented code by code, with the same status, in docs/errors.md', async () => {
    const doc = await readFile(join(repoRoot, 'docs/errors.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| `(LIMIS_ERR_\w+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]);
    expect(documented).to.deep.equal(Object.entries(ERROR_CODES).map(([code, { status }]) => [code, status]));
  });
});

describe('toProblem', () => {
  it('keeps the message of an exposed error and lists its issues', () => {
    const error = new LimisError('LIMIS_ERR_VALIDATION', 'bad', {
      errors: [{ pointer: '/body', message: 'must be object' }],
    });
    expect(toProblem(error)).to.deep.equal({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'bad',
      code: 'LIMIS_ERR_VALIDATION',
      errors: [{ pointer: '/body', message: 'must be object' }],
    });
  });

  it('hides the message of anything else behind a fixed 500', () => {
    expect(toProblem(new Error('password=hunter2'))).to.deep.equal({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'The server could not complete the request.',
      code: 'LIMIS_ERR_INTERNAL',
    });
  });
});
