import { type Project, VariableDeclarationKind } from 'ts-morph';
import { PARAMETER_SECTIONS } from '../contract-tables.js';
import { lowerFirst } from '../model/names.js';
import { declaresPrototypeKeys } from '../model/prototype-keys.js';
import type { ActionModel, MediaModel, ParameterModel, ServiceModel } from '../model/service-model.js';
import { bigintCodecField, NAMED_SHAPES, namedShapesInitializer, usesBigintCodec } from './bigint-codec.js';
import { createGeneratedFile, type EmittedFile, printFile } from './generated-file.js';
import {
  componentsTypeName,
  inputTypeName,
  RUNTIME_ENTRY,
  securityTypeName,
  serviceFactoryName,
  serviceOptionsName,
} from './names.js';
import { coercionExpression, parameterDefault } from './parameter-coercion.js';
import { jsonLiteral, objectKey } from './schema-type.js';
import {
  actionContextName,
  actionContextType,
  effectiveSecurity,
  isSecured,
  securityFields,
  usesSecuritySchemeType,
} from './security.js';
import { serviceOptionsInterface } from './service-factory.js';
import { docs } from './tsdoc.js';
import { type ActionValidators, planValidators } from './validator-plan.js';

/**
 * `generated/routes.ts`: one transport-neutral Handler per operation — how to read its parameters, its
 * validators, its responses and the component method it calls — and the service factory that mounts them.
 */
export function emitRoutes(service: ServiceModel, project: Project): EmittedFile {
  const file = createGeneratedFile(project, 'generated/routes.ts');
  const { byAction } = planValidators(service);
  const actions = service.components.flatMap((c) => c.actions.map((action) => ({ action, component: c.propertyName })));
  const helpers = new Set<string>(['checkComponents', 'defineService']);
  const secured = isSecured(service);
  const handlers = actions.map(({ action, component }) =>
    handlerLiteral(action, component, byAction.get(action)!, service, secured, helpers),
  );
  const contextTypes = secured ? actions.map(({ action }) => actionContextName(action, secured)) : [];
  const cacheable = actions.some(({ action }) => action.method === 'get');
  const namedShapes = namedShapesInitializer(service);
  if (usesBigintCodec(service)) helpers.add('bigintJson');
  const runtimeTypes = [
    ...new Set([
      'CorsOptions',
      'Handler',
      'Interceptor',
      'Service',
      ...contextTypes,
      ...(cacheable ? ['CachePolicy'] : []),
      ...(namedShapes ? ['BigintShape'] : []),
      ...(usesSecuritySchemeType(service) ? ['SecurityScheme'] : []),
    ]),
  ];
  const components = secured ? `${componentsTypeName(service)}<Principal>` : componentsTypeName(service);
  const options = secured ? `${serviceOptionsName(service)}<Principal>` : serviceOptionsName(service);
  const typeParameters = secured ? [{ name: 'Principal' }] : [];
  const expected = Object.fromEntries(service.components.map((c) => [c.propertyName, c.actions.map((a) => a.name)]));

  file.addImportDeclarations([
    {
      moduleSpecifier: RUNTIME_ENTRY,
      namedImports: [
        ...[...helpers].sort().map((name) => ({ name })),
        ...runtimeTypes.sort().map((name) => ({ name, isTypeOnly: true })),
      ],
    },
    {
      isTypeOnly: true,
      moduleSpecifier: './component.js',
      namedImports: [
        componentsTypeName(service),
        ...(secured ? [securityTypeName(service)] : []),
        ...actions.map(({ action }) => inputTypeName(action)),
      ],
    },
    { moduleSpecifier: './contract.js', namedImports: ['contract'] },
    { moduleSpecifier: './validators.js', namespaceImport: 'validators' },
  ]);
  if (namedShapes)
    file.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: NAMED_SHAPES, type: 'Record<string, BigintShape>', initializer: namedShapes }],
    });
  file.addInterface(serviceOptionsInterface(service));
  file.addFunction({
    name: `${lowerFirst(service.typeName)}Handlers`,
    isExported: true,
    docs: docs(`One handler per operation of ${service.title}.`),
    typeParameters,
    parameters: [{ name: 'components', type: components }],
    returnType: 'Handler[]',
    // One push per handler, not one array literal: TypeScript unions an array literal's element types, which fails
    // ("union type that is too complex") past a thousand operations, as GitHub's REST API has.
    statements:
      handlers.length === 0
        ? 'return [];'
        : ['const handlers: Handler[] = [];', ...handlers.map((h) => `handlers.push(${h});`), 'return handlers;'],
  });
  file.addFunction({
    name: serviceFactoryName(service),
    isExported: true,
    docs: docs(
      `${service.title}, ready to mount on a runtime: \`createRuntime({ services: [${serviceFactoryName(service)}(components)] })\`.`,
    ),
    typeParameters,
    parameters: [
      { name: 'components', type: components },
      secured ? { name: 'options', type: options } : { name: 'options', type: options, initializer: '{}' },
    ],
    returnType: 'Service',
    statements: [
      `checkComponents(${JSON.stringify(service.name)}, components, ${JSON.stringify(expected)});`,
      `return defineService({
        name: ${JSON.stringify(service.name)},
        path: options.path ?? ${JSON.stringify(service.path)},
        contract,
        handlers: ${lowerFirst(service.typeName)}Handlers(components),
        interceptors: options.interceptors,
        componentInterceptors: options.components,
        actionInterceptors: options.actions,${securityFields(service)}${cacheable ? '\ncache: options.cache,' : ''}
        cors: options.cors,
      });`,
    ],
  });
  return printFile(file, service);
}

function handlerLiteral(
  action: ActionModel,
  component: string,
  validators: ActionValidators,
  service: ServiceModel,
  secured: boolean,
  helpers: Set<string>,
): string {
  const fields = [
    `operationId: ${JSON.stringify(action.operationId)}`,
    `component: ${JSON.stringify(component)}`,
    `method: ${JSON.stringify(action.method.toUpperCase())}`,
    `path: ${JSON.stringify(action.path)}`,
    `parse: ${parseFunction(action, service, helpers)}`,
    `validate: validators.${validators.input}`,
  ];
  if (action.requestBody) {
    const media = mediaList(action.requestBody.contents, validators.body, service, true);
    fields.push(`requestBody: { required: ${action.requestBody.required}, media: ${media} }`);
  }
  const responses = action.responses.map((r) => {
    const status = String(r.status);
    return `${JSON.stringify(status)}: ${mediaList(r.contents, validators.responses.get(status) ?? new Map(), service)}`;
  });
  fields.push(`responses: {\n${responses.join(',\n')}\n}`);
  const security = effectiveSecurity(action.security);
  if (security.length > 0) fields.push(`security: ${jsonLiteral(security)}`);
  if (action.cache) fields.push(`cache: ${JSON.stringify(action.cache)}`);
  if (action.bodyLimit !== undefined) fields.push(`bodyLimit: ${action.bodyLimit}`);
  const context = secured ? `context as ${actionContextType(action, secured)}` : 'context';
  fields.push(
    `invoke: (input: ${inputTypeName(action)}, context) => components.${component}.${action.name}(input, ${context})`,
  );
  return `{\n${fields.join(',\n')},\n}`;
}

function parseFunction(action: ActionModel, service: ServiceModel, helpers: Set<string>): string {
  const sections: string[] = [];
  for (const [section, location] of PARAMETER_SECTIONS) {
    const parameters = action.parameters.filter((p) => p.in === location);
    if (parameters.length === 0) continue;
    const members = parameters.map((p) => {
      const { code, helpers: used } = coercionExpression(p, rawValue(p), service);
      for (const helper of used) helpers.add(helper);
      const fallback = parameterDefault(p, service);
      return `${objectKey(p.key)}: ${fallback ? `${code} ?? ${jsonLiteral(fallback.value)}` : code}`;
    });
    sections.push(`${section}: {\n${members.join(',\n')},\n}`);
  }
  if (sections.length === 0) return '() => ({})';
  const usesCookies = action.parameters.some((p) => p.in === 'cookie');
  if (!usesCookies) return `(request) => ({\n${sections.join(',\n')},\n})`;
  helpers.add('requestCookies');
  return `(request) => {\nconst cookies = requestCookies(request);\nreturn {\n${sections.join(',\n')},\n};\n}`;
}

function rawValue(parameter: ParameterModel): string {
  const key = JSON.stringify(parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name);
  switch (parameter.in) {
    case 'path':
      return `request.params[${key}]`;
    case 'query':
      return `request.query[${key}]`;
    case 'header':
      return `request.headers[${key}]`;
    case 'cookie':
      return `cookies[${key}]`;
  }
}

/** `requestBody`: whether their JSON may carry prototype keys, which only request bodies are checked for. */
function mediaList(
  contents: MediaModel[],
  validators: Map<string, string>,
  service: ServiceModel,
  requestBody = false,
): string {
  const items = contents.map((m) => {
    const validator = validators.get(m.mediaType);
    const validate = validator ? `, validate: validators.${validator}` : '';
    const prototypeKeys =
      requestBody && m.kind === 'json' && declaresPrototypeKeys(m.schema, service.schemas)
        ? ', prototypeKeys: true'
        : '';
    const stream = m.stream ? `, stream: ${JSON.stringify(m.stream)}` : '';
    return `{ mediaType: ${JSON.stringify(m.mediaType)}, kind: ${JSON.stringify(m.kind)}${validate}${prototypeKeys}${bigintCodecField(m, service)}${stream} }`;
  });
  return `[${items.join(', ')}]`;
}
