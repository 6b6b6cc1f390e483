/** Office placeholders in answers ({{office.phones}}, {{division.passport-visa}}, ...), expanded per locale. */
import type { Locale } from '../language/locale';
import type { Office, OpeningHours, TimeRange, Weekday } from './types';
import { WEEKDAYS } from './types';
import { localeText } from '../language/i18n';

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_.-]+)\s*\}\}/g;

export const PLACEHOLDER_NAMES = [
  'office.name',
  'office.address',
  'office.postcode',
  'office.phones',
  'office.fax',
  'office.email',
  'office.website',
  'office.hours',
  'division.<id>',
  'divisions',
  'leaders'
] as const;

/** The words generated into answers come from locales/ (i18next), like every user-visible string. */
const t = localeText;

/** Office fields a placeholder needs, for the message when office.yaml leaves them out. */
const OPTIONAL_FACTS: Record<string, string> = {
  'office.address': 'address',
  'office.postcode': 'postcode',
  'office.phones': 'phones',
  'office.fax': 'fax',
  'office.email': 'email',
  'office.website': 'website'
};

/**
 * Why each placeholder in a text cannot be filled: a misspelt name, or an office fact this office does
 * not publish (an answer must then not promise it, e.g. "call {{office.phones}}").
 */
export function placeholderProblems(text: string, office: Office): { name: string; message: string }[] {
  const problems: { name: string; message: string }[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (resolvePlaceholder(name, office, 'en') !== undefined) continue;
    const field = OPTIONAL_FACTS[name];
    problems.push({
      name,
      message: field
        ? `{{${name}}} is used, but office.yaml has no ${field}: say where users can find out instead (e.g. the website or the division)`
        : `unknown placeholder {{${name}}}`
    });
  }
  return problems;
}

export function expandPlaceholders(text: string, office: Office, locale: Locale): string {
  return text.replace(
    PLACEHOLDER,
    (whole, name: string) => resolvePlaceholder(name, office, locale) ?? whole
  );
}

export function formatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** True for Asia/Shanghai and its aliases (ICU resolves the old city zones and PRC to it). */
export function isBeijingTime(timeZone: string): boolean {
  try {
    return new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone === 'Asia/Shanghai';
  } catch {
    return false;
  }
}

/** "Beijing time" / "北京时间" for China's zone, otherwise the zone's own name. */
export function zoneName(timeZone: string, locale: Locale): string {
  return isBeijingTime(timeZone) ? t(locale, 'hours.beijingTime') : timeZone;
}

/** "Monday", "Monday and Tuesday", "Monday to Friday" for a run of consecutive days. */
function dayRun(days: readonly Weekday[], locale: Locale): string {
  const name = (day: Weekday) => t(locale, `days.${day}`);
  if (days.length === 1) return name(days[0]!);
  if (days.length === 2)
    return t(locale, 'weekHours.twoDays', { first: name(days[0]!), second: name(days[1]!) });
  return t(locale, 'weekHours.dayRange', { from: name(days[0]!), to: name(days.at(-1)!) });
}

/**
 * The weekly hours as one sentence, consecutive days with the same hours together ("Monday to Friday
 * 08:30-12:00, 14:30-17:30; Saturday and Sunday closed (Beijing time)." / "周一至周五 08:30-12:00、
 * 14:30-17:30；周六、周日休息（北京时间）。"); without hours, "not published" (and "please call" when
 * there is a phone). Chinese text gets Chinese punctuation and no spaces between sentences.
 */
export function formatHours(hours: OpeningHours | undefined, locale: Locale, hasPhone = true): string {
  if (!hours)
    return hasPhone ? t(locale, 'weekHours.notPublished') : t(locale, 'weekHours.notPublishedNoPhone');
  const times = (list: readonly TimeRange[]) =>
    list
      .map((r) => `${formatMinutes(r.start)}-${formatMinutes(r.end)}`)
      .join(t(locale, 'format.listSeparator'));
  const runs: { days: Weekday[]; ranges: readonly TimeRange[] }[] = [];
  for (const day of WEEKDAYS) {
    const ranges = hours.weekly[day];
    const last = runs.at(-1);
    if (last && times(last.ranges) === times(ranges)) last.days.push(day);
    else runs.push({ days: [day], ranges });
  }
  const groups = runs.map(({ days, ranges }) =>
    ranges.length === 0
      ? t(locale, 'weekHours.closed', { days: dayRun(days, locale) })
      : t(locale, 'weekHours.open', { days: dayRun(days, locale), times: times(ranges) })
  );
  const line = t(locale, 'weekHours.line', {
    groups: groups.join(t(locale, 'weekHours.groupSeparator')),
    zone: zoneName(hours.timezone, locale)
  });
  return hours.note ? `${line}${t(locale, 'format.sentenceSeparator')}${hours.note[locale]}` : line;
}

function resolvePlaceholder(name: string, office: Office, locale: Locale): string | undefined {
  const sep = t(locale, 'format.listSeparator');
  switch (name) {
    case 'office.name':
      return office.name[locale];
    case 'office.address':
      return office.address?.[locale];
    case 'office.postcode':
      return office.postcode;
    case 'office.phones':
      return office.phones.length > 0 ? office.phones.join(sep) : undefined;
    case 'office.fax':
      return office.fax;
    case 'office.email':
      return office.email;
    case 'office.website':
      return office.website;
    case 'office.hours':
      return formatHours(office.hours, locale, office.phones.length > 0);
    case 'divisions':
      return office.divisions
        .map(
          (d) =>
            `- ${t(locale, 'format.labelled', { label: `**${d.name[locale]}**`, text: d.handles[locale] })}`
        )
        .join('\n');
    case 'leaders':
      return office.leaders
        .map((l) => {
          const who = t(locale, 'format.nameAndTitle', {
            name: `**${l.name[locale]}**`,
            title: l.title[locale]
          });
          return `- ${t(locale, 'format.labelled', { label: who, text: l.portfolio[locale] })}`;
        })
        .join('\n');
    default:
      if (name.startsWith('division.')) {
        return office.divisions.find((d) => d.id === name.slice('division.'.length))?.name[locale];
      }
      return undefined;
  }
}
