import { expect } from 'chai';
import { SignJWT } from 'jose';
import { gatewayTrustedJwt, jwtVerifier, type VerifierContext } from 'limis/runtime';

const secret = 'a-secret-long-enough-for-hs256';
const sign = (claims: Record<string, unknown>, key = secret) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(key));
const context = {} as VerifierContext;
const now = () => Math.floor(Date.now() / 1000);

describe('JWT verifiers', () => {
  it('jwtVerifier takes a well-signed, unexpired token’s claims and refuses a forged or expired one', async () => {
    const verify = jwtVerifier({ secret, algorithms: ['HS256'] });
    expect(await verify(await sign({ sub: 'ann', exp: now() + 60 }), context)).to.include({ sub: 'ann' });
    expect(await verify(await sign({ sub: 'ann' }, 'another-secret-entirely'), context)).to.equal(undefined);
    expect(await verify(await sign({ sub: 'ann', exp: now() - 60 }), context)).to.equal(undefined);
  });

  it('gatewayTrustedJwt reads the claims the gateway verified, still refusing an expired or malformed token', async () => {
    const trust = gatewayTrustedJwt();
    // The signature is the gateway's to check: a token signed with any key is read.
    expect(await trust(await sign({ sub: 'ann', exp: now() + 60 }, 'whatever-key-the-issuer-has'), context)).to.include(
      {
        sub: 'ann',
      },
    );
    expect(await trust(await sign({ sub: 'ann', exp: now() - 60 }), context)).to.equal(undefined);
    expect(await gatewayTrustedJwt({ clockTolerance: 120 })(await sign({ exp: now() - 60 }), context)).to.not.equal(
      undefined,
    );
    expect(await trust('not.a.jwt', context)).to.equal(undefined);
    expect(await trust('', context)).to.equal(undefined);
  });
});
