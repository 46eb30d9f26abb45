import { expect } from 'chai';
import type { LimisError } from 'limis/runtime';
import { checkRequest, methodNotAllowed } from '../../../runtime/http/request-checks.js';

function refusal(path: string, headers: Record<string, string>): string | undefined {
  try {
    checkRequest(path, headers);
    return undefined;
  } catch (error) {
    return `${(error as LimisError).code}: ${(error as LimisError).message}`;
  }
}

describe('checkRequest', () => {
  const cases: Array<[string, Record<string, string>, string | undefined]> = [
    ['/pets/1', {}, undefined],
    ['/pets/1', { 'transfer-encoding': 'chunked' }, undefined],
    ['/pets/1', { 'transfer-encoding': ' Chunked ' }, undefined],
    ['/pets/', {}, undefined],
    [
      '/pets/1',
      { 'transfer-encoding': 'gzip, chunked' },
      'LIMIS_ERR_BAD_REQUEST: Transfer-Encoding gzip, chunked is not accepted; send the body chunked or with a Content-Length',
    ],
    [
      '/pets/1',
      { 'transfer-encoding': 'identity' },
      'LIMIS_ERR_BAD_REQUEST: Transfer-Encoding identity is not accepted; send the body chunked or with a Content-Length',
    ],
    ['/pets//1', {}, 'LIMIS_ERR_NOT_FOUND: nothing is served at /pets//1: it has an empty segment'],
    ['//pets', {}, 'LIMIS_ERR_NOT_FOUND: nothing is served at //pets: it has an empty segment'],
  ];
  for (const [path, headers, want] of cases) {
    it(`${path} ${JSON.stringify(headers)} → ${want ?? 'accepted'}`, () =>
      expect(refusal(path, headers)).to.equal(want));
  }
});

describe('methodNotAllowed', () => {
  it('is a 405 whose Allow header lists the methods, or is empty when there are none', () => {
    const error = methodNotAllowed('TRACE', '/pets', ['GET', 'HEAD']);
    expect([error.status, error.message, error.headers]).to.deep.equal([
      405,
      'TRACE is not allowed on /pets; allowed: GET, HEAD',
      { allow: 'GET, HEAD' },
    ]);
    expect(methodNotAllowed('CONNECT', 'example.com:443', []).headers).to.deep.equal({ allow: '' });
  });
});
