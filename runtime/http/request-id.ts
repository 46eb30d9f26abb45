const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The caller's (or a gateway's) `X-Request-Id`, when it is sane enough to log, echo and put on a span. */
export function givenRequestId(headers: Record<string, string | string[] | undefined>): string | undefined {
  const given = headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : undefined;
}
