import { Button, Card, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ScrollTable } from '../../components/ScrollTable';
import { Page } from '../../components/Page';
import { graphql } from '../../graphql';

const REFRESH = { additionalTypenames: ['Jurisdiction'] };

const JurisdictionsQuery = graphql(`
  query ManagedJurisdictions {
    jurisdictions {
      id
      name
      code
    }
  }
`);

const CreateJurisdiction = graphql(`
  mutation CreateJurisdiction($input: CreateJurisdictionInput!) {
    createJurisdiction(input: $input) {
      id
      name
      code
    }
  }
`);

/** The counties and cities whose agencies work together on Tandem, and a new one. */
export function Jurisdictions() {
  const [{ data, fetching, error }] = useQuery({ query: JurisdictionsQuery, context: REFRESH });
  const [created, create] = useMutation(CreateJurisdiction);
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const jurisdictions = [...(data?.jurisdictions ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Page title="Jurisdictions">
      <Card withBorder>
        <form
          aria-labelledby="create-jurisdiction-heading"
          onSubmit={async (event) => {
            event.preventDefault();
            setDone(null);
            const result = await create({ input: { name, code: code.trim().toUpperCase() } }, REFRESH);
            if (result.data) {
              setDone(`${result.data.createJurisdiction.name} (${result.data.createJurisdiction.code})`);
              setName('');
              setCode('');
            }
          }}
        >
          <Stack gap="sm">
            <Title order={3} id="create-jurisdiction-heading">
              New jurisdiction
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Name" description="The county or city, e.g. St. Louis County" descriptionProps={{ c: 'gray.8' }} required value={name} onChange={(e) => setName(e.currentTarget.value)} />
              <TextInput label="Code" description="Two to five capital letters, e.g. STL" descriptionProps={{ c: 'gray.8' }} required maxLength={5} value={code} onChange={(e) => setCode(e.currentTarget.value)} />
            </SimpleGrid>
            <ErrorNotice error={created.error} title="Not created" />
            {done && (
              <Text role="status">
                {done} was created. Add its agencies under Agencies.
              </Text>
            )}
            <Button type="submit" loading={created.fetching} w="fit-content">
              Create jurisdiction
            </Button>
          </Stack>
        </form>
      </Card>
      <Title order={3}>All jurisdictions</Title>
      <ErrorNotice error={error} title="The jurisdictions could not be read" />
      {!fetching && !error && jurisdictions.length === 0 && <Text>No jurisdiction yet.</Text>}
      {jurisdictions.length > 0 && (
        <ScrollTable label="All jurisdictions" minWidth={320}>
          <Table striped data-testid="jurisdictions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Code</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jurisdictions.map((j) => (
                <Table.Tr key={j.id}>
                  <Table.Td>{j.name}</Table.Td>
                  <Table.Td>{j.code}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Page>
  );
}
