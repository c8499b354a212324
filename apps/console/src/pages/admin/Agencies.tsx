import { Badge, Button, Card, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ScrollTable } from '../../components/ScrollTable';
import { Page } from '../../components/Page';
import { graphql } from '../../graphql';
import type { AgencyType } from '../../session/session';
import { AGENCY_TYPE_LABEL } from './labels';

const REFRESH = { additionalTypenames: ['Agency'] };

const AgenciesQuery = graphql(`
  query ManagedAgencies {
    agencies {
      id
      name
      type
      active
      contactEmail
      contactPhone
      jurisdiction {
        id
        name
        code
      }
    }
    jurisdictions {
      id
      name
      code
    }
  }
`);

const CreateAgency = graphql(`
  mutation CreateAgency($input: CreateAgencyInput!) {
    createAgency(input: $input) {
      id
      name
    }
  }
`);

interface AgencyForm {
  name: string;
  type: AgencyType;
  jurisdictionId: string;
  contactEmail: string;
  contactPhone: string;
}

const EMPTY: AgencyForm = { name: '', type: 'CHILD_WELFARE', jurisdictionId: '', contactEmail: '', contactPhone: '' };

/** Every agency on Tandem, and a new one in a jurisdiction. */
export function Agencies() {
  const [{ data, fetching, error }] = useQuery({ query: AgenciesQuery, context: REFRESH });
  const [created, create] = useMutation(CreateAgency);
  const [form, setForm] = useState<AgencyForm>(EMPTY);
  const [done, setDone] = useState<string | null>(null);
  const agencies = [...(data?.agencies ?? [])].sort((a, b) => a.jurisdiction.name.localeCompare(b.jurisdiction.name) || a.name.localeCompare(b.name));
  const jurisdictions = data?.jurisdictions ?? [];
  return (
    <Page title="Agencies">
      <Card withBorder>
        <form
          aria-labelledby="create-agency-heading"
          onSubmit={async (event) => {
            event.preventDefault();
            setDone(null);
            const input = {
              name: form.name,
              type: form.type,
              jurisdictionId: form.jurisdictionId,
              contactEmail: form.contactEmail.trim() || null,
              contactPhone: form.contactPhone.trim() || null,
            };
            const result = await create({ input }, REFRESH);
            if (result.data) {
              setDone(result.data.createAgency.name);
              setForm(EMPTY);
            }
          }}
        >
          <Stack gap="sm">
            <Title order={3} id="create-agency-heading">
              New agency
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
              <NativeSelect
                label="Type"
                value={form.type}
                onChange={(e) => setForm({ ...form, type: e.currentTarget.value as AgencyType })}
                data={Object.entries(AGENCY_TYPE_LABEL).map(([value, label]) => ({ value, label }))}
              />
              <NativeSelect
                label="Jurisdiction"
                required
                value={form.jurisdictionId}
                onChange={(e) => setForm({ ...form, jurisdictionId: e.currentTarget.value })}
                data={[{ value: '', label: 'Choose a jurisdiction' }, ...jurisdictions.map((j) => ({ value: j.id, label: `${j.name} (${j.code})` }))]}
              />
              <TextInput label="Contact email" type="email" value={form.contactEmail} onChange={(e) => setForm({ ...form, contactEmail: e.currentTarget.value })} />
              <TextInput label="Contact phone" type="tel" value={form.contactPhone} onChange={(e) => setForm({ ...form, contactPhone: e.currentTarget.value })} />
            </SimpleGrid>
            <ErrorNotice error={created.error} title="Not created" />
            {done && (
              <Text role="status">
                {done} was created. Add its administrator under Users.
              </Text>
            )}
            <Button type="submit" loading={created.fetching} w="fit-content">
              Create agency
            </Button>
          </Stack>
        </form>
      </Card>
      <Title order={3}>All agencies</Title>
      <ErrorNotice error={error} title="The agencies could not be read" />
      {!fetching && !error && agencies.length === 0 && <Text>No agency yet.</Text>}
      {agencies.length > 0 && (
        <ScrollTable label="All agencies" minWidth={720}>
          <Table striped data-testid="agencies">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Jurisdiction</Table.Th>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agencies.map((agency) => (
                <Table.Tr key={agency.id}>
                  <Table.Td>{agency.name}</Table.Td>
                  <Table.Td>{AGENCY_TYPE_LABEL[agency.type]}</Table.Td>
                  <Table.Td>
                    {agency.jurisdiction.name} ({agency.jurisdiction.code})
                  </Table.Td>
                  <Table.Td>{[agency.contactEmail, agency.contactPhone].filter(Boolean).join(' · ') || '—'}</Table.Td>
                  <Table.Td>{agency.active ? <Badge color="teal.9">active</Badge> : <Badge color="gray.8">inactive</Badge>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Page>
  );
}
