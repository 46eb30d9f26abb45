import { expect } from 'chai';
import { checkFormats, customFormats } from '../../../generator/model/formats.js';
import { recordingReporter } from '../../helpers/reporter.js';

describe('customFormats', () => {
  it('reads each format as a pattern, written alone or as { pattern }', () => {
    const report = recordingReporter();
    expect(
      customFormats({ sku: '^[A-Z]{3}-\\d+$', slug: { pattern: '^[a-z-]+$', description: 'x' } }, report),
    ).to.deep.equal({
      sku: '^[A-Z]{3}-\\d+$',
      slug: '^[a-z-]+$',
    });
    expect(report.lines).to.deep.equal([]);
    expect(customFormats(undefined, report)).to.deep.equal({});
  });

  it('refuses, located, an entry without a pattern, one that does not compile, and a known format redefined', () => {
    const report = recordingReporter();
    expect(customFormats({ a: 5, b: '(', email: '.*', __proto__ok: 'x' }, report)).to.deep.equal({ __proto__ok: 'x' });
    expect(report.lines).to.deep.equal([
      'error /x-limis-formats/a: format "a" needs a pattern: a regular expression as a string, or { pattern }',
      'error /x-limis-formats/b: format "b" has a pattern that is not an ECMAScript regular expression: Invalid regular expression: /(/u: Unterminated group',
      'error /x-limis-formats/email: format "email" is one limis knows already; give the contract\'s own format another name',
    ]);
    customFormats(['^a$'], report);
    expect(report.lines.at(-1)).to.equal(
      'error /x-limis-formats: x-limis-formats must map format names to regular expressions',
    );
  });
});

describe('checkFormats', () => {
  it('warns, located and in document order, about a format neither limis nor the contract knows, suggesting the one it likely means', () => {
    const report = recordingReporter();
    const document = {
      components: {
        schemas: {
          Event: {
            type: 'object',
            properties: {
              at: { type: 'string', format: 'datetime' },
              mail: { format: 'e-mail' },
              id: { format: 'snowflake' },
              sku: { format: 'sku' },
              day: { format: 'date' },
              format: { type: 'string' },
            },
            examples: [{ format: 'not-a-schema' }],
            'x-vendor': { format: 'theirs' },
          },
        },
      },
    };
    checkFormats(document, { sku: '^x$' }, report);
    expect(report.lines).to.deep.equal([
      'warning /components/schemas/Event/properties/at/format: format "datetime" is not a format limis knows, so values are not validated against it; did you mean "date-time"?',
      'warning /components/schemas/Event/properties/mail/format: format "e-mail" is not a format limis knows, so values are not validated against it; did you mean "email"?',
      'warning /components/schemas/Event/properties/id/format: format "snowflake" is not a format limis knows, so values are not validated against it',
    ]);
  });
});
