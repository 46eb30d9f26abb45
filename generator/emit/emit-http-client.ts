import { type Project, VariableDeclarationKind } from 'ts-morph';
import { streamsResponses } from '../model/media-type-object.js';
import type { ActionModel, JsonSchema, MediaModel, ServiceModel } from '../model/service-model.js';
import { hasRequiredInput } from './action-types.js';
import { bigintCodecField, NAMED_SHAPES, namedShapesInitializer, usesBigintCodec } from './bigint-codec.js';
import { createGeneratedFile, type EmittedFile, printFile } from './generated-file.js';
import {
  BIGINT_CLIENT_ENTRY,
  CLIENT_ENTRY,
  clientClassName,
  clientMethodName,
  inputTypeName,
  requestTypeName,
  resultTypeName,
  STREAM_CLIENT_ENTRY,
} from './names.js';
import { appliesDefaults, headerCoercer } from './parameter-coercion.js';
import { resolvedSchema } from './resolved-schema.js';
import { objectKey } from './schema-type.js';
import { docs } from './tsdoc.js';

/** `generated/client.ts`: a typed client on fetch, one method per operation, returning the action's Result union. */
export function emitHttpClient(service: ServiceModel, project: Project): EmittedFile {
  const file = createGeneratedFile(project, 'generated/client.ts');
  const actions = service.components.flatMap((c) => c.actions);
  const needsInput = actions.some(takesInput);
  const runtimeImports = [
    'HttpClient',
    'CallOptions',
    ...(needsInput ? ['ClientInput'] : []),
    'ClientOperation',
    'ClientOptions',
    ...(actions.some(streams) ? ['StreamCall'] : []),
  ];
  file.addImportDeclaration({
    moduleSpecifier: CLIENT_ENTRY,
    namedImports: runtimeImports.map((name) => ({ name, isTypeOnly: name !== 'HttpClient' })),
  });
  const namedShapes = namedShapesInitializer(service);
  const readers = new Set(
    actions.flatMap((a) => a.responses.flatMap((r) => r.contents.flatMap((m) => m.stream ?? []))),
  );
  if (readers.size > 0)
    file.addImportDeclaration({
      moduleSpecifier: STREAM_CLIENT_ENTRY,
      namedImports: [
        ...(readers.has('jsonl') ? ['jsonLinesStream'] : []),
        ...(readers.has('sse') ? ['sseStream'] : []),
      ],
    });
  if (usesBigintCodec(service))
    file.addImportDeclaration({
      moduleSpecifier: BIGINT_CLIENT_ENTRY,
      namedImports: [{ name: 'bigintJson' }, ...(namedShapes ? [{ name: 'BigintShape', isTypeOnly: true }] : [])],
    });
  if (actions.length > 0) {
    file.addImportDeclaration({
      isTypeOnly: true,
      moduleSpecifier: './component.js',
      namedImports: actions.flatMap((a) =>
        takesInput(a) ? [callerInputName(a, service), resultTypeName(a)] : [resultTypeName(a)],
      ),
    });
  }
  if (namedShapes)
    file.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: NAMED_SHAPES, type: 'Record<string, BigintShape>', initializer: namedShapes }],
    });
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    declarations: [
      {
        name: 'operations',
        initializer: `{\n${actions.map((a) => `${objectKey(clientMethodName(a))}: ${operationLiteral(a, service)}`).join(',\n')}\n} satisfies Record<string, ClientOperation>`,
      },
    ],
  });
  file.addClass({
    name: clientClassName(service),
    isExported: true,
    docs: docs(
      `Calls ${service.title} over HTTP: at \`baseUrl\`, where the service is mounted (e.g. \`http://localhost:8080/${service.path}\`), or at the instances a \`discovery\` source lists.`,
    ),
    // An ES private field: no operation, whatever it is called, can be a method of the same name.
    properties: [{ name: '#http', isReadonly: true, type: 'HttpClient' }],
    ctors: [
      {
        parameters: [{ name: 'options', type: 'ClientOptions' }],
        statements: `this.#http = new HttpClient(options, ${JSON.stringify(service.name)});`,
      },
    ],
    methods: actions.map((action) => {
      const input = `ClientInput<${callerInputName(action, service)}>`;
      // A streamed operation's call is also iterable: `for await (const event of client.watchPets())`.
      const returned = streams(action) ? 'StreamCall' : 'Promise';
      return {
        name: clientMethodName(action),
        docs: docs(
          action.summary,
          action.description,
          `\`${action.method.toUpperCase()} ${action.path}\``,
          action.deprecated && '@deprecated',
        ),
        parameters: [
          ...(takesInput(action)
            ? [{ name: 'input', type: input, initializer: hasRequiredInput(action) ? undefined : '{}' }]
            : []),
          { name: 'options', type: 'CallOptions', hasQuestionToken: true },
        ],
        returnType: `${returned}<${resultTypeName(action)}>`,
        statements: `return this.#http.${streams(action) ? 'stream' : 'call'}(operations.${clientMethodName(action)}, ${takesInput(action) ? 'input' : '{}'}, options) as ${returned}<${resultTypeName(action)}>;`,
      };
    }),
  });
  return printFile(file, service);
}

/** The type a caller's input is drawn from: the Request type where defaults make it differ from the Input. */
function callerInputName(action: ActionModel, service: ServiceModel): string {
  return appliesDefaults(action, service) ? requestTypeName(action) : inputTypeName(action);
}

function takesInput(action: ActionModel): boolean {
  return action.parameters.length > 0 || action.requestBody !== undefined;
}

function operationLiteral(action: ActionModel, service: ServiceModel): string {
  const parameters = action.parameters.map(
    (p) =>
      `{ name: ${JSON.stringify(p.name)}, key: ${JSON.stringify(p.key)}, in: ${JSON.stringify(p.in)}, style: ${JSON.stringify(p.style)}, explode: ${p.explode} }`,
  );
  const fields = [
    `method: ${JSON.stringify(action.method.toUpperCase())}`,
    `path: ${JSON.stringify(action.path)}`,
    parameters.length === 0 ? 'parameters: []' : `parameters: [\n${parameters.join(',\n')},\n]`,
  ];
  const body = action.requestBody?.contents[0];
  if (body) fields.push(`requestBody: ${mediaLiteral(body, service)}`);
  const responses = action.responses.map(
    (r) => `${JSON.stringify(String(r.status))}: [${r.contents.map((m) => mediaLiteral(m, service)).join(', ')}]`,
  );
  fields.push(`responses: { ${responses.join(', ')} }`);
  const typedHeaders = action.responses.flatMap((r) => {
    const coerced = r.headers.flatMap((h) => {
      const coercer = headerCoercer(h, service);
      return coercer ? [`${JSON.stringify(h.key)}: ${JSON.stringify(coercer)}`] : [];
    });
    return coerced.length > 0 ? [`${JSON.stringify(String(r.status))}: { ${coerced.join(', ')} }`] : [];
  });
  if (typedHeaders.length > 0) fields.push(`responseHeaders: { ${typedHeaders.join(', ')} }`);
  return `{\n${fields.join(',\n')},\n}`;
}

function mediaLiteral(media: MediaModel, service: ServiceModel): string {
  const rest = media.stream ? `, stream: ${streamReader(media, service)}` : bigintCodecField(media, service);
  return `{ mediaType: ${JSON.stringify(media.mediaType)}, kind: ${JSON.stringify(media.kind)}${rest} }`;
}

/** `sseStream()` or `jsonLinesStream()`, with what reading the items needs: text data, a bigint codec. */
function streamReader(media: MediaModel, service: ServiceModel): string {
  const codec = bigintCodecField(media, service).replace(/^, json: /, '');
  if (media.stream === 'jsonl') return `jsonLinesStream(${codec})`;
  const options = [...(sseDataIsText(media, service) ? ["data: 'text'"] : []), ...(codec ? [`json: ${codec}`] : [])];
  return `sseStream(${options.length > 0 ? `{ ${options.join(', ')} }` : ''})`;
}

/** Whether an SSE item schema's `data` is a string, which the client must not read as JSON (`data: 123` is text). */
function sseDataIsText(media: MediaModel, service: ServiceModel): boolean {
  const item = resolvedSchema(media.schema, service);
  const data = typeof item === 'object' ? (item.properties as Record<string, JsonSchema> | undefined)?.data : undefined;
  const resolved = resolvedSchema(data ?? {}, service);
  return typeof resolved === 'object' && resolved.type === 'string';
}

/** Whether an operation answers with a stream: its client method returns a StreamCall. */
function streams(action: ActionModel): boolean {
  return streamsResponses(action.responses);
}
