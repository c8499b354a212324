import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiscoveryService } from '@nestjs/core';
import { generateSchema } from '@apps/api/schema';
import { ACCESS_POLICY, AccessPolicy, AgencyType, declaredPolicies, Role } from '@tandem/authz';
import { AppConfig } from '@tandem/platform';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Every GraphQL operation with the access it declares. A change of access, or a new
 * operation, fails this test until the list is changed too, so it shows up in review.
 */
const EXPECTED_POLICIES: Record<string, string> = {
  'Mutation.acceptHandoff': 'handoff.accept (STAFF,SUPERVISOR)',
  'Mutation.acceptReferral': 'referral.accept (STAFF,SUPERVISOR)',
  'Mutation.addNote': 'note.add (signed-in)',
  'Mutation.assignUser': 'case.assign (signed-in)',
  'Mutation.breakGlass': 'case.breakGlass (signed-in)',
  'Mutation.cancelHandoff': 'handoff.cancel (STAFF,SUPERVISOR)',
  'Mutation.changePassword': 'account.changePassword (signed-in)',
  'Mutation.closeCase': 'case.close (signed-in)',
  'Mutation.completeReferral': 'referral.complete (STAFF,SUPERVISOR)',
  'Mutation.confirmMfaEnrollment': 'mfa.manageOwn (signed-in)',
  'Mutation.createAgency': 'agency.create (SYSTEM_ADMIN)',
  'Mutation.createCase': 'case.create (STAFF,SUPERVISOR)',
  'Mutation.createJurisdiction': 'jurisdiction.create (SYSTEM_ADMIN)',
  'Mutation.createReferral': 'referral.send (STAFF,SUPERVISOR)',
  'Mutation.createUser': 'user.create (AGENCY_ADMIN,SYSTEM_ADMIN)',
  'Mutation.declineHandoff': 'handoff.decline (STAFF,SUPERVISOR)',
  'Mutation.declineReferral': 'referral.decline (STAFF,SUPERVISOR)',
  'Mutation.disableAgencyWebhook': 'webhook.disable (AGENCY_ADMIN,SYSTEM_ADMIN)',
  'Mutation.disableUser': 'user.disable (AGENCY_ADMIN,SYSTEM_ADMIN)',
  'Mutation.enableUser': 'user.enable (AGENCY_ADMIN,SYSTEM_ADMIN)',
  'Mutation.endOtherSessions': 'session.end (signed-in)',
  'Mutation.endSession': 'session.end (signed-in)',
  'Mutation.failReferral': 'referral.fail (STAFF,SUPERVISOR)',
  'Mutation.login': 'session.login (public)',
  'Mutation.logout': 'session.logout (signed-in)',
  'Mutation.recordConsent': 'consent.record (signed-in)',
  'Mutation.refreshToken': 'session.refresh (public)',
  'Mutation.reopenCase': 'case.reopen (signed-in)',
  'Mutation.requestHandoff': 'handoff.request (STAFF,SUPERVISOR)',
  'Mutation.resetUserMfa': 'mfa.reset (AGENCY_ADMIN,SYSTEM_ADMIN)',
  'Mutation.retryWebhookDelivery': 'webhook.retry (AGENCY_ADMIN,SYSTEM_ADMIN)',
  'Mutation.revokeConsent': 'consent.revoke (signed-in)',
  'Mutation.setAgencyMfaRequired': 'mfa.setAgencyRule (AGENCY_ADMIN,SYSTEM_ADMIN)',
  'Mutation.setAgencyWebhook': 'webhook.set (AGENCY_ADMIN,SYSTEM_ADMIN)',
  'Mutation.setCaseFlag': 'case.flag (signed-in)',
  'Mutation.startMfaEnrollment': 'mfa.manageOwn (signed-in)',
  'Mutation.startReferral': 'referral.start (STAFF,SUPERVISOR)',
  'Mutation.unassignUser': 'case.unassign (signed-in)',
  'Mutation.updateCase': 'case.update (signed-in)',
  'Mutation.verifyMfa': 'session.verifyMfa (public)',
  'Mutation.withdrawReferral': 'referral.withdraw (STAFF,SUPERVISOR)',
  'Mutation.updateService': 'directoryService.update (AGENCY_ADMIN,SUPERVISOR)',
  'Mutation.setLocationConfidential': 'directorySite.update (AGENCY_ADMIN,SUPERVISOR)',
  'Mutation.linkAgencyToOrganization': 'directoryOrganization.link (SYSTEM_ADMIN)',
  'Mutation.importDirectory': 'directory.import (SYSTEM_ADMIN)',
  'Mutation.configureAgencySingleSignOn': 'agencySso.configure (SYSTEM_ADMIN)',
  'Mutation.exchangeSignInCode': 'agencySso.signIn (public)',
  'Query.agencySingleSignOn': 'agencySso.read (SYSTEM_ADMIN)',
  'Query.agencies': 'agency.list (signed-in)',
  'Query.agencyStaff': 'staff.list (SUPERVISOR)',
  'Query.auditEvents': 'auditEvent.list (AUDITOR,SUPERVISOR)',
  'Query.auditReport': 'auditEvent.report (AUDITOR,SUPERVISOR)',
  'Query.caseAccessLog': 'caseAccessLog.read (AUDITOR,SUPERVISOR)',
  'Query.exportAuditEvents': 'auditEvent.export (AUDITOR,SUPERVISOR)',
  'Query.auditChainVerification': 'auditEvent.verifyChains (AUDITOR)',
  'Query.agency': 'agency.read (signed-in)',
  'Query.case': 'case.read (signed-in)',
  'Query.cases': 'case.read (signed-in)',
  'Query.handoffs': 'handoff.list (STAFF,SUPERVISOR)',
  'Query.inboxCounts': 'inbox.count (STAFF,SUPERVISOR)',
  'Query.locateCases': 'case.locate (STAFF,SUPERVISOR)',
  'Query.jurisdictions': 'jurisdiction.list (signed-in)',
  'Query.me': 'account.read (signed-in)',
  'Query.myMfa': 'mfa.manageOwn (signed-in)',
  'Query.referral': 'referral.read (STAFF,SUPERVISOR)',
  'Query.referrals': 'referral.list (STAFF,SUPERVISOR)',
  'Query.users': 'user.list (AGENCY_ADMIN,SYSTEM_ADMIN)',
  'Query.resources': 'directory.read (signed-in)',
  'Query.sessions': 'session.list (signed-in)',
  'Query.resource': 'directory.read (signed-in)',
  'Query.publicResources': 'directory.readPublic (public)',
  'Query.tipChallenge': 'tip.challenge (public)',
  'Query.tipJurisdictions': 'tip.jurisdictions (public)',
  'Mutation.submitTip': 'tip.submit (public)',
  'Query.tipStatus': 'tip.followUp (public)',
  'Mutation.addToTip': 'tip.followUp (public)',
  'Query.tips': 'tip.list (STAFF,SUPERVISOR)',
  'Query.tip': 'tip.read (STAFF,SUPERVISOR)',
  'Mutation.triageTip': 'tip.triage (STAFF,SUPERVISOR)',
  'Query.warningSigns': 'education.readPublic (public)',
  'Query.learningResources': 'education.readPublic (public)',
  'Mutation.publishEducationItem': 'educationItem.publish (SUPERVISOR)',
  'Mutation.retractEducationItem': 'educationItem.retract (SUPERVISOR)',
  'Query.statistics': 'statistics.read (signed-in)',
  'Query.publishedStatistics': 'statistics.readPublished (public)',
  'Query.publishedStatisticsRelease': 'statistics.readPublished (public)',
  'Mutation.publishStatistics': 'statisticsRelease.publish (SUPERVISOR,SYSTEM_ADMIN)',
  'Subscription.notificationAdded': 'notification.subscribe (signed-in)',
  'Subscription.capacityChanged': 'capacity.subscribe (STAFF,SUPERVISOR)',
  'Mutation.updateCapacity': 'capacity.update (AGENCY_ADMIN,STAFF,SUPERVISOR)',
  'Query.suggestProviders': 'provider.suggest (STAFF,SUPERVISOR)',
  'Query.screeningInstruments': 'screeningInstrument.read (STAFF,SUPERVISOR)',
  'Mutation.markAllNotificationsRead': 'notification.markAllRead (signed-in)',
  'Mutation.markNotificationRead': 'notification.markRead (signed-in)',
  'Mutation.recordCaseReview': 'case.review (STAFF,SUPERVISOR)',
  'Mutation.recordMissingEpisode': 'missingEpisode.record (STAFF,SUPERVISOR)',
  'Mutation.recordMissingReport': 'missingReport.record (STAFF,SUPERVISOR)',
  'Mutation.recordReturn': 'missingReturn.record (STAFF,SUPERVISOR)',
  'Mutation.recordReturnInterview': 'returnInterview.record (STAFF,SUPERVISOR)',
  'Mutation.submitScreening': 'screening.submit (STAFF,SUPERVISOR)',
  'Mutation.recordVictimReport': 'victimReport.record (STAFF,SUPERVISOR)',
  'Mutation.reviewBreakGlass': 'breakGlass.review (AUDITOR,SUPERVISOR)',
  'Query.deadlines': 'deadline.list (STAFF,SUPERVISOR)',
  'Query.notifications': 'notification.list (signed-in)',
  'Query.unreadNotificationCount': 'notification.count (signed-in)',
  'Query.webhookDeadLetters': 'webhook.listDeadLetters (AGENCY_ADMIN,SYSTEM_ADMIN)',
};

function describePolicy(policy: AccessPolicy | undefined): string {
  if (!policy) return 'UNDECLARED';
  if (policy.kind === 'policy') return `${policy.name} (${typeof policy.who === 'string' ? policy.who : [...policy.who].sort().join(',')})`;
  return policy.kind;
}

/** Policies checked somewhere other than at a GraphQL operation, and where. */
const CHECKED_OUTSIDE_OPERATIONS: Record<string, string> = {
  'queueBoard.open': 'the queue dashboard, an HTTP route (apps/api/src/queue-board.ts)',
  'caseAccessLog.readOnCase': 'the Case.accessLog field (libs/oversight/src/graphql/case-access-log.resolver.ts)',
  'user.readAdministration': "the User fields of an account's administration (libs/identity/src/graphql/identity.resolver.ts)",
  'consent.read': 'the Case.consents field (libs/cases/src/graphql/case-consents.resolver.ts)',
  'directorySite.readAddress': "a directory site's address, coordinates and distance (libs/directory/src/directory-reader.service.ts, and in SQL in libs/directory/src/directory.repository.ts)",
};

describe('API operations', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('declares an access policy on every operation, as listed', () => {
    const found: Record<string, string> = {};
    for (const wrapper of t.app.get(DiscoveryService).getProviders()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.metatype) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const method = Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown;
        if (typeof method !== 'function') continue;
        const type = Reflect.getMetadata('graphql:resolver_type', method) as string | undefined;
        if (type !== 'Query' && type !== 'Mutation' && type !== 'Subscription') continue;
        const field = (Reflect.getMetadata('graphql:resolver_name', method) as string | undefined) ?? name;
        const policy =
          (Reflect.getMetadata(ACCESS_POLICY, method) as AccessPolicy | undefined) ??
          (Reflect.getMetadata(ACCESS_POLICY, wrapper.metatype) as AccessPolicy | undefined);
        found[`${type}.${field}`] = describePolicy(policy);
      }
    }
    expect(found).toEqual(EXPECTED_POLICIES);
  });

  it('uses every declared policy: at an operation, or at one of the few places outside them', () => {
    const atOperations = new Set(Object.values(EXPECTED_POLICIES).map((described) => described.split(' ')[0]));
    const unused = declaredPolicies()
      .map((policy) => policy.name)
      .filter((name) => !atOperations.has(name) && !CHECKED_OUTSIDE_OPERATIONS[name]);
    expect(unused).toEqual([]);
    expect(Object.keys(CHECKED_OUTSIDE_OPERATIONS).filter((name) => !declaredPolicies().some((policy) => policy.name === name))).toEqual([]);
  });

  it('matches the committed schema.graphql (run "npm run schema:print" after changing the API)', async () => {
    const committed = readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8');
    expect(await generateSchema(AppConfig.fromEnv())).toBe(committed);
  });

  it('answers liveness and readiness with PostgreSQL and Redis', async () => {
    const live = await t.gql.http().get('/health/live');
    expect(live.status).toBe(200);
    const ready = await t.gql.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('reports readiness as failed when Redis is unreachable', async () => {
    const broken = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const ready = await broken.gql.http().get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.details.redis.status).toBe('down');
    } finally {
      await broken.close();
    }
  });

  it('serves Prometheus metrics with operation latencies and queue depths', async () => {
    // Labelled by the root field, not the name the client chose.
    await t.gql.query(`query Probe { __typename }`);
    const metrics = await t.gql.http().get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('tandem_graphql_operation_duration_seconds_bucket');
    expect(metrics.text).toMatch(/tandem_graphql_operations_total\{operation="__typename",type="query",outcome="ok"\} \d+/);
    expect(metrics.text).toMatch(/tandem_queue_jobs\{queue="events",state="waiting"\} \d+/);
    expect(metrics.text).toMatch(/tandem_outbox_pending \d+/);
  });

  it('refuses a query deeper than the limit before running it', async () => {
    const agency = await t.world.agency(AgencyType.SHELTER);
    const admin = await t.world.user(Role.AGENCY_ADMIN, agency.id);
    const token = await t.signIn(admin);
    const deep = `{ me { agency { jurisdiction { id } } } }`;
    expect((await t.gql.query(deep, {}, token)).errors).toEqual([]);
    const limited = await createTestApp({ GRAPHQL_MAX_DEPTH: '3' });
    try {
      const response = await limited.gql.query(deep, {}, token);
      expect(response.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors[0]?.message).toMatch(/too deep: depth 4 exceeds the limit of 3/);
    } finally {
      await limited.close();
    }
  });

  it('refuses a query that costs more than the limit', async () => {
    const admin = await t.world.user(Role.SYSTEM_ADMIN, null);
    const token = await t.signIn(admin);
    const costly = `{ users(first: 100) { edges { node { id email agency { id name } } } } }`;
    const limited = await createTestApp({ GRAPHQL_MAX_COST: '100' });
    try {
      const response = await limited.gql.query(costly, {}, token);
      expect(response.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors[0]?.message).toMatch(/too costly/);
      const cheap = await limited.gql.query(`{ users(first: 2) { edges { node { id } } } }`, {}, token);
      expect(cheap.errors).toEqual([]);
    } finally {
      await limited.close();
    }
  });

  it('rate limits sign-in attempts with RATE_LIMITED', async () => {
    // Counters live in Redis under the app's prefix: a prefix of its own keeps other suites' sign-ins out.
    const limited = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-limits` });
    try {
      const login = `mutation { login(email: "nobody@tandem.test", password: "whatever-password") { accessToken } }`;
      const codes: (string | undefined)[] = [];
      for (let i = 0; i < 4; i += 1) codes.push(await limited.gql.code(login));
      expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED']);
      const refused = await limited.gql.query(login);
      expect(refused.errors[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      // A second API process with the same Redis shares the counter.
      const sibling = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-limits` });
      try {
        expect(await sibling.gql.code(login)).toBe('RATE_LIMITED');
      } finally {
        await sibling.close();
      }
    } finally {
      await limited.close();
    }
  });

  it('gives clients no stack traces, no SQL and no schema suggestions', async () => {
    const typo = await t.gql.query(`{ mee { id } }`);
    expect(typo.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(typo.errors[0]?.message).not.toMatch(/Did you mean/);
    expect(JSON.stringify(typo.errors)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
    const malformed = await t.gql.query(`{ me { `);
    expect(malformed.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
