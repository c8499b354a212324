import { Badge } from '@mantine/core';
import { useEffect, useState } from 'react';
import { isOverdue, timeLeft, when } from '../lib/time';

/** A clock that re-renders every `everyMs`; one per page is enough. */
export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Time left before `due`, red once overdue; the exact time in its title for those who want it. */
export function Countdown({ due, now }: { due: string; now: Date }) {
  const overdue = isOverdue(due, now);
  return (
    <Badge color={overdue ? 'red.9' : 'gray'} variant={overdue ? 'filled' : 'light'} title={when(due)} data-overdue={overdue || undefined}>
      {timeLeft(due, now)}
    </Badge>
  );
}
