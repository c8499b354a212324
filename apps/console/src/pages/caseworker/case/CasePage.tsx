import { Badge, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { useNow } from '../../../components/Countdown';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ScrollTable } from '../../../components/ScrollTable';
import { Page } from '../../../components/Page';
import { Withheld } from '../../../components/Withheld';
import { when } from '../../../lib/time';
import { formsOffered, SightFacts, withheldFields, withheldNoteCategories, writableNoteCategories } from '../../../lib/withheld';
import { useViewer } from '../../../session/use-session';
import { Consents } from './Consents';
import { Deadlines } from './Deadlines';
import { Notes } from './Notes';
import { Field, Fields, Section, words } from './parts';
import { CaseData, CaseQuery } from './queries';
import { Referrals } from './Referrals';
import { Timeline } from './Timeline';

/**
 * One case, as far as the viewer sees it (the API decides): its summary, the child, the work on it,
 * and the changes made from here. Every field the API withheld says so and why.
 */
export function CasePage() {
  const { id = '' } = useParams();
  const viewer = useViewer();
  const now = useNow();
  const [result, reexecute] = useQuery({ query: CaseQuery, variables: { id } });
  // Lists that page (notes, timeline) and the deadlines start again after a change made here.
  const [generation, setGeneration] = useState(0);
  const changed = useCallback(() => {
    reexecute({ requestPolicy: 'network-only' });
    setGeneration((n) => n + 1);
  }, [reexecute]);

  const data = result.data?.case;
  const facts = useMemo<SightFacts | null>(
    () =>
      data
        ? {
            viewerAgencyId: viewer.agencyId,
            viewerAgencyType: viewer.agencyType,
            viewerScopes: data.viewerScopes,
            leadAgencyId: data.leadAgency.id,
            memberships: data.memberships.map((m) => ({ agencyId: m.agency.id, active: m.active, scopes: m.scopes })),
            pendingShares: data.referrals.filter((r) => r.status === 'REQUESTED' && r.toAgency.id === viewer.agencyId).map((r) => r.scopes),
          }
        : null,
    [data, viewer.agencyId, viewer.agencyType],
  );
  const withheld = useMemo(() => (facts ? withheldFields(result.extensions?.redacted, 'case', facts) : new Map<string, string>()), [facts, result.extensions]);

  const offered = facts ? formsOffered(facts) : null;
  const links = offered && (offered.refer || offered.screening || offered.missing) && (
    <Group gap="xs" wrap="wrap">
      {offered.refer && (
        <Button component={Link} to={`/cases/${id}/refer`} variant="light" size="sm">
          Refer
        </Button>
      )}
      {offered.screening && (
        <Button component={Link} to={`/cases/${id}/screening`} variant="light" size="sm">
          Screening
        </Button>
      )}
      {offered.missing && (
        <Button component={Link} to={`/cases/${id}/missing`} variant="light" size="sm">
          Missing episode
        </Button>
      )}
    </Group>
  );

  return (
    <Page title="Case" actions={links || undefined}>
      <ErrorNotice error={result.error} title="The case could not be read" />
      {result.fetching && !data && <Text size="sm">Reading the case…</Text>}
      {data && facts && <CaseView key={data.id} data={data} facts={facts} withheld={withheld} now={now} generation={generation} onChanged={changed} />}
    </Page>
  );
}

interface ViewProps {
  data: CaseData;
  facts: SightFacts;
  withheld: ReadonlyMap<string, string>;
  now: Date;
  generation: number;
  onChanged: () => void;
}

function CaseView({ data, facts, withheld, now, generation, onChanged }: ViewProps) {
  const lead = facts.viewerAgencyId === data.leadAgency.id;
  const member = data.memberships.some((m) => m.active && m.agency.id === facts.viewerAgencyId);
  const agencyNames = new Map(data.memberships.map((m) => [m.agency.id, m.agency.name]));
  const child = data.child;
  const why = (path: string) => withheld.get(path) ?? null;
  return (
    <Stack gap="md">
      <Section title="Summary" id="summary">
        <Fields>
          <Field label="Case number" path="caseNumber" value={data.caseNumber} />
          <Field label="Status" path="status" value={words(data.status)} />
          <Field label="Risk" path="riskLevel" value={words(data.riskLevel)} />
          <Field label="Lead agency" path="leadAgency" value={data.leadAgency.name} />
          <Field label="Opened" path="openedAt" value={when(data.openedAt)} />
          <Field label="Closed" path="closedAt" value={data.closedAt ? when(data.closedAt) : 'open'} />
          <Field
            label="Flags"
            path="flags"
            value={
              data.flags.length ? (
                <Group gap={4} component="span">
                  {data.flags.map((flag) => (
                    <Badge key={flag} color={flag === 'MISSING' ? 'red.9' : 'indigo'} variant={flag === 'MISSING' ? 'filled' : 'light'}>
                      {words(flag)}
                    </Badge>
                  ))}
                </Group>
              ) : (
                'none'
              )
            }
          />
          <Field label="What you see" path="viewerScopes" value={data.viewerScopes.map(words).join(', ')} />
        </Fields>
      </Section>

      <Section title="The child" id="child">
        <Fields>
          <Field label="Legal name" path="child.legalName" value={child.legalName} withheld={why('child.legalName')} />
          <Field label="Also known as" path="child.aliases" value={child.aliases?.join(', ')} withheld={why('child.aliases')} />
          <Field label="Date of birth" path="child.dateOfBirth" value={child.dateOfBirth} withheld={why('child.dateOfBirth')} />
          <Field label="Sex" path="child.sex" value={child.sex} withheld={why('child.sex')} />
          <Field label="Identifying marks" path="child.identifyingMarks" value={child.identifyingMarks} withheld={why('child.identifyingMarks')} />
          <Field
            label="Placement"
            path="child.placement"
            value={child.placement && [child.placement.kind && words(child.placement.kind), child.placement.address, child.placement.phone].filter(Boolean).join(' · ')}
            withheld={why('child.placement')}
          />
          <Field
            label="Guardian contacts"
            path="child.guardianContacts"
            value={child.guardianContacts?.map((c) => [c.name, c.relationship, c.phone].filter(Boolean).join(', ')).join('; ')}
            withheld={why('child.guardianContacts')}
          />
        </Fields>
      </Section>

      <Section title="Deadlines" id="deadlines">
        <Deadlines key={generation} caseId={data.id} now={now} />
      </Section>

      <Section title="Referrals" id="referrals">
        <Referrals referrals={data.referrals} viewerAgencyId={facts.viewerAgencyId} withheld={withheld} now={now} onChanged={onChanged} />
      </Section>

      <Section title="Notes" id="notes">
        <Notes caseId={data.id} generation={generation} writable={writableNoteCategories(facts)} hidden={withheldNoteCategories(facts)} onChanged={onChanged} />
      </Section>

      <Section title="Consents" id="consents">
        <Consents caseId={data.id} consents={data.consents} withheld={why('consents')} canRecord={lead && member} agencyNames={agencyNames} now={now} onChanged={onChanged} />
      </Section>

      <Section title="Agencies on the case" id="memberships">
        <ScrollTable label="Agencies on the case" minWidth={560}>
          <Table striped data-testid="memberships">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Agency</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>How</Table.Th>
                <Table.Th>Sees</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.memberships.map((m, index) => (
                <Table.Tr key={`${m.agency.id}-${index}`} data-active={m.active}>
                  <Table.Td>
                    {m.agency.name} <Text span size="xs">({words(m.agency.type)})</Text>
                  </Table.Td>
                  <Table.Td>{m.active ? words(m.role) : `${words(m.role)} (ended)`}</Table.Td>
                  <Table.Td>{words(m.grantedVia)}</Table.Td>
                  <Table.Td>{m.scopes.map(words).join(', ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </Section>

      <Section title="Assigned people" id="assignments">
        {data.assignments.length === 0 ? (
          <Text size="sm">No one is assigned.</Text>
        ) : (
          <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {data.assignments.map((a) => (
              <Text component="li" size="sm" key={a.user.id}>
                {a.user.displayName} — {words(a.role)}
                {a.user.agency ? `, ${a.user.agency.name}` : ''}
              </Text>
            ))}
          </Stack>
        )}
      </Section>

      <Section title="Missing episodes" id="missing">
        <MissingEpisodes episodes={data.missingEpisodes} withheld={withheld} />
      </Section>

      <Section title="Screenings" id="screenings">
        {why('screenings') ? (
          <Withheld path="screenings" reason={why('screenings')!} />
        ) : data.screenings && data.screenings.length > 0 ? (
          <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {data.screenings.map((s) => (
              <Text component="li" size="sm" key={s.id}>
                {s.instrumentTitle}: {words(s.outcome)}, {when(s.administeredAt)}
              </Text>
            ))}
          </Stack>
        ) : (
          <Text size="sm">No screenings that you may read.</Text>
        )}
      </Section>

      <Section title="Timeline" id="timeline">
        <Timeline key={generation} caseId={data.id} />
      </Section>
    </Stack>
  );
}

function MissingEpisodes({ episodes, withheld }: { episodes: CaseData['missingEpisodes']; withheld: ReadonlyMap<string, string> }) {
  if (episodes.length === 0) return <Text size="sm">The child has not been reported missing.</Text>;
  return (
    <Stack gap="sm">
      {episodes.map((episode, index) => {
        const path = `missingEpisodes.${index}`;
        return (
          <Paper key={episode.id} withBorder p="sm" data-testid="missing-episode">
            <Fields>
              <Field label="Missing since" path={`${path}.missingSince`} value={when(episode.missingSince)} />
              <Field label="Learned of" path={`${path}.learnedAt`} value={when(episode.learnedAt)} />
              <Field label="Last seen at" path={`${path}.lastSeenPlace`} value={episode.lastSeenPlace} withheld={withheld.get(`${path}.lastSeenPlace`)} />
              <Field label="Last seen with" path={`${path}.lastSeenWith`} value={episode.lastSeenWith} withheld={withheld.get(`${path}.lastSeenWith`)} />
              <Field label="Returned" path={`${path}.returnedAt`} value={episode.returnedAt ? when(episode.returnedAt) : 'not yet'} />
              <Field label="Return interview" path={`${path}.returnInterviewAt`} value={episode.returnInterviewAt ? when(episode.returnInterviewAt) : 'not yet'} />
            </Fields>
            {episode.reports.length > 0 && (
              <ScrollTable label="Reports of the episode" minWidth={420}>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Reported to</Table.Th>
                      <Table.Th>When</Table.Th>
                      <Table.Th>Report number</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {episode.reports.map((report, r) => {
                      const reportPath = `${path}.reports.${r}.reportNumber`;
                      const reason = withheld.get(reportPath);
                      return (
                        <Table.Tr key={report.id}>
                          <Table.Td>{words(report.reportedTo)}</Table.Td>
                          <Table.Td>{when(report.reportedAt)}</Table.Td>
                          <Table.Td data-field={reportPath}>{reason ? <Withheld path={reportPath} reason={reason} /> : (report.reportNumber ?? 'not recorded')}</Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </ScrollTable>
            )}
          </Paper>
        );
      })}
    </Stack>
  );
}
