import type { EmittedFile } from '../emit/generated-file.js';
import { inputTypeName, replyTypeName, resultTypeName, securityTypeName, serviceFactoryName } from '../emit/names.js';
import { objectKey } from '../emit/schema-type.js';
import { credentialType, isSecured, requiredSchemes } from '../emit/security.js';
import { kebabName, NameScope } from '../model/names.js';
import type { ServiceModel } from '../model/service-model.js';
import { renderTemplate } from './templates.js';

/** The user-owned files of a service: one implementation per component, and the entry that wires them. */
export function scaffoldService(service: ServiceModel): EmittedFile[] {
  const serviceTitle = service.title.replace(/[\r\n*/]/g, ' ');
  const contextType = service.kind === 'openapi' ? 'ActionContext' : 'MessageContext';
  // Two components may kebab to one file name (`漢` and `]=/` both to `component`): each gets a file of its own.
  const fileNames = new NameScope();
  const components = service.components
    .map((component) => ({
      componentName: component.name.replace(/[\r\n*/]/g, ' '),
      componentType: component.typeName,
      propertyName: component.propertyName,
      fileName: fileNames.claim(kebabName(component.propertyName, 'component')),
      actions: [
        ...component.actions.map((action) => ({
          name: action.name,
          inputType: inputTypeName(action),
          resultType: resultTypeName(action),
        })),
        ...component.messageActions.map((action) => ({
          name: action.name,
          inputType: inputTypeName(action),
          resultType: action.reply ? replyTypeName(action) : 'void',
        })),
      ],
    }))
    .map((component) => {
      const imported = [
        ...new Set([
          component.componentType,
          ...component.actions.flatMap((a) => [a.inputType, a.resultType].filter((t) => t !== 'void')),
        ]),
      ];
      // The stub's const may not shadow a type it imports (TS2440): then it is declared under another name and
      // exported as the component's.
      const constName = new NameScope([...imported, contextType]).claim(component.propertyName);
      return { ...component, imports: imported.join(', '), constName, renamed: constName !== component.propertyName };
    });
  // Likewise in index.ts, a component may not be imported under the factory's name, the security type's or `security`.
  const indexNames = new NameScope([
    serviceFactoryName(service),
    ...(isSecured(service) ? [securityTypeName(service), 'security'] : []),
  ]);
  const wired = components.map((component) => {
    const localName = indexNames.claim(component.propertyName);
    return { ...component, localName, aliased: localName !== component.propertyName };
  });
  return [
    ...components.map((component) => ({
      path: `components/${component.fileName}.ts`,
      text: renderTemplate('service/component.ts.hbs', { ...component, serviceTitle, contextType }),
    })),
    {
      path: 'index.ts',
      text: renderTemplate('service/index.ts.hbs', {
        factory: serviceFactoryName(service),
        factoryModule: service.kind === 'openapi' ? 'routes' : 'channels',
        components: wired,
        serviceTitle,
        securityType: isSecured(service) ? securityTypeName(service) : undefined,
        schemes: requiredSchemes(service).map((scheme) => ({
          key: objectKey(scheme.name),
          credential:
            credentialType(scheme) === 'BasicCredentials'
              ? '_credentials'
              : scheme.scheme.type === 'apiKey'
                ? '_key'
                : '_token',
        })),
      }),
    },
  ];
}
