// The case page's operations. The case itself, its deadlines, and the paged lists (notes, the
// timeline) are separate requests: a list page or a refused deadline list never costs the rest.
import { graphql, ResultOf } from '../../../graphql';

export const CaseQuery = graphql(`
  query CasePage($id: ID!) {
    case(id: $id) {
      id
      caseNumber
      status
      riskLevel
      openedAt
      closedAt
      version
      viewerScopes
      flags
      leadAgency {
        id
        name
      }
      child {
        legalName
        aliases
        dateOfBirth
        sex
        identifyingMarks
        placement {
          kind
          address
          phone
        }
        guardianContacts {
          name
          relationship
          phone
        }
      }
      consents {
        id
        purpose
        grantedBy
        scopes
        agencyIds
        agencyTypes
        effectiveAt
        expiresAt
        revokedAt
      }
      memberships {
        active
        role
        grantedVia
        scopes
        agency {
          id
          name
          type
        }
      }
      assignments {
        role
        user {
          id
          displayName
          agency {
            id
            name
          }
        }
      }
      referrals {
        id
        status
        serviceType
        urgency
        emergency
        scopes
        reason
        statusNote
        outcome
        declineReason
        createdAt
        respondedAt
        responseDueAt
        fromAgency {
          id
          name
        }
        toAgency {
          id
          name
        }
      }
      missingEpisodes {
        id
        missingSince
        learnedAt
        lastSeenPlace
        lastSeenWith
        returnedAt
        returnInterviewAt
        screeningDone
        reports {
          id
          reportedTo
          reportedAt
          reportNumber
        }
      }
      screenings {
        id
        instrumentTitle
        outcome
        administeredAt
      }
    }
  }
`);

export type CaseData = ResultOf<typeof CaseQuery>['case'];
export type ReferralData = CaseData['referrals'][number];
export type ConsentData = CaseData['consents'][number];

export const CaseDeadlinesQuery = graphql(`
  query CaseDeadlines($caseId: ID!) {
    deadlines(filter: { caseId: $caseId }, first: 50) {
      edges {
        node {
          id
          kind
          status
          dueAt
          overdue
          metAt
          agency {
            id
            name
          }
        }
      }
    }
  }
`);

export const CaseNotesQuery = graphql(`
  query CaseNotes($id: ID!, $after: String) {
    case(id: $id) {
      id
      notes(first: 20, after: $after) {
        edges {
          node {
            id
            category
            body
            createdAt
            correctsId
            agency {
              id
              name
            }
            author {
              id
              displayName
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const CaseTimelineQuery = graphql(`
  query CaseTimeline($id: ID!, $after: String) {
    case(id: $id) {
      id
      timeline(first: 25, after: $after) {
        edges {
          node {
            id
            kind
            occurredAt
            scope
            summary
            actorAgency {
              id
              name
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const AgenciesQuery = graphql(`
  query ConsentAgencies {
    agencies {
      id
      name
      type
    }
  }
`);

export const AddNoteMutation = graphql(`
  mutation AddNote($input: AddNoteInput!) {
    addNote(input: $input) {
      id
      category
    }
  }
`);

export const RecordConsentMutation = graphql(`
  mutation RecordConsent($input: RecordConsentInput!) {
    recordConsent(input: $input) {
      id
    }
  }
`);

export const RevokeConsentMutation = graphql(`
  mutation RevokeConsent($id: ID!) {
    revokeConsent(id: $id) {
      id
      revokedAt
    }
  }
`);

export const AcceptReferralMutation = graphql(`
  mutation AcceptReferral($id: ID!) {
    acceptReferral(id: $id) {
      id
      status
    }
  }
`);

export const DeclineReferralMutation = graphql(`
  mutation DeclineReferral($id: ID!, $reason: DeclineReason!, $note: String) {
    declineReferral(id: $id, reason: $reason, note: $note) {
      id
      status
    }
  }
`);

export const StartReferralMutation = graphql(`
  mutation StartReferral($id: ID!) {
    startReferral(id: $id) {
      id
      status
    }
  }
`);

export const CompleteReferralMutation = graphql(`
  mutation CompleteReferral($id: ID!, $outcome: String!) {
    completeReferral(id: $id, outcome: $outcome) {
      id
      status
    }
  }
`);
