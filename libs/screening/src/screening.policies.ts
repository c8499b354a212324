import { ALLOW, CASE_ROLES, DataScope, definePolicy, forbid, hide, Verdict } from '@tandem/authz';
import { CaseSight, READ_ONLY } from '@tandem/cases';

/*
 * Screening (docs/access-policy.md, "Who may do what"): whoever sees a case and holds SERVICES on
 * it submits a screening; its answers are SERVICES data, or CLINICAL where the instrument says so.
 */

/** Submitting a screening: how the viewer sees the case (an id they do not see is not disclosed). */
export interface ScreeningSubmitFacts {
  view: CaseSight;
}

export const SCREENING_SUBMIT = definePolicy<ScreeningSubmitFacts>({
  name: 'screening.submit',
  row: 'submit a screening',
  audit: 'SCREENING_SUBMIT',
  who: CASE_ROLES,
  hides: 'Case',
  rule: (_viewer, { view }): Verdict => {
    if (!view) return hide('case not visible');
    if (view === READ_ONLY) return forbid(READ_ONLY);
    return view.scopes.includes(DataScope.SERVICES) ? ALLOW : forbid('a screening is submitted by users holding SERVICES on the case', { message: 'You may not do this: submitting a screening needs the SERVICES scope on the case' });
  },
});

/** Reading the loaded instruments (their items, scoring and license): the people who administer them. No case data is involved. */
export const SCREENING_INSTRUMENTS_READ = definePolicy({
  name: 'screeningInstrument.read',
  row: 'read screening instruments',
  audit: 'SCREENING_INSTRUMENT_READ',
  who: CASE_ROLES,
});
