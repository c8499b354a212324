import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { Page } from '../components/Page';

export function NotFound() {
  return (
    <Page title="Page not found">
      <Text>
        There is no such page. <Anchor component={Link} to="/">Go to the start.</Anchor>
      </Text>
    </Page>
  );
}
