import { type Project, type StatementStructures, StructureKind } from 'ts-morph';
import type { ActionModel, ComponentModel, ServiceModel } from '../model/service-model.js';
import {
  importTypesIfUsed,
  inputType,
  messageInputType,
  replyType,
  resultType,
  statusTypesUsed,
  typesRefNamer,
} from './action-types.js';
import { createGeneratedFile, type EmittedFile, printFile } from './generated-file.js';
import {
  componentsTypeName,
  inputTypeName,
  RUNTIME_ENTRY,
  replyTypeName,
  requestTypeName,
  resultTypeName,
  securityTypeName,
} from './names.js';
import { appliesDefaults, parameterDefault } from './parameter-coercion.js';
import type { RefNamer } from './schema-type.js';
import {
  actionContextName,
  actionContextType,
  credentialType,
  isSecured,
  requiredSchemes,
  verifierProperties,
} from './security.js';
import { docs } from './tsdoc.js';

/**
 * `generated/component.ts`: per action an Input type and a Result union of its declared responses; per component
 * an interface with one method per action — what the user implements.
 */
export function emitComponent(service: ServiceModel, project: Project): EmittedFile {
  const file = createGeneratedFile(project, 'generated/component.ts');
  const refName = typesRefNamer(service);
  const actions = service.components.flatMap((c) => c.actions);
  const messageActions = service.components.flatMap((c) => c.messageActions);
  const secured = isSecured(service);
  const runtimeTypes = runtimeTypesUsed(service, secured);
  if (runtimeTypes.length > 0)
    file.addImportDeclarations([{ isTypeOnly: true, moduleSpecifier: RUNTIME_ENTRY, namedImports: runtimeTypes }]);
  const statements: StatementStructures[] = actions.flatMap((action): StatementStructures[] => [
    ...inputTypes(action, service, refName),
    {
      kind: StructureKind.TypeAlias,
      name: resultTypeName(action),
      isExported: true,
      docs: docs(`The responses \`${action.operationId}\` may return.`),
      type: resultType(action, refName),
    },
  ]);
  for (const action of messageActions) {
    const channel = service.channels.find((c) => c.id === action.channel)!;
    statements.push({
      kind: StructureKind.TypeAlias,
      name: inputTypeName(action),
      isExported: true,
      docs: docs(`A message \`${action.operationId}\` receives on \`${channel.address}\`.`),
      type: messageInputType(action, channel, refName),
    });
    if (action.reply) {
      statements.push({
        kind: StructureKind.TypeAlias,
        name: replyTypeName(action),
        isExported: true,
        docs: docs(`What \`${action.operationId}\` replies with: a \`${action.reply.name}\` message.`),
        type: replyType(action.reply, refName),
      });
    }
  }
  const typeParameters = secured ? [{ name: 'Principal', default: 'unknown' }] : [];
  if (secured) {
    statements.push({
      kind: StructureKind.Interface,
      name: securityTypeName(service),
      isExported: true,
      typeParameters,
      docs: docs(
        `A verifier per security scheme of ${service.title}: each returns the principal a credential belongs to, or undefined to refuse it (401).`,
      ),
      properties: verifierProperties(service),
    });
  }
  statements.push(...service.components.map((component) => componentInterface(component, secured)));
  statements.push({
    kind: StructureKind.Interface,
    name: componentsTypeName(service),
    isExported: true,
    typeParameters,
    docs: docs(`Every component of ${service.title}: pass an implementation of each to the service factory.`),
    properties: service.components.map((c) => ({
      name: c.propertyName,
      type: secured ? `${c.typeName}<Principal>` : c.typeName,
    })),
  });
  file.addStatements(statements);
  importTypesIfUsed(file, refName);
  return printFile(file, service);
}

/**
 * The action's Input; where parameter defaults make what the action receives differ from what a caller sends, the
 * caller's `Request` before it.
 */
function inputTypes(action: ActionModel, service: ServiceModel, refName: RefNamer): StatementStructures[] {
  const route = `\`${action.method.toUpperCase()} ${action.path}\``;
  const input: StatementStructures = {
    kind: StructureKind.TypeAlias,
    name: inputTypeName(action),
    isExported: true,
    docs: docs(`Input of ${route} (${action.operationId}).`),
    type: inputType(action, refName),
  };
  if (!appliesDefaults(action, service)) return [input];
  return [
    {
      kind: StructureKind.TypeAlias,
      name: requestTypeName(action),
      isExported: true,
      docs: docs(`What a caller of ${route} sends: parameters with a default may be left out.`),
      type: inputType(action, refName),
    },
    {
      ...input,
      docs: docs(`Input of ${route} (${action.operationId}), with the contract's parameter defaults applied.`),
      type: inputType(action, refName, (p) => parameterDefault(p, service) !== undefined),
    },
  ];
}

/** Only the runtime types the file uses, so it passes `noUnusedLocals`. */
function runtimeTypesUsed(service: ServiceModel, secured: boolean): string[] {
  const actions = service.components.flatMap((c) => c.actions);
  const receivesMessages = service.components.some((c) => c.messageActions.length > 0);
  const contexts = [
    ...actions.map((action) => actionContextName(action, secured)),
    ...(receivesMessages ? ['MessageContext'] : []),
  ];
  const ranges = actions.flatMap((a) => a.responses.flatMap(statusTypesUsed));
  const basic = secured && requiredSchemes(service).some((s) => credentialType(s) === 'BasicCredentials');
  return [
    ...new Set([...contexts, ...ranges, ...(basic ? ['BasicCredentials'] : []), ...(secured ? ['Verifier'] : [])]),
  ].sort();
}

function componentInterface(component: ComponentModel, secured: boolean): StatementStructures {
  return {
    kind: StructureKind.Interface,
    name: component.typeName,
    isExported: true,
    typeParameters: secured ? [{ name: 'Principal', default: 'unknown' }] : [],
    docs: docs(component.description),
    methods: [
      ...component.actions.map((action) => ({
        name: action.name,
        docs: docs(action.summary, action.description, action.deprecated && '@deprecated'),
        parameters: [
          { name: 'input', type: inputTypeName(action) },
          { name: 'context', type: actionContextType(action, secured) },
        ],
        returnType: `Promise<${resultTypeName(action)}>`,
      })),
      ...component.messageActions.map((action) => ({
        name: action.name,
        docs: docs(
          action.summary,
          action.description,
          action.reply ? undefined : 'Replies with nothing: the contract declares no reply.',
        ),
        parameters: [
          { name: 'input', type: inputTypeName(action) },
          { name: 'context', type: secured ? 'MessageContext<Principal>' : 'MessageContext' },
        ],
        returnType: `Promise<${action.reply ? replyTypeName(action) : 'void'}>`,
      })),
    ],
  };
}
