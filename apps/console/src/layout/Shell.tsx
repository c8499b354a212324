import { AppShell, Badge, Burger, Button, Group, NavLink, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { navOf } from '../lib/navigation';
import { session } from '../session/session';
import { useViewer } from '../session/use-session';
import { useUnreadCount } from './use-unread-count';

/** The frame of every signed-in page: who is signed in, the menu of their work, live unread count, sign out. */
export function Shell({ children }: { children: ReactNode }) {
  const viewer = useViewer();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const navigate = useNavigate();
  const unread = useUnreadCount();
  const signOut = async () => {
    await session.signOut();
    void navigate('/sign-in', { replace: true, state: { reason: 'signed-out' } });
  };
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Title order={1} size="h4">
              <Link to="/" style={{ color: 'inherit', textDecoration: 'none' }}>
                Tandem
              </Link>
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Button component={Link} to="/notifications" variant="subtle" size="compact-sm">
              Notifications
              <Badge ml={6} size="sm" color={unread > 0 ? 'red.9' : 'gray.8'} data-testid="unread-count">
                {unread}
              </Badge>
              <VisuallyHidden> unread</VisuallyHidden>
            </Button>
            <Text size="sm" visibleFrom="sm" data-testid="viewer-name">
              {viewer.displayName}
              {viewer.agencyName ? ` · ${viewer.agencyName}` : ''}
            </Text>
            <Button variant="outline" size="compact-sm" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main menu">
        <VisuallyHidden>
          <h2>Menu</h2>
        </VisuallyHidden>
        {navOf(viewer).map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            active={location.pathname === item.to}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
