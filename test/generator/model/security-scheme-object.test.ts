import { expect } from 'chai';
import { securityRequirements, securitySchemeObjects } from '../../../generator/model/security-scheme-object.js';
import { recordingReporter } from '../../helpers/reporter.js';

describe('securitySchemeObjects', () => {
  it('reduces each scheme to where its credential is found', () => {
    const report = recordingReporter();
    const schemes = securitySchemeObjects(
      {
        key: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'A key.' },
        jwt: { type: 'http', scheme: 'Bearer' },
        oauth: { type: 'oauth2', flows: {} },
        oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://example.com/.well-known/openid-configuration' },
      },
      '/components/securitySchemes',
      report,
    );
    expect(schemes).to.deep.equal([
      { name: 'key', scheme: { type: 'apiKey', in: 'header', name: 'X-API-Key' }, description: 'A key.' },
      { name: 'jwt', scheme: { type: 'http', scheme: 'bearer' }, description: undefined },
      { name: 'oauth', scheme: { type: 'oauth2' }, description: undefined },
      { name: 'oidc', scheme: { type: 'openIdConnect' }, description: undefined },
    ]);
    expect(report.lines).to.deep.equal([]);
  });

  it('refuses what it cannot check, located', () => {
    const report = recordingReporter();
    securitySchemeObjects({ tls: { type: 'mutualTLS' }, bad: { type: 'apiKey', in: 'body', name: 'k' } }, '/s', report);
    expect(report.lines).to.have.length(2);
    expect(report.lines[0]).to.match(/^error \/s\/tls/);
    expect(report.lines[1]).to.match(/^error \/s\/bad\/in/);
  });
});

describe('securityRequirements', () => {
  it('keeps alternatives and their scopes, and refuses a scheme the document does not declare', () => {
    const report = recordingReporter();
    const declared = new Set(['key', 'jwt']);
    expect(
      securityRequirements([{ jwt: ['pets:write'] }, { key: [] }, {}], '/security', declared, report),
    ).to.deep.equal([{ jwt: ['pets:write'] }, { key: [] }, {}]);
    expect(securityRequirements(undefined, '/security', declared, report)).to.equal(undefined);
    securityRequirements([{ nope: [] }], '/paths/~1x/get/security', declared, report);
    expect(report.lines).to.have.length(1);
    expect(report.lines[0]).to.match(/^error \/paths\/~1x\/get\/security\/0(\/nope)?: .*nope/);
  });
});
