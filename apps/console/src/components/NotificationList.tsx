import { Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { graphql, type ResultOf } from '../graphql';
import { when } from '../lib/time';
import { ErrorNotice } from './ErrorNotice';

/** The fields every list of notifications reads. */
export const NotificationFields = graphql(`
  fragment NotificationFields on Notification {
    id
    kind
    text
    caseId
    caseNumber
    createdAt
    readAt
  }
`);

export type NotificationItem = ResultOf<typeof NotificationFields>;

/** Every list of notifications (and the header's count) is read again when one is marked read. */
export const NOTIFICATIONS = { additionalTypenames: ['Notification'] };

const MarkRead = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      id
      readAt
    }
  }
`);

function kindLabel(kind: string): string {
  const words = kind.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function NotificationCard({ item }: { item: NotificationItem }) {
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

/** Notifications as cards, each with its case and, while unread, a button that marks it read. */
export function NotificationList({ items, testId }: { items: readonly NotificationItem[]; testId: string }) {
  return (
    <Stack gap="xs" data-testid={testId}>
      {items.map((item) => (
        <NotificationCard key={item.id} item={item} />
      ))}
    </Stack>
  );
}
