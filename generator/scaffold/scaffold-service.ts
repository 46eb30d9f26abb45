import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { inputTypeName, replyTypeName, resultTypeName } from '../emit/action-types.js';
import { serviceFactoryName } from '../emit/service-factory.js';
import { kebabName } from '../model/names.js';
import type { ServiceModel } from '../model/service-model.js';
import { templatePath } from '../package-paths.js';
import type { EmittedFile } from '../emit/generated-file.js';

/**
 * Every value handed to these templates is a sanitised identifier or a file name built from one, so the
 * templates are compiled without HTML escaping (which would mangle `$` and friends in no useful way).
 */
const compile = (name: string) => Handlebars.compile(readFileSync(templatePath(name), 'utf8'), { noEscape: true, strict: true });

let templates: { component: HandlebarsTemplateDelegate; index: HandlebarsTemplateDelegate } | undefined;

/** The user-owned files of a service: one implementation per component, and the entry that wires them. */
export function scaffoldService(service: ServiceModel): EmittedFile[] {
  templates ??= { component: compile('service/component.ts.hbs'), index: compile('service/index.ts.hbs') };
  const serviceTitle = service.title.replace(/[\r\n*/]/g, ' ');
  const components = service.components.map((component) => ({
    componentName: component.name.replace(/[\r\n*/]/g, ' '),
    componentType: component.typeName,
    propertyName: component.propertyName,
    fileName: kebabName(component.propertyName, 'component'),
    actions: [
      ...component.actions.map((action) => ({ name: action.name, inputType: inputTypeName(action), resultType: resultTypeName(action) })),
      ...component.messageActions.map((action) => ({
        name: action.name,
        inputType: inputTypeName(action),
        resultType: action.reply ? replyTypeName(action) : 'void',
      })),
    ],
  })).map((component) => ({
    ...component,
    imports: [component.componentType, ...component.actions.flatMap((a) => [a.inputType, a.resultType].filter((t) => t !== 'void'))].join(', '),
  }));
  const contextType = service.kind === 'openapi' ? 'ActionContext' : 'MessageContext';
  return [
    ...components.map((component) => ({
      path: `components/${component.fileName}.ts`,
      text: templates!.component({ ...component, serviceTitle, contextType }),
    })),
    { path: 'index.ts', text: templates.index({ factory: serviceFactoryName(service), factoryModule: service.kind === 'openapi' ? 'routes' : 'channels', components, serviceTitle }) },
  ];
}
