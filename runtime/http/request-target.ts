/**
 * The path and query of a request-target (RFC 9112 §3.2): origin form (`/a/b?q`) as sent, absolute form
 * (`http://host/a/b?q`) through the URL parser. Anything else (authority or asterisk form, a URL that does not
 * parse) gives undefined, for the caller to refuse with 400 rather than let a parser throw.
 */
export function splitRequestTarget(target: string | undefined): { path: string; search: string } | undefined {
  if (target === undefined || target.length === 0) return undefined;
  if (target.startsWith('/')) {
    const queryAt = target.indexOf('?');
    return queryAt === -1
      ? { path: target, search: '' }
      : { path: target.slice(0, queryAt), search: target.slice(queryAt + 1) };
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target) || !URL.canParse(target)) return undefined;
  const url = new URL(target);
  return { path: url.pathname, search: url.search.slice(1) };
}
