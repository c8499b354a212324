import { Badge, Button, Card, Code, Group, List, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ScrollTable } from '../../components/ScrollTable';
import { Page } from '../../components/Page';
import { graphql, ResultOf } from '../../graphql';
import { currentCursor, FIRST_PAGE, nextPage, pageNumber, previousPage } from '../../lib/cursor-stack';
import { DirectoryUpload } from './DirectoryUpload';

const PAGE_SIZE = 50;

const DirectorySites = graphql(`
  query DirectorySites($first: Int, $after: String) {
    resources(filter: { includeInactive: true }, first: $first, after: $after) {
      edges {
        node {
          id
          service {
            id
            name
            serviceType
            status
          }
          location {
            id
            name
            confidential
          }
          organization {
            id
            name
            agencyId
            agency {
              id
              name
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    agencies {
      id
      name
    }
  }
`);

const LinkOrganization = graphql(`
  mutation LinkAgencyToOrganization($organizationId: ID!, $agencyId: ID) {
    linkAgencyToOrganization(organizationId: $organizationId, agencyId: $agencyId) {
      id
      agencyId
      agency {
        id
        name
      }
    }
  }
`);

type Organization = ResultOf<typeof DirectorySites>['resources']['edges'][number]['node']['organization'];

/** Which Tandem agency a directory organization is: what lets an agency edit its own services and sites. */
function OrganizationLink({ organization, agencies }: { organization: Organization; agencies: { id: string; name: string }[] }) {
  const [agencyId, setAgencyId] = useState(organization.agencyId ?? '');
  const [linked, link] = useMutation(LinkOrganization);
  const changed = agencyId !== (organization.agencyId ?? '');
  return (
    <Table.Tr>
      <Table.Td>{organization.name}</Table.Td>
      <Table.Td>
        <NativeSelect
          aria-label={`Tandem agency of ${organization.name}`}
          value={agencyId}
          onChange={(e) => setAgencyId(e.currentTarget.value)}
          data={[{ value: '', label: 'None (not on Tandem)' }, ...agencies.map((a) => ({ value: a.id, label: a.name }))]}
        />
        <ErrorNotice error={linked.error} />
      </Table.Td>
      <Table.Td>
        <Button size="compact-sm" variant="outline" disabled={!changed} loading={linked.fetching} onClick={() => void link({ organizationId: organization.id, agencyId: agencyId || null })}>
          Save
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The directory as it stands, and how to load it: an HSDS package imported here, or a larger one
 * with Tandem's command line (docs/directory-import.md).
 */
export function DirectoryImports() {
  const [pages, setPages] = useState(FIRST_PAGE);
  const [{ data, fetching, error }, reload] = useQuery({ query: DirectorySites, variables: { first: PAGE_SIZE, after: currentCursor(pages) } });
  const sites = data?.resources.edges.map((edge) => edge.node) ?? [];
  const pageInfo = data?.resources.pageInfo;
  const organizations = [...new Map(sites.map((site) => [site.organization.id, site.organization])).values()];
  return (
    <Page title="Directory imports">
      <DirectoryUpload onImported={() => reload({ requestPolicy: 'network-only' })} />
      <Card withBorder>
        <Stack gap="xs">
          <Title order={3}>From the command line</Title>
          <Text>
            A package of any size, or an export of the whole directory, goes through Tandem's command line, on a machine with access to its database. It checks
            the same way and writes all or nothing. Each import, from here or there, is recorded in the audit trail as <Code>DIRECTORY_IMPORT</Code>.
          </Text>
          <List size="sm" spacing={4}>
            <List.Item>
              <Code>npm run cli -- directory:import ./package-folder</Code> (a folder with datapackage.json and CSV files)
            </List.Item>
            <List.Item>
              <Code>npm run cli -- directory:import ./services.json</Code> (HSDS JSON)
            </List.Item>
            <List.Item>
              <Code>npm run cli -- directory:export ./backup-folder</Code> (the whole directory, as a package)
            </List.Item>
          </List>
          <Text size="sm">The formats, the checks and what an import does with beds held for referrals are described in docs/directory-import.md.</Text>
        </Stack>
      </Card>
      <Title order={3}>Sites in the directory</Title>
      <ErrorNotice error={error} title="The directory could not be read" />
      {!fetching && !error && sites.length === 0 && <Text>The directory is empty: nothing was imported yet.</Text>}
      {sites.length > 0 && (
        <ScrollTable label="Sites in the directory" minWidth={720}>
          <Table striped data-testid="directory-sites">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Service</Table.Th>
                <Table.Th>Site</Table.Th>
                <Table.Th>Organization</Table.Th>
                <Table.Th>Tandem agency</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sites.map((site) => (
                <Table.Tr key={site.id}>
                  <Table.Td>{site.service.name}</Table.Td>
                  <Table.Td>
                    {site.location.name ?? '—'} {site.location.confidential && <Badge color="grape.9">confidential</Badge>}
                  </Table.Td>
                  <Table.Td>{site.organization.name}</Table.Td>
                  <Table.Td>{site.organization.agency?.name ?? 'none'}</Table.Td>
                  <Table.Td>
                    <Badge color={site.service.status === 'ACTIVE' ? 'teal.9' : 'gray.8'}>{site.service.status.toLowerCase().replaceAll('_', ' ')}</Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {(pageNumber(pages) > 1 || pageInfo?.hasNextPage) && (
        <Group>
          <Button variant="default" disabled={pageNumber(pages) === 1} onClick={() => setPages(previousPage(pages))}>
            Previous sites
          </Button>
          <Button variant="default" disabled={!pageInfo?.hasNextPage} onClick={() => setPages(nextPage(pages, pageInfo?.endCursor))}>
            Next sites
          </Button>
        </Group>
      )}
      {organizations.length > 0 && (
        <>
          <Title order={3}>Organizations and their agencies</Title>
          <Text size="sm">An organization linked to its Tandem agency lets that agency's administrators and supervisors keep its services and sites current.</Text>
          <ScrollTable label="Organizations and their agencies" minWidth={560}>
            <Table striped data-testid="directory-organizations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Organization</Table.Th>
                  <Table.Th>Tandem agency</Table.Th>
                  <Table.Th>Change</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {organizations.map((organization) => (
                  <OrganizationLink key={organization.id} organization={organization} agencies={data?.agencies ?? []} />
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </>
      )}
    </Page>
  );
}
