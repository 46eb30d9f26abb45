import { expect } from 'chai';
import { checkDiscriminators } from '../../../generator/model/discriminator.js';
import { recordingReporter } from '../../helpers/reporter.js';

const task = { type: 'object', required: ['kind'], properties: { kind: { const: 'task' }, title: { type: 'string' } } };
const checklist = { type: 'object', properties: { kind: { const: 'checklist' }, items: { type: 'array' } } };
const note = { type: 'object', properties: { text: { type: 'string' } } };
/** Declares `kind` through allOf, as inheritance-style contracts do. */
const derived = { allOf: [{ $ref: '#/components/schemas/Base' }, { properties: { extra: {} } }] };
const base = { type: 'object', properties: { kind: { type: 'string' } } };

function problems(schema: Record<string, unknown>): string[] {
  const report = recordingReporter();
  checkDiscriminators(
    {
      paths: { '/items': { post: { requestBody: { content: { 'application/json': { schema } } } } } },
      components: { schemas: { Task: task, Checklist: checklist, Note: note, Derived: derived, Base: base } },
    },
    report,
  );
  return report.lines;
}

const of = (...names: string[]) => names.map((name) => ({ $ref: `#/components/schemas/${name}` }));
const at = '/paths/~1items/post/requestBody/content/application~1json/schema/discriminator';

describe('checkDiscriminators', () => {
  it('accepts a discriminator whose mapping names existing schemas and whose property every branch declares', () => {
    const schema = {
      oneOf: of('Task', 'Checklist', 'Derived'),
      discriminator: {
        propertyName: 'kind',
        mapping: { task: '#/components/schemas/Task', checklist: 'Checklist', derived: '#/components/schemas/Derived' },
      },
    };
    expect(problems(schema)).to.deep.equal([]);
  });

  it('refuses a mapping to a schema that does not exist, at the mapping entry', () => {
    const schema = {
      oneOf: of('Task', 'Checklist'),
      discriminator: { propertyName: 'kind', mapping: { task: '#/components/schemas/Taks', other: 'Nothing' } },
    };
    expect(problems(schema)).to.deep.equal([
      `error ${at}/mapping/task: discriminator value "task" maps to "#/components/schemas/Taks", which is not a schema of components.schemas`,
      `error ${at}/mapping/other: discriminator value "other" maps to "Nothing", which is not a schema of components.schemas`,
    ]);
  });

  it('refuses a property an alternative does not declare, naming the alternative', () => {
    expect(problems({ anyOf: of('Task', 'Note'), discriminator: { propertyName: 'kind' } })).to.deep.equal([
      `error ${at}/propertyName: discriminator property "kind" is not declared by #/components/schemas/Note; every alternative must declare it`,
    ]);
    expect(problems({ oneOf: of('Task'), discriminator: {} })).to.deep.equal([
      `error ${at}/propertyName: a discriminator needs a propertyName: the property that chooses`,
    ]);
  });

  it('leaves a mapping into another file to the bundler, and ignores examples and extensions', () => {
    const schema = {
      oneOf: of('Task'),
      discriminator: { propertyName: 'kind', mapping: { task: './task.yaml' } },
      examples: [{ discriminator: { propertyName: 'nope' } }],
      'x-vendor': { discriminator: {} },
    };
    expect(problems(schema)).to.deep.equal([]);
  });
});
