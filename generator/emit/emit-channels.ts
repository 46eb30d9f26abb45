import type { Project } from 'ts-morph';
import { lowerFirst } from '../model/names.js';
import { declaresPrototypeKeys } from '../model/prototype-keys.js';
import type { ChannelModel, MessageModel, ServiceModel } from '../model/service-model.js';
import {
  channelParamsType,
  headersOptional,
  headersType,
  importTypesIfUsed,
  payloadType,
  typesRefNamer,
} from './action-types.js';
import { createGeneratedFile, type EmittedFile, printFile } from './generated-file.js';
import {
  channelParamsTypeName,
  componentsTypeName,
  inputTypeName,
  pushTypeName,
  RUNTIME_ENTRY,
  securityTypeName,
  serviceFactoryName,
  serviceOptionsName,
} from './names.js';
import { coercionExpression } from './parameter-coercion.js';
import { isInheritedKey, jsonLiteral, mapEntry, objectKey, type RefNamer } from './schema-type.js';
import { effectiveSecurity, isSecured, securityFields, usesSecuritySchemeType } from './security.js';
import { serviceOptionsInterface } from './service-factory.js';
import { docs } from './tsdoc.js';
import { planValidators, type ValidatorPlan } from './validator-plan.js';

/**
 * `generated/channels.ts`: one ChannelHandler per AsyncAPI channel (its address, parameters, and the messages it
 * carries each way), the typed push controller, and the service factory.
 */
export function emitChannels(service: ServiceModel, project: Project): EmittedFile {
  const file = createGeneratedFile(project, 'generated/channels.ts');
  const plan = planValidators(service);
  const refName = typesRefNamer(service);
  const helpers = new Set<string>(['checkComponents', 'defineService']);
  const secured = isSecured(service);
  const handlers = service.channels.map((channel) => channelLiteral(channel, service, plan, secured, helpers));
  const messageActions = service.components.flatMap((c) => c.messageActions);
  const expected = Object.fromEntries(
    service.components.map((c) => [c.propertyName, c.messageActions.map((a) => a.name)]),
  );
  const channelsFunction = `${lowerFirst(service.typeName)}Channels`;
  const components = secured ? `${componentsTypeName(service)}<Principal>` : componentsTypeName(service);
  const typeParameters = secured ? [{ name: 'Principal' }] : [];

  file.addImportDeclarations([
    {
      moduleSpecifier: RUNTIME_ENTRY,
      namedImports: [
        ...[...helpers].sort().map((name) => ({ name })),
        ...[
          'ChannelHandler',
          ...(service.pushes.some((p) => p.message.headers !== undefined) ? ['HeaderPushOptions'] : []),
          'Interceptor',
          ...(secured && messageActions.length > 0 ? ['MessageContext'] : []),
          'MessageSpec',
          ...(service.pushes.some((p) => p.message.headers === undefined) ? ['PushOptions'] : []),
          'ReceiveSpec',
          ...(usesSecuritySchemeType(service) ? ['SecurityScheme'] : []),
          'Service',
        ]
          .filter((name) => !name.endsWith('Spec') || usesSpecType(service, name))
          .map((name) => ({ name, isTypeOnly: true })),
      ],
    },
    {
      isTypeOnly: true,
      moduleSpecifier: './component.js',
      namedImports: [
        componentsTypeName(service),
        ...(secured ? [securityTypeName(service)] : []),
        ...messageActions.map(inputTypeName),
      ],
    },
    { moduleSpecifier: './contract.js', namedImports: ['contract'] },
    { moduleSpecifier: './validators.js', namespaceImport: 'validators' },
  ]);
  file.addTypeAliases(
    service.channels.map((channel) => ({
      name: channelParamsTypeName(channel),
      isExported: true,
      docs: docs(`Parameters of channel \`${channel.address}\`.`),
      type: channelParamsType(channel, refName),
    })),
  );
  file.addInterface({
    name: pushTypeName(service),
    isExported: true,
    docs: docs(
      `Push controller of ${service.title}: each method validates a message and sends it to the consumers of its channel (all of them, or those \`options.to\` picks), returning how many it reached.`,
    ),
    methods: service.pushes.map((push) => {
      const channel = service.channels.find((c) => c.id === push.channel)!;
      return {
        name: push.name,
        docs: docs(push.summary, push.description, `Sends \`${push.message.name}\` on \`${channel.address}\`.`),
        parameters: [
          { name: 'payload', type: payloadType(push.message, refName) },
          pushOptions(push.message, channel, service, refName),
        ],
        returnType: 'number',
      };
    }),
  });
  file.addInterface(serviceOptionsInterface(service));
  file.addFunction({
    name: channelsFunction,
    isExported: true,
    docs: docs(`One handler per channel of ${service.title}.`),
    typeParameters,
    // A service that only pushes has no action to call; the parameter stays, for one shape across services.
    parameters: [{ name: messageActions.length > 0 ? 'components' : '_components', type: components }],
    returnType: 'ChannelHandler[]',
    statements: handlers.length === 0 ? 'return [];' : `return [\n${handlers.join(',\n')},\n];`,
  });
  file.addFunction({
    name: serviceFactoryName(service),
    isExported: true,
    docs: docs(`${service.title}, ready to mount on a runtime started with \`ws\`; \`.push\` is its push controller.`),
    typeParameters,
    parameters: [
      { name: 'components', type: components },
      secured
        ? { name: 'options', type: `${serviceOptionsName(service)}<Principal>` }
        : { name: 'options', type: serviceOptionsName(service), initializer: '{}' },
    ],
    returnType: `Service & { push: ${pushTypeName(service)} }`,
    statements: (writer) => {
      writer.writeLine(`checkComponents(${JSON.stringify(service.name)}, components, ${JSON.stringify(expected)});`);
      writer.writeLine(`const service = defineService({
        name: ${JSON.stringify(service.name)},
        path: options.path ?? ${JSON.stringify(service.path)},
        contract,
        channels: ${channelsFunction}(components),
        interceptors: options.interceptors,
        componentInterceptors: options.components,
        actionInterceptors: options.actions,${securityFields(service)}
      });`);
      const methods = service.pushes.map(
        (push) =>
          `${push.name}: (payload, options) => service.publish(${JSON.stringify(push.channel)}, ${JSON.stringify(push.message.name)}, payload, options)`,
      );
      writer.writeLine(
        `const push: ${pushTypeName(service)} = {${methods.length === 0 ? '' : `\n${methods.join(',\n')},\n`}};`,
      );
      writer.writeLine('return { ...service, push };');
    },
  });
  importTypesIfUsed(file, refName);
  return printFile(file, service);
}

function channelLiteral(
  channel: ChannelModel,
  service: ServiceModel,
  plan: ValidatorPlan,
  secured: boolean,
  helpers: Set<string>,
): string {
  const params = channel.parameters.map((p) => {
    const { code, helpers: used } = coercionExpression(
      {
        name: p.name,
        key: p.name,
        in: 'path',
        required: true,
        deprecated: false,
        schema: p.schema,
        style: 'simple',
        explode: false,
      },
      `params[${JSON.stringify(p.name)}]`,
      service,
    );
    for (const helper of used) helpers.add(helper);
    return `${objectKey(p.name)}: ${code}`;
  });
  const receives = service.components.flatMap((component) =>
    component.messageActions
      .filter((action) => action.channel === channel.id)
      .flatMap((action) =>
        action.messages.map((message) => {
          const fields = [
            ...messageFields(message, plan),
            ...(message.kind === 'json' && declaresPrototypeKeys(message.payload, service.schemas)
              ? ['prototypeKeys: true']
              : []),
            `operationId: ${JSON.stringify(action.operationId)}`,
            `component: ${JSON.stringify(component.propertyName)}`,
            ...(action.reply ? [`reply: ${JSON.stringify(action.reply.name)}`] : []),
            ...(effectiveSecurity(action.security).length > 0 ? [`security: ${jsonLiteral(action.security)}`] : []),
            `invoke: (input: ${inputTypeName(action)}, context) => components.${component.propertyName}.${action.name}(input, ${secured ? 'context as MessageContext<Principal>' : 'context'})`,
          ];
          return mapEntry(message.name, `{\n${fields.join(',\n')},\n}`, 'ReceiveSpec');
        }),
      ),
  );
  const sends = channel.sends.map((message) =>
    mapEntry(message.name, `{ ${messageFields(message, plan).join(', ')} }`, 'MessageSpec'),
  );
  return `{
    id: ${JSON.stringify(channel.id)},
    address: ${JSON.stringify(channel.address)},
    frames: ${JSON.stringify(channel.frames)},${effectiveSecurity(channel.security).length > 0 ? `\nsecurity: ${jsonLiteral(channel.security)},` : ''}
    parseParams: ${params.length === 0 ? '() => ({})' : `(params) => ({\n${params.join(',\n')},\n})`},
    validateParams: validators.${plan.channelParams.get(channel.id)},
    receives: {${receives.length === 0 ? '' : `\n${receives.join(',\n')},\n`}},
    sends: {${sends.length === 0 ? '' : `\n${sends.join(',\n')},\n`}},
  }`;
}

/** A push method's options: `HeaderPushOptions` for a message that declares headers, required when they are. */
function pushOptions(message: MessageModel, channel: ChannelModel, service: ServiceModel, refName: RefNamer) {
  const params = channelParamsTypeName(channel);
  const headers = headersType(message, refName);
  if (headers === undefined) return { name: 'options', hasQuestionToken: true, type: `PushOptions<${params}>` };
  // Headers that require nothing may be left out, as the options may.
  return headersOptional(message, service)
    ? { name: 'options', hasQuestionToken: true, type: `Partial<HeaderPushOptions<${params}, ${headers}>>` }
    : { name: 'options', type: `HeaderPushOptions<${params}, ${headers}>` };
}

/** Whether a map entry of this service needs `satisfies MessageSpec` / `ReceiveSpec` (see mapEntry). */
function usesSpecType(service: ServiceModel, type: string): boolean {
  return service.channels.some((c) =>
    (type === 'MessageSpec' ? c.sends : c.receives).some((m) => isInheritedKey(m.name)),
  );
}

function messageFields(message: MessageModel, plan: ValidatorPlan): string[] {
  return [
    `kind: ${JSON.stringify(message.kind)}`,
    `validate: validators.${plan.messagePayloads.get(message.name)}`,
    ...(message.headers !== undefined ? [`headers: validators.${plan.messageHeaders.get(message.name)}`] : []),
    ...(message.correlation !== undefined ? [`correlation: ${JSON.stringify(message.correlation)}`] : []),
  ];
}
