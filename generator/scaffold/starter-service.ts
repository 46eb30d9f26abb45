import type { EmittedFile } from '../emit/generated-file.js';
import { kebabName } from '../model/names.js';
import type { ServiceModel } from '../model/service-model.js';
import { renderTemplate } from './templates.js';

const SERVICE_NAME = /^[a-z][a-z0-9-]*$/;

export function checkServiceName(name: string): string | undefined {
  if (!SERVICE_NAME.test(name) || name.length > 64) {
    return `"${name}" cannot be a service name: use lower-case letters, digits and "-", starting with a letter`;
  }
  return undefined;
}

/** The starter contracts of a new service: OpenAPI for `http`, AsyncAPI (service `<name>-events`) for `websocket`. */
export function starterContracts(name: string, transports: { http: boolean; websocket: boolean }): EmittedFile[] {
  const context = { serviceName: name, eventsName: `${name}-events`, servicePath: kebabName(name) };
  const files: EmittedFile[] = [];
  if (transports.http)
    files.push({ path: `contracts/${name}.yaml`, text: renderTemplate('starter/openapi.yaml.hbs', context) });
  if (transports.websocket)
    files.push({
      path: `contracts/${name}-events.asyncapi.yaml`,
      text: renderTemplate('starter/asyncapi.yaml.hbs', context),
    });
  return files;
}

/**
 * The starter contracts' components, implemented: they answer `hello`, so a new service works before its owner
 * writes a line. Keyed by the path the generic stub would have.
 */
export function starterComponents(service: ServiceModel, serviceDir: string, serviceName: string): EmittedFile[] {
  return service.components.map((component) => ({
    path: `${serviceDir}/components/${kebabName(component.propertyName, 'component')}.ts`,
    text: renderTemplate(service.kind === 'openapi' ? 'starter/http-component.ts.hbs' : 'starter/ws-component.ts.hbs', {
      serviceName,
      componentType: component.typeName,
      propertyName: component.propertyName,
    }),
  }));
}
