import { Foundation1764000000000 } from './1764000000000-foundation';
import { Cases1764100000000 } from './1764100000000-cases';
import { Referrals1764200000000 } from './1764200000000-referrals';
import { MillisecondTimes1764300000000 } from './1764300000000-millisecond-times';
import { Deadlines1764400000000 } from './1764400000000-deadlines';
import { AuditTrail1764500000000 } from './1764500000000-audit-trail';
import { BenchIndexes1764600000000 } from './1764600000000-bench-indexes';
import { MandatedReporting1764700000000 } from './1764700000000-mandated-reporting';
import { TemporaryPasswords1764710000000 } from './1764710000000-temporary-passwords';
import { SealCaseText1764720000000 } from './1764720000000-seal-case-text';
import { WebhookErrors1764740000000 } from './1764740000000-webhook-errors';
import { CaseTextAtRest1764790000000 } from './1764790000000-case-text-at-rest';
import { Directory1764800000000 } from './1764800000000-directory';
import { DirectoryHours1764810000000 } from './1764810000000-directory-hours';
import { BedHoldArrival1764820000000 } from './1764820000000-bed-hold-arrival';
import { DirectorySitesKept1764820010000 } from './1764820010000-directory-sites-kept';
import { Tips1764830000000 } from './1764830000000-tips';
import { Screening1764840000000 } from './1764840000000-screening';
import { Education1764850000000 } from './1764850000000-education';
import { MembershipConsentScopes1764850000100 } from './1764850000100-membership-consent-scopes';
import { Statistics1764860000000 } from './1764860000000-statistics';
import { MultiFactor1764870000000 } from './1764870000000-multi-factor';
import { SessionActivity1764880000000 } from './1764880000000-session-activity';
import { AgencySso1764890000000 } from './1764890000000-agency-sso';
import { StatisticsFacts1764920000000 } from './1764920000000-statistics-facts';
import { StatisticsFrozenLattices1764930000000 } from './1764930000000-statistics-frozen-lattices';

/** Every migration, in order. New ones are appended here. */
export const MIGRATIONS = [
  Foundation1764000000000,
  Cases1764100000000,
  Referrals1764200000000,
  MillisecondTimes1764300000000,
  Deadlines1764400000000,
  AuditTrail1764500000000,
  BenchIndexes1764600000000,
  MandatedReporting1764700000000,
  TemporaryPasswords1764710000000,
  SealCaseText1764720000000,
  WebhookErrors1764740000000,
  CaseTextAtRest1764790000000,
  Directory1764800000000,
  DirectoryHours1764810000000,
  BedHoldArrival1764820000000,
  DirectorySitesKept1764820010000,
  Tips1764830000000,
  Screening1764840000000,
  Education1764850000000,
  MembershipConsentScopes1764850000100,
  Statistics1764860000000,
  MultiFactor1764870000000,
  SessionActivity1764880000000,
  AgencySso1764890000000,
  StatisticsFacts1764920000000,
  StatisticsFrozenLattices1764930000000,
];
