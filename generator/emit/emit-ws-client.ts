import { type Project, VariableDeclarationKind } from 'ts-morph';
import { isIdentifier, memberName, NameScope } from '../model/names.js';
import type { ChannelModel, MessageModel, ServiceModel } from '../model/service-model.js';
import { headersOptional, headersType, importTypesIfUsed, payloadType, typesRefNamer } from './action-types.js';
import { createGeneratedFile, type EmittedFile, printFile } from './generated-file.js';
import { CLIENT_ENTRY, channelParamsTypeName, clientClassName, connectionClassName, replyTypeName } from './names.js';
import { isInheritedKey, mapEntry, type RefNamer } from './schema-type.js';
import { docs } from './tsdoc.js';

/**
 * The members of limis/client's ChannelConnection and ChannelClient, which the generated classes extend: a message
 * called `error` must not give its connection an `onError` that replaces the base class's (a test keeps these lists
 * equal to the classes).
 */
export const CONNECTION_MEMBERS = [
  'ready',
  'onError',
  'close',
  'send',
  'request',
  'on',
  'socket',
  'handlers',
  'errorHandlers',
  'pending',
  'url',
  'path',
  'balancer',
  'spec',
  'options',
  'closedByUser',
  'attempts',
  'closed',
  'connect',
  'open',
  'dropped',
  'receive',
  'unreadable',
  'report',
  'forget',
  'decode',
];
export const CHANNEL_CLIENT_MEMBERS = ['options', 'balancer', 'openChannel'];

/**
 * `generated/ws-client.ts`: a typed WebSocket client — one method per channel that connects with typed
 * parameters, and per channel a connection class with `send…`, `on…` and request/reply methods.
 */
export function emitWsClient(service: ServiceModel, project: Project): EmittedFile {
  const file = createGeneratedFile(project, 'generated/ws-client.ts');
  const refName = typesRefNamer(service);
  const actions = service.components.flatMap((c) => c.messageActions);
  file.addImportDeclarations([
    {
      moduleSpecifier: CLIENT_ENTRY,
      namedImports: [
        { name: 'ChannelClient' },
        { name: 'ChannelConnection' },
        { name: 'ClientChannelSpec', isTypeOnly: true },
        ...(needsMessageSpec(service) ? [{ name: 'ClientMessageSpec', isTypeOnly: true }] : []),
        { name: 'WsClientOptions', isTypeOnly: true },
      ],
    },
    ...(service.channels.some((c) => c.parameters.length > 0)
      ? [
          {
            isTypeOnly: true,
            moduleSpecifier: './channels.js',
            namedImports: service.channels.filter((c) => c.parameters.length > 0).map(channelParamsTypeName),
          },
        ]
      : []),
    ...(actions.some((a) => a.reply)
      ? [
          {
            isTypeOnly: true,
            moduleSpecifier: './component.js',
            namedImports: actions.filter((a) => a.reply).map(replyTypeName),
          },
        ]
      : []),
  ]);
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    declarations: [
      {
        name: 'channels',
        initializer: `{\n${service.channels.map((c) => mapEntry(c.id, channelSpec(c, service), 'ClientChannelSpec')).join(',\n')}\n} satisfies Record<string, ClientChannelSpec>`,
      },
    ],
  });
  file.addClasses(
    service.channels.map((channel) => ({
      name: connectionClassName(channel),
      isExported: true,
      extends: 'ChannelConnection',
      docs: docs(channel.description, `An open connection to \`${channel.address}\`.`),
      methods: connectionMethods(channel, service, refName),
    })),
  );
  const channelMethods = new NameScope(CHANNEL_CLIENT_MEMBERS);
  file.addClass({
    name: clientClassName(service),
    isExported: true,
    docs: docs(
      `Connects to the channels of ${service.title}: at \`baseUrl\`, where the service's channels are (e.g. \`ws://localhost:8888/${service.path}\`), or at an instance a \`discovery\` source lists.`,
    ),
    extends: 'ChannelClient',
    ctors: [
      {
        parameters: [{ name: 'options', type: 'WsClientOptions' }],
        statements: `super(options, ${JSON.stringify(service.name)});`,
      },
    ],
    methods: service.channels.map((channel) => ({
      name: channelMethods.claim(memberName(channel.typeName)),
      docs: docs(`Opens \`${channel.address}\`; resolves once the socket is open.`),
      parameters: channel.parameters.length > 0 ? [{ name: 'params', type: channelParamsTypeName(channel) }] : [],
      returnType: `Promise<${connectionClassName(channel)}>`,
      statements: `return this.openChannel(${connectionClassName(channel)}, channels${access(channel.id)}, ${channel.parameters.length > 0 ? 'params' : '{}'});`,
    })),
  });
  importTypesIfUsed(file, refName);
  return printFile(file, service);
}

/** The client's view: what the service receives is what the client sends, and the other way round. */
function channelSpec(channel: ChannelModel, service: ServiceModel): string {
  const replies = new Map(
    service.components
      .flatMap((c) => c.messageActions)
      .filter((a) => a.channel === channel.id && a.reply)
      .flatMap((a) => a.messages.map((m) => [m.name, a.reply!.name] as const)),
  );
  const entry = (m: MessageModel, reply?: string) =>
    mapEntry(
      m.name,
      `{ kind: ${JSON.stringify(m.kind)}${m.headers !== undefined ? ', headers: true' : ''}${m.correlation !== undefined ? `, correlation: ${JSON.stringify(m.correlation)}` : ''}${reply ? `, reply: ${JSON.stringify(reply)}` : ''} }`,
      'ClientMessageSpec',
    );
  return `{
    address: ${JSON.stringify(channel.address)},
    frames: ${JSON.stringify(channel.frames)},
    sends: { ${channel.receives.map((m) => entry(m, replies.get(m.name))).join(', ')} },
    receives: { ${channel.sends.map((m) => entry(m)).join(', ')} },
  }`;
}

function connectionMethods(channel: ChannelModel, service: ServiceModel, refName: RefNamer) {
  const actions = service.components.flatMap((c) => c.messageActions).filter((a) => a.channel === channel.id);
  const names = new NameScope(CONNECTION_MEMBERS);
  const methods = [];
  for (const message of channel.receives) {
    const type = payloadType(message, refName);
    const headers = headersType(message, refName);
    // A message with headers takes them second: required when its headers schema requires any.
    const parameters = [
      { name: 'payload', type },
      ...(headers === undefined
        ? []
        : [{ name: 'headers', type: headers, hasQuestionToken: headersOptional(message, service) }]),
    ];
    const args = `${JSON.stringify(message.name)}, payload${headers === undefined ? '' : ', headers'}`;
    methods.push({
      name: names.claim(memberName(`send ${message.typeName}`)),
      docs: docs(message.summary, message.description, `Sends \`${message.name}\`.`),
      parameters,
      returnType: 'void',
      statements: `this.send(${args});`,
    });
    const action = actions.find((a) => a.reply && a.messages.includes(message));
    if (action) {
      methods.push({
        name: names.claim(memberName(`request ${message.typeName}`)),
        docs: docs(`Sends \`${message.name}\` and resolves with the \`${action.reply!.name}\` reply.`),
        parameters,
        returnType: `Promise<${replyTypeName(action)}>`,
        statements: `return this.request(${args}) as Promise<${replyTypeName(action)}>;`,
      });
    }
  }
  for (const message of channel.sends) {
    const type = payloadType(message, refName);
    const headers = headersType(message, refName);
    const handler =
      headers === undefined ? `(payload: ${type}) => void` : `(payload: ${type}, headers: ${headers}) => void`;
    methods.push({
      name: names.claim(memberName(`on ${message.typeName}`)),
      docs: docs(
        message.summary,
        message.description,
        `Calls \`handler\` for every \`${message.name}\` the service sends${headers === undefined ? '' : ', with its headers'}; returns a function that stops it.`,
      ),
      parameters: [{ name: 'handler', type: handler }],
      returnType: '() => void',
      statements: `return this.on(${JSON.stringify(message.name)}, handler as (payload: unknown${headers === undefined ? '' : ', headers: unknown'}) => void);`,
    });
  }
  return methods;
}

/** Whether a message entry needs `satisfies ClientMessageSpec` (see mapEntry). */
function needsMessageSpec(service: ServiceModel): boolean {
  return service.channels.some((c) => [...c.sends, ...c.receives].some((m) => isInheritedKey(m.name)));
}

function access(key: string): string {
  return isIdentifier(key) && !isInheritedKey(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
