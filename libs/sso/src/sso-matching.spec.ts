import { MatchCandidate, MatchFacts, matchAccount } from './sso-matching';
import { providerMfa } from './sso.types';

const AGENCY = 'agency-a';
const account = (id: string, over: Partial<MatchCandidate> = {}): MatchCandidate => ({ id, agencyId: AGENCY, active: true, agencyActive: true, ...over });
const facts = (over: Partial<MatchFacts>): MatchFacts => ({ agencyId: AGENCY, linked: null, emailVerified: true, byEmail: null, byEmailLinkedElsewhere: false, ...over });

// Each row: what is known, and who is signed in (or why not). Nobody is ever created.
const ROWS: [string, MatchFacts, ReturnType<typeof matchAccount>][] = [
  ['a verified email of an active user of the agency: matched, and the subject linked', facts({ byEmail: account('u1') }), { matched: true, userId: 'u1', link: true }],
  ['a subject linked before: matched by it, whatever the email', facts({ linked: account('u1'), emailVerified: false }), { matched: true, userId: 'u1', link: false }],
  ['a linked subject wins over an email naming someone else', facts({ linked: account('u1'), byEmail: account('u2') }), { matched: true, userId: 'u1', link: false }],
  ['no link and no account with the email: unknown person', facts({}), { matched: false, reason: 'unknown person', userId: null, userAgencyId: null }],
  ['an unverified email: refused without naming the account', facts({ byEmail: account('u1'), emailVerified: false }), { matched: false, reason: 'email not verified', userId: null, userAgencyId: null }],
  ['an unverified email of nobody: unknown person', facts({ emailVerified: false }), { matched: false, reason: 'unknown person', userId: null, userAgencyId: null }],
  [
    'an email whose account is linked to another subject of the provider',
    facts({ byEmail: account('u1'), byEmailLinkedElsewhere: true }),
    { matched: false, reason: 'email linked to another subject', userId: null, userAgencyId: null },
  ],
  ['a user of another agency', facts({ byEmail: account('u1', { agencyId: 'agency-b' }) }), { matched: false, reason: 'user of another agency', userId: 'u1', userAgencyId: 'agency-b' }],
  ['a user of no agency (system administrator, auditor)', facts({ byEmail: account('u1', { agencyId: null }) }), { matched: false, reason: 'user of another agency', userId: 'u1', userAgencyId: null }],
  ['a disabled user', facts({ byEmail: account('u1', { active: false }) }), { matched: false, reason: 'account disabled', userId: 'u1', userAgencyId: AGENCY }],
  ['a linked user since disabled', facts({ linked: account('u1', { active: false }) }), { matched: false, reason: 'account disabled', userId: 'u1', userAgencyId: AGENCY }],
  ['a linked user since moved to another agency', facts({ linked: account('u1', { agencyId: 'agency-b' }) }), { matched: false, reason: 'user of another agency', userId: 'u1', userAgencyId: 'agency-b' }],
  ['a user of a disabled agency', facts({ byEmail: account('u1', { agencyActive: false }) }), { matched: false, reason: 'agency disabled', userId: 'u1', userAgencyId: AGENCY }],
];

describe('matching a provider-vouched person to a Tandem account', () => {
  it.each(ROWS)('%s', (_name, given, expected) => {
    expect(matchAccount(given)).toEqual(expected);
  });
});

const TRUSTED = { trustProviderMfa: true, acceptedAmr: [] as string[], acceptedAcr: ['urn:agency:loa:mfa'] };
const UNTRUSTED = { ...TRUSTED, trustProviderMfa: false };

// Each row: the agency's settings, the provider's claims, whether a second factor was asserted and whether it satisfies the MFA rule.
const MFA_ROWS: [string, typeof TRUSTED, { amr?: unknown; acr?: unknown }, boolean, boolean][] = [
  ['amr mfa, trusted', TRUSTED, { amr: ['pwd', 'mfa'] }, true, true],
  ['amr otp, trusted', TRUSTED, { amr: ['pwd', 'otp'] }, true, true],
  ['amr hwk, trusted', TRUSTED, { amr: ['hwk'] }, true, true],
  ['amr pwd only', TRUSTED, { amr: ['pwd'] }, false, false],
  ['no amr, no acr', TRUSTED, {}, false, false],
  ['an accepted acr', TRUSTED, { acr: 'urn:agency:loa:mfa' }, true, true],
  ['another acr', TRUSTED, { acr: 'urn:agency:loa:1' }, false, false],
  ['amr mfa, provider not trusted: asserted, not satisfying', UNTRUSTED, { amr: ['mfa'] }, true, false],
  ['amr not a list', TRUSTED, { amr: 'mfa' }, false, false],
  ['the agency lists its own amr values: only those count', { ...TRUSTED, acceptedAmr: ['sc'] }, { amr: ['mfa'] }, false, false],
  ['the agency lists its own amr values: smart card counts', { ...TRUSTED, acceptedAmr: ['sc'] }, { amr: ['pwd', 'sc'] }, true, true],
];

describe("what a provider's amr and acr claims say of the second factor", () => {
  it.each(MFA_ROWS)('%s', (_name, settings, claims, asserted, satisfied) => {
    expect(providerMfa(settings, claims)).toMatchObject({ asserted, satisfied });
  });
});
