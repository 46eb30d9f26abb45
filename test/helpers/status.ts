import { expect } from 'chai';

/** Asserts a generated client's result has the status, and narrows it to that status's member. */
export function expectStatus<Result extends { status: number }, Status extends Result['status']>(
  result: Result,
  status: Status,
): asserts result is Extract<Result, { status: Status }> {
  expect(result.status, JSON.stringify(result)).to.equal(status);
}
