import { ALLOW, definePolicy, forbid, hide, Role, Verdict, Viewer } from '@tandem/authz';

/*
 * An agency's webhook is managed by the system administrator, for any agency, and by the agency's
 * own administrator. The facts are the agency whose webhook it is.
 */

const ADMINISTRATORS = [Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN];

/** The agency a webhook, or one of its deliveries, belongs to. */
export interface WebhookOwner {
  agencyId: string;
}

function manages(viewer: Viewer, owner: WebhookOwner): boolean {
  if (viewer.role === Role.SYSTEM_ADMIN) return true;
  return viewer.role === Role.AGENCY_ADMIN && viewer.agencyId !== null && viewer.agencyId === owner.agencyId;
}

const ownAgencyOnly = (viewer: Viewer, owner: WebhookOwner): Verdict =>
  manages(viewer, owner) ? ALLOW : forbid('agency administrators manage only their own agency', { message: "You may manage only your own agency's webhook" });

/** Pointing the agency's webhook at a URL, with a new secret. */
const set = definePolicy<WebhookOwner>({
  name: 'webhook.set',
  row: "manage an agency's webhook",
  audit: 'WEBHOOK_SET',
  who: ADMINISTRATORS,
  rule: ownAgencyOnly,
});

/** Stopping calls to the agency's webhook. */
const disable = definePolicy<WebhookOwner>({
  name: 'webhook.disable',
  row: "manage an agency's webhook",
  audit: 'WEBHOOK_DISABLE',
  who: ADMINISTRATORS,
  rule: ownAgencyOnly,
});

/** The agency's webhook calls that failed every retry. */
const listDeadLetters = definePolicy<WebhookOwner>({
  name: 'webhook.listDeadLetters',
  row: "manage an agency's webhook",
  audit: 'WEBHOOK_DEAD_LETTERS',
  who: ADMINISTRATORS,
  rule: ownAgencyOnly,
});

/** Sending a dead call again (`null`: no delivery has the id); another agency's answers as if it did not exist. */
const retry = definePolicy<WebhookOwner | null>({
  name: 'webhook.retry',
  row: "manage an agency's webhook",
  audit: 'WEBHOOK_RETRY',
  who: ADMINISTRATORS,
  hides: 'Webhook delivery',
  rule: (viewer, delivery) => (delivery !== null && manages(viewer, delivery) ? ALLOW : hide('no such delivery in purview')),
});

/** Who manages which agency's webhook. */
export const WebhookPolicy = { set, disable, listDeadLetters, retry } as const;
