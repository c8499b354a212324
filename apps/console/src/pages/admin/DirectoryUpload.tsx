import { Alert, Button, Card, FileInput, List, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ScrollTable } from '../../components/ScrollTable';
import { graphql } from '../../graphql';
import { importProblems, kilobytes, readPicked } from '../../lib/directory-upload';

const ImportDirectory = graphql(`
  mutation ImportDirectory($input: DirectoryImportInput!) {
    importDirectory(input: $input) {
      format
      changed
      tables {
        table
        rows
        inserted
        updated
      }
      ignored
      held {
        capacityId
        imported
        held
        available
      }
    }
  }
`);

/**
 * An HSDS package imported from the browser: the files are read here and sent together; the API
 * checks every row and writes all or nothing. A refusal lists each problem by file and line.
 */
export function DirectoryUpload({ onImported }: { onImported: () => void }) {
  const [picked, setPicked] = useState<File[]>([]);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [sent, send] = useMutation(ImportDirectory);
  const problems = importProblems(sent.error);
  const result = sent.data?.importDirectory;

  const submit = async () => {
    setRefusal(null);
    const read = await readPicked(picked);
    if (!read.ok) {
      setRefusal(read.reason);
      return;
    }
    const answer = await send({ input: { files: read.files } });
    if (answer.data) onImported();
  };

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={3}>Import a package</Title>
        <Text size="sm">
          Choose one HSDS JSON file, or a datapackage.json with the CSV files it names, or HSDS CSV files (organizations.csv, services.csv, ...). Every row is checked
          first; nothing is written unless all of it is right. Importing the same package again changes nothing.
        </Text>
        <FileInput
          label="Package files"
          placeholder="Choose files"
          multiple
          accept=".csv,.json,text/csv,application/json"
          value={picked}
          onChange={(files) => {
            setPicked(files);
            setRefusal(null);
          }}
          description={picked.length ? `${picked.length} file(s), ${kilobytes(picked.reduce((sum, file) => sum + file.size, 0))}` : undefined}
        />
        <Button onClick={() => void submit()} loading={sent.fetching} disabled={picked.length === 0} style={{ alignSelf: 'flex-start' }}>
          Check and import
        </Button>
        {refusal && (
          <Alert color="red" title="Not sent" role="alert" variant="light">
            {refusal}
          </Alert>
        )}
        {problems ? (
          <Alert color="red" title="Nothing was imported" role="alert" variant="light" data-testid="import-problems">
            <Text size="sm">{sent.error?.graphQLErrors[0]?.message}</Text>
            <List size="sm" spacing={2}>
              {problems.problems.map((problem, index) => (
                <List.Item key={index}>{problem}</List.Item>
              ))}
            </List>
            {problems.count > problems.problems.length && <Text size="sm">… and {problems.count - problems.problems.length} more.</Text>}
          </Alert>
        ) : (
          <ErrorNotice error={sent.error} title="Nothing was imported" />
        )}
        {result && !sent.error && (
          <Stack gap="xs" data-testid="import-result" role="status">
            <Text fw={600}>{result.changed ? `Imported: ${result.changed} rows written.` : 'The directory already held this package: nothing changed.'}</Text>
            <ScrollTable label="What the import wrote" minWidth={420}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Table</Table.Th>
                    <Table.Th>Rows</Table.Th>
                    <Table.Th>New</Table.Th>
                    <Table.Th>Changed</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.tables
                    .filter((table) => table.rows > 0)
                    .map((table) => (
                      <Table.Tr key={table.table}>
                        <Table.Td>{table.table}</Table.Td>
                        <Table.Td>{table.rows}</Table.Td>
                        <Table.Td>{table.inserted}</Table.Td>
                        <Table.Td>{table.updated}</Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
            {result.held.map((figure) => (
              <Text size="sm" key={figure.capacityId}>
                Beds held at {figure.capacityId}: the package says {figure.imported} available, {figure.held} are held for accepted referrals whose child has not
                arrived, so {figure.available} are shown.
              </Text>
            ))}
            {result.ignored.length > 0 && <Text size="sm">Left out (not stored by Tandem): {result.ignored.join('; ')}</Text>}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
