/**
 * Whether the office is open at a given instant, and when it opens next, with the Mainland's statutory
 * public holidays and make-up working days (调休). Pure: the clock and the calendar are passed in.
 */
import { getDayDetail } from 'chinese-days';
import type { OpeningHours, TimeRange, Weekday } from '../knowledge/types';
import { WEEKDAYS } from '../knowledge/types';

/** A day that differs from the weekly hours: a public holiday, or a weekend day worked instead of one. */
export interface SpecialDay {
  kind: 'holiday' | 'workday';
  /** The holiday's name, in English and in Simplified Chinese ("National Day", "国庆节"). */
  name: { en: string; zh: string };
}

/** The special day of an ISO date (YYYY-MM-DD, office time), or undefined for an ordinary day. */
export type HolidayCalendar = (isoDate: string) => SpecialDay | undefined;

const WEEKDAY_NAMES = new Set(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);

/**
 * The State Council's calendar as the chinese-days package publishes it (years it has no data for
 * yet are ordinary weeks). Its details name holidays "National Day,国庆节,3" and ordinary days by weekday.
 */
export const CHINA_CALENDAR: HolidayCalendar = (isoDate) => {
  const detail = getDayDetail(isoDate);
  if (WEEKDAY_NAMES.has(detail.name)) return undefined;
  const [en = detail.name, zh = en] = detail.name.split(',');
  const weekend = [0, 6].includes(new Date(`${isoDate}T12:00:00Z`).getUTCDay());
  if (detail.work) return weekend ? { kind: 'workday', name: { en, zh } } : undefined;
  return { kind: 'holiday', name: { en, zh } };
};

export type OpeningState =
  | { open: true; closesAt: number; today?: SpecialDay }
  | {
      open: false;
      /** Today's holiday, when that is why the office is closed. */
      today?: SpecialDay;
      /** Undefined when no day of the next three weeks has opening hours. */
      next?: { day: Weekday; date: string; start: number; daysAhead: number };
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

/** Weekday, date (YYYY-MM-DD) and minutes after midnight of `now` in the office's time zone. */
export function officeClock(now: Date, timezone: string): { day: Weekday; date: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23'
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    day: SHORT_DAYS[part('weekday')] ?? 'mon',
    date: `${part('year')}-${part('month')}-${part('day')}`,
    minutes: Number(part('hour')) * 60 + Number(part('minute'))
  };
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A make-up working day keeps the hours of an ordinary working day: the first weekday with hours. */
function workdayHours(hours: OpeningHours): readonly TimeRange[] {
  for (const day of WEEKDAYS.slice(0, 5)) if (hours.weekly[day].length > 0) return hours.weekly[day];
  return [];
}

function hoursOn(hours: OpeningHours, day: Weekday, special: SpecialDay | undefined): readonly TimeRange[] {
  if (special?.kind === 'holiday') return [];
  if (special?.kind === 'workday')
    return hours.weekly[day].length > 0 ? hours.weekly[day] : workdayHours(hours);
  return hours.weekly[day];
}

/** Days looked ahead for the next opening: longer than the longest holiday with its weekends. */
const LOOK_AHEAD_DAYS = 21;

export function openingState(
  hours: OpeningHours,
  now: Date,
  calendar: HolidayCalendar = CHINA_CALENDAR
): OpeningState {
  const { day, date, minutes } = officeClock(now, hours.timezone);
  const today = WEEKDAYS.indexOf(day);
  const special = calendar(date);
  const current = hoursOn(hours, day, special).find((r) => r.start <= minutes && minutes < r.end);
  if (current) return { open: true, closesAt: current.end, ...(special && { today: special }) };
  const closedToday = special?.kind === 'holiday' ? { today: special } : {};
  for (let daysAhead = 0; daysAhead <= LOOK_AHEAD_DAYS; daysAhead++) {
    const nextDay = WEEKDAYS[(today + daysAhead) % 7]!;
    const nextSpecial = daysAhead === 0 ? special : calendar(addDays(date, daysAhead));
    const range = [...hoursOn(hours, nextDay, nextSpecial)]
      .sort((a, b) => a.start - b.start)
      .find((r) => daysAhead > 0 || r.start > minutes);
    if (range)
      return {
        open: false,
        ...closedToday,
        next: { day: nextDay, date: addDays(date, daysAhead), start: range.start, daysAhead }
      };
  }
  return { open: false, ...closedToday };
}
