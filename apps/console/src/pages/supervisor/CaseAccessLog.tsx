import { Anchor, Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Page } from '../../components/Page';
import { graphql, readFragment } from '../../graphql';
import { AuditEventFields, SupervisorAuditTable } from './audit-events';

const CaseLogQuery = graphql(
  `
    query CaseAccessLog($caseId: ID!, $after: String) {
      caseAccessLog(caseId: $caseId, first: 50, after: $after) {
        edges {
          node {
            ...AuditEventFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [AuditEventFields],
);

/** Every event on one case your agency leads, by anyone (its accounting of disclosures). */
export function CaseAccessLog() {
  const { caseId = '' } = useParams();
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const after = pages[pages.length - 1] ?? null;
  const [{ data, fetching, error }] = useQuery({ query: CaseLogQuery, variables: { caseId, after } });
  const events = (data?.caseAccessLog.edges ?? []).map(({ node }) => readFragment(AuditEventFields, node));
  const pageInfo = data?.caseAccessLog.pageInfo;
  return (
    <Page title="Case access log">
      <Anchor component={Link} to="/supervisor/audit">
        Back to the audit trail
      </Anchor>
      <Text size="sm">Everyone who read or changed the case, or was refused, newest first. Kept for supervisors of the lead agency and auditors.</Text>
      <ErrorNotice error={error} title="The access log could not be read" />
      {!fetching && !error && events.length === 0 && <Text>No event on this case.</Text>}
      {events.length > 0 && <SupervisorAuditTable events={events} logLinks={false} testId="case-access-log" />}
      <Group>
        {pages.length > 1 && (
          <Button variant="default" onClick={() => setPages(pages.slice(0, -1))}>
            Newer events
          </Button>
        )}
        {pageInfo?.hasNextPage && (
          <Button variant="default" onClick={() => setPages([...pages, pageInfo.endCursor ?? null])}>
            Older events
          </Button>
        )}
      </Group>
    </Page>
  );
}
