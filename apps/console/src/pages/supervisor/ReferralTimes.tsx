import { Button, Group, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Page } from '../../components/Page';
import { StatisticsTable, type StatisticsAsk } from '../../components/StatisticsTable';
import { label, monthOf } from '../../lib/supervision';

type Dimension = StatisticsAsk['dimensions'][number];
const BY: Dimension[] = ['MONTH', 'SERVICE_TYPE', 'URGENCY', 'REFERRAL_OUTCOME'];

/** How fast the agency answered the referrals it received: counts and median hours to an answer, by month, service or urgency. */
export function ReferralTimes() {
  const now = new Date();
  const [by, setBy] = useState<Dimension>('MONTH');
  const [from, setFrom] = useState(monthOf(now, 11));
  const [to, setTo] = useState(monthOf(now));
  const [ask, setAsk] = useState<StatisticsAsk>({ measure: 'AGENCY_REFERRAL_ANSWERS', dimensions: ['MONTH'], filter: { from: monthOf(now, 11), to: monthOf(now) } });
  return (
    <Page title="Referral answer times">
      <Text>Referrals your agency received and the median hours it took to answer them (accept or decline).</Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select label="By" data={BY.map((value) => ({ value, label: label(value) }))} value={by} onChange={(value) => value && setBy(value as Dimension)} allowDeselect={false} />
        <TextInput label="From month" type="month" value={from} onChange={(event) => setFrom(event.currentTarget.value)} />
        <TextInput label="To month" type="month" value={to} onChange={(event) => setTo(event.currentTarget.value)} />
      </SimpleGrid>
      <Group>
        <Button onClick={() => setAsk({ measure: 'AGENCY_REFERRAL_ANSWERS', dimensions: [by], filter: { from, to } })}>Show</Button>
      </Group>
      <StatisticsTable ask={ask} />
    </Page>
  );
}
