import { DataScope } from '@tandem/authz';
import { grantScopes, NO_SCOPES } from './membership-basis';

const { SUMMARY, IDENTITY, LOCATION, SERVICES, INVESTIGATION } = DataScope;
const emergency = (scopes: DataScope[]) => ({ scopes, consentRequired: false });
const consented = (scopes: DataScope[]) => ({ scopes, consentRequired: true });

describe('the consent basis of a membership, scope by scope', () => {
  it('holds the scopes of a first grant on the grant’s basis; only IDENTITY, LOCATION and SERVICES ever rest on consent', () => {
    expect(grantScopes(NO_SCOPES, consented([SUMMARY, LOCATION, SERVICES]))).toEqual({ scopes: [SUMMARY, LOCATION, SERVICES], consentScopes: [LOCATION, SERVICES] });
    expect(grantScopes(NO_SCOPES, emergency([SUMMARY, IDENTITY, LOCATION]))).toEqual({ scopes: [SUMMARY, IDENTITY, LOCATION], consentScopes: [] });
    expect(grantScopes(NO_SCOPES, consented([SUMMARY, INVESTIGATION]))).toEqual({ scopes: [SUMMARY, INVESTIGATION], consentScopes: [] });
  });

  it('an emergency share after a consented one leaves the consented scopes on consent (no loosening)', () => {
    const first = grantScopes(NO_SCOPES, consented([SERVICES]));
    expect(grantScopes(first, emergency([LOCATION]))).toEqual({ scopes: [SERVICES, LOCATION], consentScopes: [SERVICES] });
  });

  it('a consented share after an emergency one leaves the emergency scopes on no consent (no tightening)', () => {
    const first = grantScopes(NO_SCOPES, emergency([LOCATION]));
    expect(grantScopes(first, consented([LOCATION, SERVICES]))).toEqual({ scopes: [LOCATION, SERVICES], consentScopes: [SERVICES] });
  });

  it('a share that needs no consent of a scope held on consent holds it on no consent from then on', () => {
    const first = grantScopes(NO_SCOPES, consented([IDENTITY, SERVICES]));
    // A report to law enforcement: IDENTITY and LOCATION need no consent; SERVICES stays on consent.
    expect(grantScopes(first, emergency([SUMMARY, IDENTITY, LOCATION, INVESTIGATION]))).toEqual({
      scopes: [IDENTITY, SERVICES, SUMMARY, LOCATION, INVESTIGATION],
      consentScopes: [SERVICES],
    });
  });

  it('the same grant twice changes nothing', () => {
    const once = grantScopes(grantScopes(NO_SCOPES, emergency([LOCATION])), consented([SERVICES]));
    expect(grantScopes(once, consented([SERVICES]))).toEqual(once);
    expect(grantScopes(once, emergency([LOCATION]))).toEqual(once);
  });
});
