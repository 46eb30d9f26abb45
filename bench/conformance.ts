/**
 * Before anything is measured, every server must answer the scenarios the same way: the same status and the same
 * body for the GET and the validated POST — the same bytes, or, where a serializer orders keys by its schema
 * (fastify's), the same keys and values in as many bytes; and, for the servers that validate and check the API key, a 401
 * without the key and a 400 for a body the contract refuses. A server that answered less would be measured doing less.
 */

export const POST_BODY = JSON.stringify({ name: 'Rex', tag: 'x'.repeat(900), status: 'available' });
export const API_KEY_HEADER = { 'x-api-key': 'bench-key' };

interface Answer {
  status: number;
  body: string;
}

async function send(port: number, method: string, path: string, body?: string, headers = {}): Promise<Answer> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    body,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
  });
  return { status: response.status, body: await response.text() };
}

/** Throws, naming the server and the difference, unless it answers like the reference. */
export async function checkConformance(
  servers: ReadonlyArray<{ name: string; port: number; validates: boolean }>,
): Promise<void> {
  const expected = {
    get: { status: 200, body: JSON.stringify({ id: 7, name: 'Rex', tag: 'dog', status: 'available' }) },
    post: { status: 201, body: JSON.stringify({ ...JSON.parse(POST_BODY), id: 2 }) },
  };
  for (const { name, port, validates } of servers) {
    const answers = {
      get: await send(port, 'GET', '/petstore/pets/7'),
      post: await send(port, 'POST', '/petstore/pets', POST_BODY, API_KEY_HEADER),
    };
    for (const key of ['get', 'post'] as const) {
      const [got, want] = [answers[key], expected[key]];
      if (got.status !== want.status || !sameJson(got.body, want.body))
        throw new Error(
          `${name} answers ${key.toUpperCase()} with ${got.status} ${got.body.slice(0, 200)}, not ${want.status} ${want.body.slice(0, 200)}`,
        );
    }
    if (!validates) continue;
    const refused = {
      'a POST without the API key': [await send(port, 'POST', '/petstore/pets', POST_BODY), 401],
      'a POST whose name is too long': [
        await send(port, 'POST', '/petstore/pets', JSON.stringify({ name: 'x'.repeat(101) }), API_KEY_HEADER),
        400,
      ],
      'a GET with an id that is not an integer': [await send(port, 'GET', '/petstore/pets/abc'), 400],
    } as const;
    for (const [what, [got, status]] of Object.entries(refused))
      if (got.status !== status) throw new Error(`${name} answers ${what} with ${got.status}, not ${status}`);
  }
}

/** The same bytes, or the same JSON value written in as many bytes in another key order. */
function sameJson(got: string, want: string): boolean {
  if (got === want) return true;
  if (got.length !== want.length) return false;
  try {
    return canonical(JSON.parse(got)) === canonical(JSON.parse(want));
  } catch {
    return false;
  }
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}
