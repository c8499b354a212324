import { Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Page } from '../../components/Page';
import { StatisticsTable, type StatisticsAsk } from '../../components/StatisticsTable';
import { keptDimensions, label, MEASURES, measuresFor, monthOf } from '../../lib/supervision';
import { useViewer } from '../../session/use-session';

const NONE = 'NONE';
type Measure = StatisticsAsk['measure'];
type Dimension = StatisticsAsk['dimensions'][number];

/** Statistics for supervisors and auditors: a measure cut by up to two dimensions over a span of months. */
export function Statistics() {
  const viewer = useViewer();
  const choices = measuresFor(viewer.role);
  const now = new Date();
  const [measure, setMeasure] = useState<string>(choices[0]!.measure);
  const [rowDimension, setRowDimension] = useState<string>(choices[0]!.dimensions[0] ?? NONE);
  const [columnDimension, setColumnDimension] = useState<string>(NONE);
  const [from, setFrom] = useState(monthOf(now, 11));
  const [to, setTo] = useState(monthOf(now));
  const [ask, setAsk] = useState<StatisticsAsk | null>(null);

  const allowed = MEASURES.find((choice) => choice.measure === measure)?.dimensions ?? [];
  const dimensionData = [{ value: NONE, label: 'None' }, ...allowed.map((dimension) => ({ value: dimension, label: label(dimension) }))];

  const changeMeasure = (next: string | null) => {
    if (!next) return;
    setMeasure(next);
    const kept = keptDimensions(next, [rowDimension, columnDimension].filter((d) => d !== NONE));
    setRowDimension(kept[0] ?? NONE);
    setColumnDimension(kept[1] ?? NONE);
  };
  const show = () => {
    const dimensions = [rowDimension, columnDimension].filter((d, i, all) => d !== NONE && all.indexOf(d) === i) as Dimension[];
    setAsk({ measure: measure as Measure, dimensions, filter: { from, to } });
  };

  return (
    <Page title="Statistics">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <Select label="Measure" data={choices.map((choice) => ({ value: choice.measure, label: label(choice.measure) }))} value={measure} onChange={changeMeasure} allowDeselect={false} />
          <Select label="Rows by" data={dimensionData} value={rowDimension} onChange={(value) => setRowDimension(value ?? NONE)} allowDeselect={false} />
          <Select
            label="Columns by"
            data={dimensionData.map((item) => ({ ...item, disabled: item.value !== NONE && item.value === rowDimension }))}
            value={columnDimension}
            onChange={(value) => setColumnDimension(value ?? NONE)}
            allowDeselect={false}
          />
          <TextInput label="From month" type="month" value={from} onChange={(event) => setFrom(event.currentTarget.value)} />
          <TextInput label="To month" type="month" value={to} onChange={(event) => setTo(event.currentTarget.value)} />
        </SimpleGrid>
        <Group>
          <Button onClick={show}>Show</Button>
        </Group>
        <Text size="sm">
          Figures small enough to help identify a child are suppressed, with enough others that none can be worked out; they read “suppressed”, never zero.
        </Text>
      </Stack>
      {ask && <StatisticsTable ask={ask} />}
    </Page>
  );
}
