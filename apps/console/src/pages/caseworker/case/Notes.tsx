import { Badge, Button, Group, Paper, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Withheld } from '../../../components/Withheld';
import { when } from '../../../lib/time';
import type { NoteCategory } from '../../../lib/withheld';
import { ActionError, words } from './parts';
import { AddNoteMutation, CaseNotesQuery } from './queries';

const CATEGORY_LABEL: Record<NoteCategory, string> = {
  GENERAL: 'General (services)',
  INVESTIGATION: 'Investigation',
  CLINICAL: 'Clinical (only your agency reads it)',
};

interface Props {
  caseId: string;
  /** The categories the viewer may write; none: no form. */
  writable: readonly NoteCategory[];
  /** The categories the viewer does not read, with why. */
  hidden: readonly { category: NoteCategory; reason: string }[];
  /** Counts the changes made on the page: the list reads its first page again after each. */
  generation: number;
  onChanged: () => void;
}

/** The case's notes the viewer reads, newest first, a page at a time; and a new note. */
export function Notes({ caseId, writable, hidden, generation, onChanged }: Props) {
  return (
    <Stack gap="sm">
      {writable.length > 0 && <AddNote caseId={caseId} writable={writable} onAdded={onChanged} />}
      {hidden.length > 0 && (
        <Stack gap={2} data-testid="notes-withheld">
          <Text size="sm">Notes not shown to you:</Text>
          {hidden.map(({ category, reason }) => (
            <Text size="sm" key={category}>
              {words(category)} notes — <Withheld path={`notes.${category}`} reason={reason} />
            </Text>
          ))}
        </Stack>
      )}
      <NotesList key={generation} caseId={caseId} />
    </Stack>
  );
}

function NotesList({ caseId }: { caseId: string }) {
  const [pages, setPages] = useState<(string | null)[]>([null]);
  return (
    <>
      {pages.map((after, index) => (
        <NotesPage key={after ?? 'first'} caseId={caseId} after={after} last={index === pages.length - 1} first={index === 0} onMore={(cursor) => setPages([...pages, cursor])} />
      ))}
    </>
  );
}

function NotesPage({ caseId, after, first, last, onMore }: { caseId: string; after: string | null; first: boolean; last: boolean; onMore: (cursor: string) => void }) {
  const [{ data, error, fetching }] = useQuery({ query: CaseNotesQuery, variables: { id: caseId, after } });
  const notes = data?.case.notes;
  return (
    <>
      <ErrorNotice error={error} title="The notes could not be read" />
      {first && notes && notes.edges.length === 0 && <Text size="sm">No notes that you may read.</Text>}
      {notes?.edges.map(({ node }) => (
        <Paper key={node.id} withBorder p="sm" data-testid="note" data-category={node.category}>
          <Group gap="xs" wrap="wrap">
            <Badge color="gray" variant="light">
              {words(node.category)}
            </Badge>
            <Text size="sm" fw={700}>
              {node.agency.name}
            </Text>
            <Text size="sm">
              {node.author.displayName} · {when(node.createdAt)}
            </Text>
          </Group>
          <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
            {node.body}
          </Text>
        </Paper>
      ))}
      {last && notes?.pageInfo.hasNextPage && notes.pageInfo.endCursor && (
        <Group>
          <Button variant="light" size="xs" loading={fetching} onClick={() => onMore(notes.pageInfo.endCursor!)}>
            Show older notes
          </Button>
        </Group>
      )}
    </>
  );
}

function AddNote({ caseId, writable, onAdded }: { caseId: string; writable: readonly NoteCategory[]; onAdded: () => void }) {
  const [category, setCategory] = useState<NoteCategory>(writable[0]!);
  const [body, setBody] = useState('');
  const [state, addNote] = useMutation(AddNoteMutation);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        setError(null);
        setDone(false);
        const result = await addNote({ input: { caseId, category, body: body.trim() } });
        if (result.error) {
          setError(result.error);
          return;
        }
        setBody('');
        setDone(true);
        onAdded();
      }}
    >
      <Stack gap="xs">
        <Group align="flex-end" wrap="wrap" gap="sm">
          <Select
            label="Category"
            data={writable.map((value) => ({ value, label: CATEGORY_LABEL[value] }))}
            value={category}
            onChange={(value) => value && setCategory(value as NoteCategory)}
            allowDeselect={false}
            w={260}
          />
        </Group>
        <Textarea label="New note" value={body} onChange={(event) => setBody(event.currentTarget.value)} required autosize minRows={3} maxLength={20000} />
        <Group>
          <Button type="submit" loading={state.fetching} disabled={!body.trim()}>
            Add note
          </Button>
          {done && (
            <Text size="sm" role="status">
              Note added.
            </Text>
          )}
        </Group>
        <ActionError error={error} onReload={onAdded} />
      </Stack>
    </form>
  );
}
