import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Page } from '../../components/Page';
import { graphql, ResultOf } from '../../graphql';
import { currentCursor, FIRST_PAGE, nextPage, pageNumber, previousPage } from '../../lib/cursor-stack';
import { when } from '../../lib/time';

const PAGE_SIZE = 25;
/** Every list of notifications (and the header's count) is read again when one is marked read. */
const NOTIFICATIONS = { additionalTypenames: ['Notification'] };

const UnreadNotifications = graphql(`
  query UnreadNotifications {
    notifications(unreadOnly: true, first: 100) {
      edges {
        node {
          id
          kind
          text
          caseId
          caseNumber
          createdAt
          readAt
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

const AllNotifications = graphql(`
  query AllNotifications($first: Int, $after: String) {
    notifications(first: $first, after: $after) {
      edges {
        node {
          id
          kind
          text
          caseId
          caseNumber
          createdAt
          readAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const MarkRead = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      id
      readAt
    }
  }
`);

const MarkAllRead = graphql(`
  mutation MarkAllNotificationsRead {
    markAllNotificationsRead
  }
`);

const NotificationRaised = graphql(`
  subscription NotificationRaised {
    notificationAdded {
      id
    }
  }
`);

type Item = ResultOf<typeof AllNotifications>['notifications']['edges'][number]['node'];

function kindLabel(kind: string): string {
  const words = kind.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function NotificationCard({ item }: { item: Item }) {
  const [marked, mark] = useMutation(MarkRead);
  return (
    <Card withBorder padding="sm" data-testid="notification" data-notification-id={item.id} data-read={item.readAt ? 'true' : 'false'}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            {!item.readAt && <Badge color="red.9">unread</Badge>}
            <Text fw={600} size="sm">
              {kindLabel(item.kind)}
            </Text>
          </Group>
          <Text size="sm" c="gray.8">
            {when(item.createdAt)}
          </Text>
        </Group>
        <Text>{item.text}</Text>
        <Group gap="sm">
          {item.caseId && (
            <Anchor component={Link} to={`/cases/${item.caseId}`} size="sm">
              Open case {item.caseNumber ?? ''}
            </Anchor>
          )}
          {!item.readAt && (
            <Button size="compact-sm" variant="outline" loading={marked.fetching} onClick={() => void mark({ id: item.id }, NOTIFICATIONS)}>
              Mark read
            </Button>
          )}
        </Group>
        <ErrorNotice error={marked.error} />
      </Stack>
    </Card>
  );
}

/** The viewer's notifications: the unread ones first, then the earlier ones page by page; new ones appear as they are raised. */
export function Notifications() {
  const [unread, rereadUnread] = useQuery({ query: UnreadNotifications, context: NOTIFICATIONS });
  const [pages, setPages] = useState(FIRST_PAGE);
  const [all, rereadAll] = useQuery({ query: AllNotifications, variables: { first: PAGE_SIZE, after: currentCursor(pages) }, context: NOTIFICATIONS });
  const [markedAll, markAll] = useMutation(MarkAllRead);
  const [{ data: raised }] = useSubscription({ query: NotificationRaised });
  const raisedId = raised?.notificationAdded.id;
  useEffect(() => {
    if (!raisedId) return;
    rereadUnread({ requestPolicy: 'network-only' });
    rereadAll({ requestPolicy: 'network-only' });
  }, [raisedId, rereadUnread, rereadAll]);

  const unreadItems = unread.data?.notifications.edges.map((edge) => edge.node) ?? [];
  const earlier = (all.data?.notifications.edges.map((edge) => edge.node) ?? []).filter((item) => item.readAt);
  const pageInfo = all.data?.notifications.pageInfo;
  return (
    <Page
      title="Notifications"
      actions={
        unreadItems.length > 0 && (
          <Button variant="outline" loading={markedAll.fetching} onClick={() => void markAll({}, NOTIFICATIONS)}>
            Mark all read
          </Button>
        )
      }
    >
      <ErrorNotice error={unread.error ?? all.error ?? markedAll.error} title="The notifications could not be read" />
      <Title order={3}>Unread</Title>
      {!unread.fetching && unreadItems.length === 0 && <Text>Nothing unread.</Text>}
      <Stack gap="xs" data-testid="unread-notifications">
        {unreadItems.map((item) => (
          <NotificationCard key={item.id} item={item} />
        ))}
      </Stack>
      {unread.data?.notifications.pageInfo.hasNextPage && <Text size="sm">More unread notifications follow: mark these read to see them.</Text>}
      <Title order={3}>Read</Title>
      {!all.fetching && earlier.length === 0 && <Text>No read notification on this page.</Text>}
      <Stack gap="xs" data-testid="read-notifications">
        {earlier.map((item) => (
          <NotificationCard key={item.id} item={item} />
        ))}
      </Stack>
      {(pageNumber(pages) > 1 || pageInfo?.hasNextPage) && (
        <Group>
          <Button variant="default" disabled={pageNumber(pages) === 1} onClick={() => setPages(previousPage(pages))}>
            Newer
          </Button>
          <Button variant="default" disabled={!pageInfo?.hasNextPage} onClick={() => setPages(nextPage(pages, pageInfo?.endCursor))}>
            Older
          </Button>
        </Group>
      )}
    </Page>
  );
}
