import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Project, SyntaxKind } from 'ts-morph';
import { inputTypeName, replyTypeName, resultTypeName } from '../emit/names.js';
import { kebabName } from '../model/names.js';
import type { ServiceModel } from '../model/service-model.js';

export interface MissingActions {
  /** The user's component file, relative to the working directory. */
  file: string;
  /** One method signature per action the file does not implement. */
  methods: string[];
}

/**
 * After a contract gains actions, says which of the user's component files lack which methods — the same thing
 * the type checker will say, but at generate time and with the signatures to paste.
 */
export async function findMissingActions(
  services: ServiceModel[],
  outDir: string,
  cwd: string,
): Promise<MissingActions[]> {
  const project = new Project({ useInMemoryFileSystem: true });
  const missing: MissingActions[] = [];
  for (const service of services) {
    for (const component of service.components) {
      const file = `${outDir}/${kebabName(service.name)}/components/${kebabName(component.propertyName, 'component')}.ts`;
      let text: string;
      try {
        text = await readFile(resolve(cwd, file), 'utf8');
      } catch {
        continue;
      }
      const source = project.createSourceFile(file, text, { overwrite: true });
      const defined = new Set([
        ...source.getDescendantsOfKind(SyntaxKind.MethodDeclaration).map((m) => m.getName()),
        ...source.getDescendantsOfKind(SyntaxKind.PropertyAssignment).map((p) => p.getName()),
        ...source.getDescendantsOfKind(SyntaxKind.ShorthandPropertyAssignment).map((p) => p.getName()),
      ]);
      const methods = [
        ...component.actions
          .filter((a) => !defined.has(a.name))
          .map((a) => `${a.name}(input: ${inputTypeName(a)}, context: ActionContext): Promise<${resultTypeName(a)}>`),
        ...component.messageActions
          .filter((a) => !defined.has(a.name))
          .map(
            (a) =>
              `${a.name}(input: ${inputTypeName(a)}, context: MessageContext): Promise<${a.reply ? replyTypeName(a) : 'void'}>`,
          ),
      ];
      if (methods.length > 0) missing.push({ file, methods });
    }
  }
  return missing;
}
