import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import fc from 'fast-check';
import { declaredResponse, ERROR_CODES, type Handler, type Service } from 'limis/runtime';
import { createRoomsComponent } from '../../services/chat/components/rooms.js';
import { createChatService } from '../../services/chat/generated/routes.js';
import chatEvents from '../../services/chat-events/index.js';
import hello from '../../services/hello/index.js';
import helloWs from '../../services/hello-ws/index.js';
import { adminHeaders, petstoreService } from '../helpers/petstore.js';
import { type Schema, SchemaArbitraries } from '../helpers/schema-arbitrary.js';
import { type Served, serve } from '../helpers/serve.js';
import { RawClient } from '../helpers/ws.js';

/**
 * A contract-driven fuzz test: requests generated from each example contract with fast-check — valid ones from the
 * schemas, invalid ones broken one keyword at a time, in the wrong media type, coding or size — sent over real sockets
 * to both adapters, every answer checked against the contract with the generated response validators. Seeded
 * (`FUZZ_SEED`, printed on failure by fast-check) and bounded in runs and time.
 */
const seed = Number(process.env.FUZZ_SEED ?? 20261201);
const runs = Number(process.env.FUZZ_RUNS ?? 100);

interface Operation {
  handler: Handler;
  service: Service;
  path: string;
  method: string;
  parameters: Array<{
    name: string;
    in: string;
    schema: Schema;
    required?: boolean;
    style?: string;
    explode?: boolean;
  }>;
  body?: { schema: Schema; mediaType: string; limit?: number };
}

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** The contract's operations, paired with the generated handler serving each. */
function operationsOf(service: Service): Operation[] {
  const document = service.contract as { paths: Record<string, Record<string, Record<string, unknown>>> };
  const arbitraries = new SchemaArbitraries(document);
  const result: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const handler = service.handlers.find((h) => h.operationId === operation.operationId)!;
      const parameters = [
        ...((item.parameters as unknown as Schema[]) ?? []),
        ...((operation.parameters as Schema[]) ?? []),
      ].map((p) => arbitraries.resolve(p) as Operation['parameters'][number]);
      const content = (operation.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content;
      const [mediaType, media] = Object.entries(content ?? {})[0] ?? [];
      const body =
        mediaType && media
          ? { schema: media.schema, mediaType, limit: operation['x-limis-body-limit'] as number | undefined }
          : undefined;
      result.push({ handler, service, path, method: method.toUpperCase(), parameters, body });
    }
  }
  return result;
}

function requestOf(
  base: string,
  op: Operation,
  params: Record<string, unknown>,
  query: Record<string, unknown>,
  headers: Record<string, string>,
  body?: string | Uint8Array,
): Sent {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
  const search = new URLSearchParams();
  for (const parameter of op.parameters.filter((p) => p.in === 'query')) {
    const value = query[parameter.name];
    if (value === undefined) continue;
    if (Array.isArray(value) && parameter.explode !== false)
      for (const item of value) search.append(parameter.name, String(item));
    else search.append(parameter.name, Array.isArray(value) ? value.join(',') : String(value));
  }
  const qs = search.toString();
  return { method: op.method, url: `${base}/${op.service.path}${path}${qs ? `?${qs}` : ''}`, headers, body };
}

/** Parameter values as they would be written in a URL, and texts that are not a value of the schema. */
function parameterArbitraries(arbitraries: SchemaArbitraries, op: Operation, kind: 'valid' | 'invalid') {
  const record = (location: string) => {
    const entries = op.parameters.filter((p) => p.in === location);
    // A path segment of `.` or `..` is a dot segment to every URL parser, fetch's included: it never reaches the server.
    const value = (p: Operation['parameters'][number]) =>
      kind === 'valid'
        ? arbitraries.valid(p.schema).filter((v) => p.in !== 'path' || (v !== '.' && v !== '..'))
        : invalidText(p.schema);
    const shape = Object.fromEntries(entries.map((p) => [p.name, value(p)]));
    const required = entries.filter((p) => p.required || p.in === 'path').map((p) => p.name);
    return fc.record(shape, { requiredKeys: kind === 'valid' ? required : entries.map((p) => p.name) });
  };
  return { params: record('path'), query: record('query') };
}

function invalidText(schema: Schema): fc.Arbitrary<string> {
  if (schema.type === 'integer') {
    const options: fc.Arbitrary<string>[] = [fc.constantFrom('abc', '1.5', '1e3', '0x10', 'null', '[1]')];
    if (typeof schema.minimum === 'number')
      options.push(fc.integer({ min: -1000, max: (schema.minimum as number) - 1 }).map(String));
    if (typeof schema.maximum === 'number')
      options.push(fc.integer({ min: (schema.maximum as number) + 1, max: 100_000 }).map(String));
    return fc.oneof(...options);
  }
  if (schema.type === 'string' && typeof schema.minLength === 'number') return fc.constant('');
  return fc.constant('%zz');
}

type Answer = { status: number; contentType: string; text: string };

async function send(request: Sent): Promise<Answer> {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body as BodyInit | undefined,
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

/** Nothing the contract does not give: a declared status whose body matches its schema. */
function checkValid(op: Operation, request: Sent, answer: Answer): void {
  const where = `${request.method} ${request.url} → ${answer.status} ${answer.text.slice(0, 200)}`;
  const declared = declaredResponse(op.handler.responses, answer.status);
  expect(declared, `undeclared status: ${where}`).not.to.equal(undefined);
  checkBody(declared!, answer, where);
}

/** A refusal limis documents: a 4xx problem+json whose code is in its registry with that status. */
function checkInvalid(op: Operation, request: Sent, answer: Answer): void {
  const where = `${request.method} ${request.url} → ${answer.status} ${answer.text.slice(0, 200)}`;
  expect(answer.status, where).to.be.within(400, 499);
  const declared = declaredResponse(op.handler.responses, answer.status);
  if (declared && !answer.contentType.startsWith('application/problem+json')) {
    checkBody(declared, answer, where);
    return;
  }
  expect(answer.contentType, where).to.match(/^application\/problem\+json/);
  const problem = JSON.parse(answer.text) as { code: keyof typeof ERROR_CODES; status: number };
  expect(ERROR_CODES[problem.code]?.status, where).to.equal(answer.status);
}

function checkBody(declared: Handler['responses'][string], answer: Answer, where: string): void {
  if (declared.length === 0 || answer.text === '') return;
  const media = declared[0]!;
  const value = media.kind === 'json' ? JSON.parse(answer.text) : answer.text;
  if (media.validate) expect(media.validate(value), `body breaks its schema: ${where}`).to.equal(true);
}

for (const adapter of ['koa', 'node'] as const)
  describe(`contract-driven fuzzing on the ${adapter} adapter (fast-check, seed ${seed})`, () => {
    let served: Served;
    let auth: Record<string, string>;
    const petstore = petstoreService();
    const chat = createChatService({ rooms: createRoomsComponent(chatEvents.push) });
    const services = [hello, petstore, chat];
    before(async () => {
      served = await serve({
        services: [...services, helloWs, chatEvents],
        adapter,
        ws: { port: 'http', messageRate: false },
      });
      auth = await adminHeaders();
    });
    after(() => served.runtime.stop());

    for (const service of services) {
      for (const op of operationsOf(service)) {
        const arbitraries = new SchemaArbitraries(service.contract as Record<string, unknown>);

        it(`${service.name} ${op.method} ${op.path}: valid requests get what the contract declares`, async function () {
          this.timeout(20_000);
          const { params, query } = parameterArbitraries(arbitraries, op, 'valid');
          const body = op.body ? arbitraries.valid(op.body.schema) : fc.constant(undefined);
          await fc.assert(
            fc.asyncProperty(params, query, body, async (p, q, b) => {
              const headers: Record<string, string> = {
                ...auth,
                ...(op.body ? { 'content-type': op.body.mediaType } : {}),
              };
              const request = requestOf(served.url, op, p, q, headers, b === undefined ? undefined : JSON.stringify(b));
              checkValid(op, request, await send(request));
            }),
            { seed, numRuns: runs, interruptAfterTimeLimit: 8000 },
          );
        });

        const breakable = op.parameters.length > 0 || op.body;
        if (!breakable) continue;
        it(`${service.name} ${op.method} ${op.path}: invalid requests get a documented 4xx problem`, async function () {
          this.timeout(20_000);
          const valid = parameterArbitraries(arbitraries, op, 'valid');
          const invalid = parameterArbitraries(arbitraries, op, 'invalid');
          const broken = fc.oneof(
            ...(op.parameters.some((p) => p.in === 'path')
              ? [fc.record({ where: fc.constant('params' as const), params: invalid.params, query: valid.query })]
              : []),
            ...(op.parameters.some((p) => p.in === 'query')
              ? [fc.record({ where: fc.constant('query' as const), params: valid.params, query: invalid.query })]
              : []),
            ...(op.body
              ? [
                  fc.record({
                    where: fc.constant('body' as const),
                    params: valid.params,
                    query: valid.query,
                    body: arbitraries.invalid(op.body.schema),
                  }),
                  fc.record({
                    where: fc.constantFrom(
                      'media type' as const,
                      'coding' as const,
                      'fake gzip' as const,
                      'oversize' as const,
                      'malformed' as const,
                    ),
                    params: valid.params,
                    query: valid.query,
                  }),
                ]
              : []),
          );
          await fc.assert(
            fc.asyncProperty(broken, async (c) => {
              const headers: Record<string, string> = {
                ...auth,
                ...(op.body ? { 'content-type': op.body.mediaType } : {}),
              };
              const validBody = op.body
                ? JSON.stringify(fc.sample(arbitraries.valid(op.body.schema), { numRuns: 1, seed })[0])
                : undefined;
              let body: string | Uint8Array | undefined = validBody;
              if (c.where === 'body') body = JSON.stringify((c as { body: unknown }).body);
              if (c.where === 'media type') headers['content-type'] = 'text/plain';
              if (c.where === 'coding') headers['content-encoding'] = 'br';
              if (c.where === 'fake gzip') headers['content-encoding'] = 'gzip';
              if (c.where === 'malformed') body = `${validBody}}`;
              if (c.where === 'oversize') {
                headers['content-encoding'] = 'gzip';
                body = gzipSync(Buffer.from(`{"name":"${'x'.repeat(op.body?.limit ?? 2 * 1024 * 1024)}"}`));
              }
              const request = requestOf(served.url, op, c.params, c.query, headers, body);
              checkInvalid(op, request, await send(request));
            }),
            { seed, numRuns: runs, interruptAfterTimeLimit: 8000 },
          );
        });
      }
    }

    it('WebSocket chat-events rooms: valid messages are served silently, invalid ones get a 4xx-class error frame', async function () {
      this.timeout(20_000);
      const contract = chatEvents.contract as Record<string, unknown>;
      const arbitraries = new SchemaArbitraries(contract);
      const typing = { $ref: '#/components/schemas/Typing' };
      const client = await RawClient.open(`${served.url.replace('http', 'ws')}/chat/rooms/fuzz`);
      const sentinel = '{"message":"sentinel","payload":{}}';
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.boolean(),
            arbitraries.valid(typing),
            arbitraries.invalid(typing),
            async (good, valid, invalid) => {
              client.send(JSON.stringify({ message: 'typing', payload: good ? valid : invalid }));
              // A sentinel the channel refuses marks where the answer to this message ends.
              client.send(sentinel);
              const first = JSON.parse((await client.next())[0]!) as { error?: { code: keyof typeof ERROR_CODES } };
              if (good) {
                expect(first.error?.code, `valid ${JSON.stringify(valid)}`).to.equal('LIMIS_ERR_UNKNOWN_MESSAGE');
              } else {
                expect(ERROR_CODES[first.error!.code].status, `invalid ${JSON.stringify(invalid)}`).to.be.within(
                  400,
                  499,
                );
                expect(JSON.parse((await client.next())[0]!).error.code).to.equal('LIMIS_ERR_UNKNOWN_MESSAGE');
              }
            },
          ),
          { seed, numRuns: runs, interruptAfterTimeLimit: 8000 },
        );
      } finally {
        await client.close();
      }
    });

    it('WebSocket hello: any text message gets hello', async function () {
      this.timeout(20_000);
      const client = await RawClient.open(`${served.url.replace('http', 'ws')}/hello/hello/`);
      try {
        await fc.assert(
          fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), async (text) => {
            client.send(text);
            expect(await client.next()).to.deep.equal(['hello']);
          }),
          { seed, numRuns: runs, interruptAfterTimeLimit: 8000 },
        );
      } finally {
        await client.close();
      }
      expect(served.errors).to.deep.equal([]);
    });
  });
