import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { templatePath } from '../package-paths.js';

const handlebars = Handlebars.create();
/** For values written into YAML or JSON: a quoted, escaped string. */
handlebars.registerHelper('json', (value: unknown) => JSON.stringify(value));

const cache = new Map<string, HandlebarsTemplateDelegate>();

/**
 * A template from `templates/`. Values handed to templates are identifiers, checked names, or go through the
 * `json` helper, so templates compile without HTML escaping (which would only mangle `$` and quotes).
 */
export function renderTemplate(name: string, context: object): string {
  let template = cache.get(name);
  if (!template) {
    template = handlebars.compile(readFileSync(templatePath(name), 'utf8'), { noEscape: true, strict: true });
    cache.set(name, template);
  }
  return template(context);
}
