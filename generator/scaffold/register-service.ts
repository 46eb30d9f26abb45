import { Node, Project, QuoteKind, SyntaxKind } from 'ts-morph';

/**
 * Adds `import <name> from '<path>'` and `<name>` to the `services` array of the config's default export.
 * Returns the new text, or undefined when the config is not shaped so that this can be done safely.
 */
export function registerService(configText: string, importName: string, importPath: string): string | undefined {
  const project = new Project({ useInMemoryFileSystem: true, manipulationSettings: { quoteKind: QuoteKind.Single } });
  const file = project.createSourceFile('limis.config.ts', configText);
  const exported = file.getExportAssignment((e) => !e.isExportEquals())?.getExpression();
  const object =
    exported &&
    (Node.isSatisfiesExpression(exported) || Node.isAsExpression(exported) ? exported.getExpression() : exported);
  if (!object || !Node.isObjectLiteralExpression(object)) return undefined;
  const services = object.getProperty('services');
  const array =
    services && Node.isPropertyAssignment(services)
      ? services.getInitializerIfKind(SyntaxKind.ArrayLiteralExpression)
      : undefined;
  if (!array) return undefined;
  if (array.getElements().some((e) => e.getText() === importName)) return configText;
  array.addElement(importName);
  const imports = file.getImportDeclarations();
  file.insertImportDeclaration(imports.length, { defaultImport: importName, moduleSpecifier: importPath });
  return file.getFullText();
}
