import {
  type InterfaceDeclarationStructure,
  type Project,
  StructureKind,
  type TypeAliasDeclarationStructure,
} from 'ts-morph';
import type { NamedSchema, ServiceModel } from '../model/service-model.js';
import { createGeneratedFile, type EmittedFile, printFile } from './generated-file.js';
import { objectMembers, type RefNamer, schemaType } from './schema-type.js';
import { docs } from './tsdoc.js';

/** `generated/types.ts`: one exported type per `components.schemas` entry, named as in the contract. */
export function emitTypes(service: ServiceModel, project: Project): EmittedFile {
  const file = createGeneratedFile(project, 'generated/types.ts');
  const names = new Map(service.schemas.map((s) => [s.name, s.typeName]));
  const refName: RefNamer = (name) => names.get(name) ?? 'unknown';
  file.addStatements(service.schemas.map((schema) => schemaDeclaration(schema, refName)));
  if (service.schemas.length === 0) file.addStatements('export {};');
  return printFile(file, service);
}

function schemaDeclaration(
  named: NamedSchema,
  refName: RefNamer,
): InterfaceDeclarationStructure | TypeAliasDeclarationStructure {
  const schema = named.schema;
  const description =
    typeof schema === 'object' && typeof schema.description === 'string' ? schema.description : undefined;
  const deprecated = typeof schema === 'object' && schema.deprecated === true ? '@deprecated' : undefined;
  const jsDocs = docs(description, deprecated);
  if (typeof schema === 'object' && isPlainObjectSchema(schema)) {
    const { members, indexType } = objectMembers(schema, refName, '');
    return {
      kind: StructureKind.Interface,
      name: named.typeName,
      isExported: true,
      docs: jsDocs,
      properties: members.map((m) => ({
        name: m.key,
        type: m.type,
        hasQuestionToken: m.optional,
        isReadonly: m.readonly,
        docs: docs(m.doc),
      })),
      indexSignatures: indexType === undefined ? [] : [{ keyName: 'key', keyType: 'string', returnType: indexType }],
    };
  }
  return {
    kind: StructureKind.TypeAlias,
    name: named.typeName,
    isExported: true,
    docs: jsDocs,
    type: schemaType(schema, refName),
  };
}

/** An object with properties and nothing that would make it a union or intersection reads best as an interface. */
function isPlainObjectSchema(schema: Record<string, unknown>): boolean {
  const type = schema.type;
  const isObject = type === 'object' || (type === undefined && 'properties' in schema);
  const combined = ['oneOf', 'anyOf', 'allOf', 'enum', 'const', '$ref'].some((k) => k in schema);
  return (
    isObject && !combined && typeof schema.properties === 'object' && Object.keys(schema.properties ?? {}).length > 0
  );
}
