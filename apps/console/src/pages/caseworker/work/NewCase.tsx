import { Button, Fieldset, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Page } from '../../../components/Page';
import { graphql, type VariablesOf } from '../../../graphql';
import { fieldErrors, optional } from '../../../lib/form-input';

const CreateCase = graphql(`
  mutation CreateCase($input: CreateCaseInput!) {
    createCase(input: $input) {
      id
      caseNumber
    }
  }
`);

type Input = VariablesOf<typeof CreateCase>['input'];
type Risk = NonNullable<Input['riskLevel']>;

const EMPTY = {
  legalName: '',
  aliases: '',
  dateOfBirth: '',
  sex: '',
  identifyingMarks: '',
  placementKind: '',
  placementAddress: '',
  placementPhone: '',
  guardianName: '',
  guardianRelationship: '',
  guardianPhone: '',
  riskLevel: 'UNKNOWN' as Risk,
};
type Form = typeof EMPTY;

/** The input createCase takes from the form: blank optional fields left out, other names split at commas. */
function inputOf(form: Form): Input {
  const placement = { kind: optional(form.placementKind), address: optional(form.placementAddress), phone: optional(form.placementPhone) };
  const aliases = form.aliases.split(',').map((a) => a.trim()).filter(Boolean);
  const guardian = optional(form.guardianName);
  return {
    riskLevel: form.riskLevel,
    child: {
      legalName: form.legalName,
      dateOfBirth: form.dateOfBirth,
      ...(aliases.length ? { aliases } : {}),
      ...(optional(form.sex) ? { sex: form.sex } : {}),
      ...(optional(form.identifyingMarks) ? { identifyingMarks: form.identifyingMarks } : {}),
      ...(Object.values(placement).some((v) => v !== null) ? { placement } : {}),
      ...(guardian ? { guardianContacts: [{ name: guardian, relationship: optional(form.guardianRelationship), phone: optional(form.guardianPhone) }] } : {}),
    },
  };
}

/** Opens a case: the viewer's agency leads it and the viewer is its primary caseworker. */
export function NewCase() {
  const navigate = useNavigate();
  const [form, setForm] = useState<Form>(EMPTY);
  const [result, create] = useMutation(CreateCase);
  const problems = fieldErrors(result.error);
  /** The problem of a field, or of anything under it (child.aliases.2 shows on child.aliases). */
  const problem = (path: string) => Object.entries(problems).find(([key]) => key === path || key.startsWith(`${path}.`))?.[1];
  const bind = (key: keyof Form) => ({ value: form[key], onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [key]: e.currentTarget.value }) });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const answer = await create({ input: inputOf(form) });
    if (answer.data) void navigate(`/cases/${answer.data.createCase.id}`);
  }

  return (
    <Page title="New case">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="md">
          <Fieldset legend="The child">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Legal name" required autoComplete="off" {...bind('legalName')} error={problem('child.legalName')} />
              <TextInput label="Other names" description="Separate them with commas" autoComplete="off" {...bind('aliases')} error={problem('child.aliases')} />
              <TextInput label="Date of birth" type="date" required {...bind('dateOfBirth')} error={problem('child.dateOfBirth')} />
              <NativeSelect
                label="Sex"
                data={[
                  { value: '', label: 'Not recorded' },
                  { value: 'F', label: 'Female' },
                  { value: 'M', label: 'Male' },
                  { value: 'X', label: 'Another' },
                ]}
                {...bind('sex')}
                error={problem('child.sex')}
              />
            </SimpleGrid>
            <Textarea mt="sm" label="Identifying marks" autosize minRows={2} {...bind('identifyingMarks')} error={problem('child.identifyingMarks')} />
          </Fieldset>
          <Fieldset legend="Placement">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label="Kind of placement" description="Foster home, kin, group home…" autoComplete="off" {...bind('placementKind')} error={problem('child.placement.kind')} />
              <TextInput label="Placement address" autoComplete="off" {...bind('placementAddress')} error={problem('child.placement.address')} />
              <TextInput label="Placement phone" type="tel" autoComplete="off" {...bind('placementPhone')} error={problem('child.placement.phone')} />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend="Guardian">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label="Guardian's name" autoComplete="off" {...bind('guardianName')} error={problem('child.guardianContacts.0.name') ?? problem('child.guardianContacts')} />
              <TextInput label="Relationship" autoComplete="off" {...bind('guardianRelationship')} error={problem('child.guardianContacts.0.relationship')} />
              <TextInput label="Guardian's phone" type="tel" autoComplete="off" {...bind('guardianPhone')} error={problem('child.guardianContacts.0.phone')} />
            </SimpleGrid>
          </Fieldset>
          <NativeSelect
            label="Risk level"
            w={{ base: '100%', sm: 240 }}
            data={[
              { value: 'UNKNOWN', label: 'Unknown' },
              { value: 'LOW', label: 'Low' },
              { value: 'ELEVATED', label: 'Elevated' },
              { value: 'HIGH', label: 'High' },
            ]}
            {...bind('riskLevel')}
            error={problem('riskLevel')}
          />
          <ErrorNotice error={result.error} title="The case was not opened" />
          <Button type="submit" loading={result.fetching} w="fit-content">
            Open the case
          </Button>
        </Stack>
      </form>
    </Page>
  );
}
