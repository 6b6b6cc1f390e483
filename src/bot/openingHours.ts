/** Whether the office is open at a given instant, and when it opens next. Pure (the clock is passed in). */
import type { OpeningHours, Weekday } from '../knowledge/types';
import { WEEKDAYS } from '../knowledge/types';

export type OpeningState =
  | { open: true; closesAt: number }
  | {
      open: false;
      /** Undefined when no day of the week has opening hours. */
      next?: { day: Weekday; start: number; daysAhead: number };
    };

const SHORT_DAYS: Record<string, Weekday> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun'
};

/** Weekday and minutes after midnight of `now` in the office's time zone. */
export function officeClock(now: Date, timezone: string): { day: Weekday; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23'
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    day: SHORT_DAYS[part('weekday')] ?? 'mon',
    minutes: Number(part('hour')) * 60 + Number(part('minute'))
  };
}

export function openingState(hours: OpeningHours, now: Date): OpeningState {
  const { day, minutes } = officeClock(now, hours.timezone);
  const today = WEEKDAYS.indexOf(day);
  const current = hours.weekly[day].find((r) => r.start <= minutes && minutes < r.end);
  if (current) return { open: true, closesAt: current.end };
  for (let daysAhead = 0; daysAhead <= 7; daysAhead++) {
    const nextDay = WEEKDAYS[(today + daysAhead) % 7]!;
    const range = [...hours.weekly[nextDay]]
      .sort((a, b) => a.start - b.start)
      .find((r) => daysAhead > 0 || r.start > minutes);
    if (range) return { open: false, next: { day: nextDay, start: range.start, daysAhead } };
  }
  return { open: false };
}
