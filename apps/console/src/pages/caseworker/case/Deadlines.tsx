import { Badge, Table, Text } from '@mantine/core';
import { useQuery } from 'urql';
import { DeadlineTimeLeft, WhoMustAct } from '../../../components/DeadlineCells';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ScrollTable } from '../../../components/ScrollTable';
import { when } from '../../../lib/time';
import { words } from './parts';
import { CaseDeadlinesQuery } from './queries';

/** The clocks running on the case: time left on those pending, when the others were met or breached. */
export function Deadlines({ caseId, now }: { caseId: string; now: Date }) {
  const [{ data, error, fetching }] = useQuery({ query: CaseDeadlinesQuery, variables: { caseId } });
  const deadlines = data?.deadlines.edges.map((edge) => edge.node) ?? [];
  return (
    <>
      <ErrorNotice error={error} title="The deadlines could not be read" />
      {!fetching && !error && deadlines.length === 0 && <Text size="sm">No deadlines on this case.</Text>}
      {deadlines.length > 0 && (
        <ScrollTable label="Deadlines" minWidth={520}>
          <Table striped data-testid="deadlines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time left</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Who acts</Table.Th>
                <Table.Th>Due</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deadlines.map((deadline) => (
                <Table.Tr key={deadline.id} data-kind={deadline.kind}>
                  <Table.Td>
                    {deadline.status === 'PENDING' ? (
                      <DeadlineTimeLeft dueAt={deadline.dueAt} now={now} />
                    ) : (
                      <Badge color={deadline.status === 'BREACHED' ? 'red.9' : 'gray'} variant={deadline.status === 'BREACHED' ? 'filled' : 'light'}>
                        {words(deadline.status)}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{words(deadline.kind)}</Table.Td>
                  <Table.Td>
                    <WhoMustAct agency={deadline.agency} />
                  </Table.Td>
                  <Table.Td>{when(deadline.dueAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </>
  );
}
