import { Badge } from '@mantine/core';
import { Countdown } from './Countdown';

/** A deadline's time left, with "breached" beside it once the deadline has been breached. */
export function DeadlineTimeLeft({ dueAt, status, now }: { dueAt: string; status?: string; now: Date }) {
  return (
    <>
      <Countdown due={dueAt} now={now} />
      {status === 'BREACHED' && (
        <Badge ml={6} color="red.9">
          breached
        </Badge>
      )}
    </>
  );
}

/** The agency that must act on a deadline; when the viewer's agency is given and it is that one, the cell says so. */
export function WhoMustAct({ agency, viewerAgencyId }: { agency: { id: string; name: string }; viewerAgencyId?: string | null }) {
  return <>{viewerAgencyId && agency.id === viewerAgencyId ? `${agency.name} (your agency)` : agency.name}</>;
}
