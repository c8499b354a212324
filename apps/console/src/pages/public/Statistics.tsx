import { BarChart } from '@mantine/charts';
import { Anchor, Badge, Button, Card, Group, List, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useClient, useQuery } from 'urql';
import { downloadText } from '../../components/download';
import { Page } from '../../components/Page';
import { graphql, ResultOf } from '../../graphql';
import { useLanguage } from '../../i18n/language';
import type { MessageKey } from '../../i18n/messages';
import { when } from '../../lib/time';
import { PublicError } from './PublicError';

const ReleasesQuery = graphql(`
  query PublicStatisticsReleases($first: Int, $after: String) {
    publishedStatistics(first: $first, after: $after) {
      edges {
        node {
          id
          kind
          from
          to
          madeAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const ReleaseFiles = graphql(`
  query PublicStatisticsReleaseFiles($id: ID!) {
    publishedStatisticsRelease(id: $id) {
      id
      from
      to
      csv
      json
    }
  }
`);

/** The release as a file, fetched only when asked for: CSV (formulas neutralised by the API) or JSON. */
function ReleaseDownloads({ id }: { id: string }) {
  const { t } = useLanguage();
  const client = useClient();
  const [busy, setBusy] = useState<'csv' | 'json' | null>(null);
  const [failed, setFailed] = useState(false);
  const download = async (format: 'csv' | 'json') => {
    setBusy(format);
    setFailed(false);
    const result = await client.query(ReleaseFiles, { id }).toPromise();
    setBusy(null);
    const release = result.data?.publishedStatisticsRelease;
    if (!release) {
      setFailed(true);
      return;
    }
    const name = `tandem-statistics-${release.from}-to-${release.to}.${format}`;
    if (format === 'csv') downloadText(name, 'text/csv', release.csv);
    else downloadText(name, 'application/json', release.json);
  };
  return (
    <Group gap="xs" aria-label={t('stats.download')} role="group">
      <Text fw={600}>{t('stats.download')}:</Text>
      <Button variant="default" size="compact-sm" loading={busy === 'csv'} onClick={() => void download('csv')}>
        {t('stats.downloadCsv')}
      </Button>
      <Button variant="default" size="compact-sm" loading={busy === 'json'} onClick={() => void download('json')}>
        {t('stats.downloadJson')}
      </Button>
      {failed && (
        <Text role="alert" c="red.9">
          {t('stats.downloadFailed')}
        </Text>
      )}
    </Group>
  );
}

const ReleaseQuery = graphql(`
  query PublicStatisticsRelease($id: ID!) {
    publishedStatisticsRelease(id: $id) {
      id
      kind
      from
      to
      madeAt
      rules {
        minCell
        primary
        complementary
        linked
        medians
        excluded
      }
      reference {
        id
        statement
        value
        unit
        year
        area
        source
        sourceUrl
      }
      tables {
        measure
        title
        from
        to
        unit
        dimensions
        rowDimension
        columnDimension
        columns
        minCell
        protected
        suppressedCells
        share
        medianHours
        medianOf
        rows {
          label
          cells {
            value
            suppressed
          }
          total {
            value
            suppressed
          }
          share
          medianHours
        }
        columnTotals {
          value
          suppressed
        }
        total {
          value
          suppressed
        }
        context {
          id
          statement
          value
          unit
          year
          area
          source
          sourceUrl
        }
      }
    }
  }
`);

type Release = ResultOf<typeof ReleaseQuery>['publishedStatisticsRelease'];
type StatTable = Release['tables'][number];
type Cell = StatTable['total'];
type Figure = Release['reference'][number];

const RULES = ['primary', 'complementary', 'linked', 'medians', 'excluded'] as const;

/** A count as published: a suppressed one is marked as such, never shown as 0. */
function CellValue({ cell, format }: { cell: Cell; format: Intl.NumberFormat }) {
  const { t } = useLanguage();
  if (cell.suppressed)
    return (
      <Badge color="gray.9" variant="filled" data-suppressed="true" title={t('stats.suppressedNote')}>
        {t('stats.suppressed')}
      </Badge>
    );
  return <span>{cell.value === null ? '–' : format.format(cell.value)}</span>;
}

function ReferenceList({ figures }: { figures: readonly Figure[] }) {
  const { t, language } = useLanguage();
  const number = new Intl.NumberFormat(language);
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 });
  return (
    <List spacing="xs">
      {figures.map((figure) => (
        <List.Item key={figure.id}>
          <Text span fw={700}>
            {figure.unit === 'SHARE' ? percent.format(figure.value) : number.format(figure.value)}
          </Text>{' '}
          {figure.statement} ({t('stats.area')}: {figure.area}; {t('stats.year')}: {figure.year}). {t('common.source')}:{' '}
          {figure.sourceUrl ? (
            <Anchor href={figure.sourceUrl} rel="noopener noreferrer" target="_blank">
              {figure.source}
            </Anchor>
          ) : (
            figure.source
          )}
        </List.Item>
      ))}
    </List>
  );
}

function StatisticsTableView({ table, index }: { table: StatTable; index: number }) {
  const { t, language } = useLanguage();
  const format = new Intl.NumberFormat(language);
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 });
  const hasShare = table.rows.some((row) => row.share !== null);
  const hasMedian = table.rows.some((row) => row.medianHours !== null);
  const chart = table.rows.filter((row) => !row.total.suppressed && row.total.value !== null).map((row) => ({ label: row.label, total: row.total.value }));
  const headingId = `table-${index}`;
  return (
    <Card withBorder component="section" aria-labelledby={headingId} data-testid="statistics-table" data-measure={table.measure}>
      <Stack gap="sm">
        <Title order={3} id={headingId}>
          {table.title}
        </Title>
        <Text size="sm">
          {t('stats.period')}: {table.from} – {table.to} · {t('stats.unit')}: {table.unit} · {t('stats.minCell')}: {table.minCell} · {t('stats.suppressedCells')}: {table.suppressedCells}
        </Text>
        {/* Scrolls sideways on a phone; focusable, so a keyboard scrolls it too. */}
        <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={table.title}>
          <Table striped withTableBorder miw={480}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{table.rowDimension ?? table.unit}</Table.Th>
                {table.columnDimension && table.columns.map((column) => <Table.Th scope="col" key={column}>{column}</Table.Th>)}
                <Table.Th scope="col">{t('stats.total')}</Table.Th>
                {hasShare && <Table.Th scope="col">{t('stats.share')}</Table.Th>}
                {hasMedian && <Table.Th scope="col">{t('stats.median')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {table.rows.map((row, rowIndex) => (
                <Table.Tr key={`${rowIndex}-${row.label}`}>
                  <Table.Th scope="row">{row.label}</Table.Th>
                  {table.columnDimension &&
                    row.cells.map((cell, column) => (
                      <Table.Td key={table.columns[column] ?? column}>
                        <CellValue cell={cell} format={format} />
                      </Table.Td>
                    ))}
                  <Table.Td>
                    <CellValue cell={row.total} format={format} />
                  </Table.Td>
                  {hasShare && <Table.Td>{row.share === null ? '–' : percent.format(row.share)}</Table.Td>}
                  {hasMedian && <Table.Td>{row.medianHours === null ? '–' : format.format(row.medianHours)}</Table.Td>}
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Th scope="row">{t('stats.total')}</Table.Th>
                {table.columnDimension &&
                  table.columnTotals.map((cell, column) => (
                    <Table.Td key={table.columns[column] ?? column}>
                      <CellValue cell={cell} format={format} />
                    </Table.Td>
                  ))}
                <Table.Td>
                  <CellValue cell={table.total} format={format} />
                </Table.Td>
                {hasShare && <Table.Td>{table.share === null ? '–' : percent.format(table.share)}</Table.Td>}
                {hasMedian && <Table.Td>{table.medianHours === null ? '–' : format.format(table.medianHours)}</Table.Td>}
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </div>
        {table.suppressedCells > 0 && <Text size="sm">{t('stats.suppressedNote')}</Text>}
        {chart.length > 1 && (
          <figure style={{ margin: 0 }} aria-label={`${t('stats.chart')}: ${table.title}`}>
            <BarChart h={220} data={chart} dataKey="label" series={[{ name: 'total', label: t('stats.total'), color: 'indigo.8' }]} tickLine="y" />
            {chart.length < table.rows.length && (
              <Text size="sm" component="figcaption">
                {t('stats.chartOmits')}
              </Text>
            )}
          </figure>
        )}
        {table.context.length > 0 && (
          <Stack gap={4}>
            <Text fw={700}>{t('stats.context')}</Text>
            <ReferenceList figures={table.context} />
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

function ReleaseView({ id }: { id: string }) {
  const { t } = useLanguage();
  const [{ data, fetching, error }] = useQuery({ query: ReleaseQuery, variables: { id } });
  const release = data?.publishedStatisticsRelease;
  if (error) return <PublicError error={error} />;
  if (fetching || !release) return <Text>{t('common.loading')}</Text>;
  return (
    <Stack data-testid="statistics-release" data-release={release.id}>
      <Text>
        {t('stats.period')}: {release.from} – {release.to} · {t(`stats.kind.${release.kind}` as MessageKey)} · {t('stats.madeAt')}: {when(release.madeAt)}
      </Text>
      <ReleaseDownloads id={release.id} />
      <Card withBorder component="section" aria-labelledby="statistics-rules">
        <Stack gap="xs">
          <Title order={3} id="statistics-rules">
            {t('stats.rules')}
          </Title>
          <Text>
            {t('stats.minCell')}: {release.rules.minCell}
          </Text>
          <List spacing="xs">
            {RULES.map((rule) => (
              <List.Item key={rule}>
                <Text span fw={700}>
                  {t(`stats.rule.${rule}`)}:
                </Text>{' '}
                {release.rules[rule]}
              </List.Item>
            ))}
          </List>
        </Stack>
      </Card>
      {release.tables.map((table, index) => (
        <StatisticsTableView key={`${table.measure}-${table.dimensions.join('-')}-${index}`} table={table} index={index} />
      ))}
      {release.reference.length > 0 && (
        <Card withBorder component="section" aria-labelledby="statistics-reference">
          <Stack gap="xs">
            <Title order={3} id="statistics-reference">
              {t('stats.reference')}
            </Title>
            <ReferenceList figures={release.reference} />
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

/** Published statistics releases: the chosen one's tables, charts, rules and reference figures. */
export function Statistics() {
  const { t } = useLanguage();
  const [after, setAfter] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({ query: ReleasesQuery, variables: { first: 24, after } });
  const releases = data?.publishedStatistics.edges.map((edge) => edge.node) ?? [];
  const id = chosen ?? releases[0]?.id ?? null;
  const kind = (value: string) => t(`stats.kind.${value}` as MessageKey);
  return (
    <Page title={t('stats.title')}>
      <Text maw={820}>{t('stats.lead')}</Text>
      <PublicError error={error} />
      {fetching && !data && <Text>{t('common.loading')}</Text>}
      {data && releases.length === 0 && <Text>{t('stats.none')}</Text>}
      {releases.length > 0 && (
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t('stats.release')}
            value={id ?? ''}
            onChange={(event) => setChosen(event.currentTarget.value)}
            data={releases.map((release) => ({ value: release.id, label: `${release.from} – ${release.to} · ${kind(release.kind)} · ${when(release.madeAt)}` }))}
            maw={480}
          />
          {data?.publishedStatistics.pageInfo.hasNextPage && (
            <Button variant="default" onClick={() => {
                setChosen(null);
                setAfter(data.publishedStatistics.pageInfo.endCursor);
              }}>
              {t('stats.older')}
            </Button>
          )}
          {after && (
            <Button
              variant="default"
              onClick={() => {
                setChosen(null);
                setAfter(null);
              }}
            >
              {t('common.previous')}
            </Button>
          )}
        </Group>
      )}
      {id && <ReleaseView id={id} />}
    </Page>
  );
}
