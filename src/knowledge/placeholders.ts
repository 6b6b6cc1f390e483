/** Office placeholders in answers ({{office.phones}}, {{division.passport-visa}}, ...), expanded per locale. */
import type { Locale } from '../language/locale';
import type { Office, OpeningHours, TimeRange, Weekday } from './types';
import { WEEKDAYS } from './types';

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

const LIST_SEPARATOR: Record<Locale, string> = { en: ', ', 'zh-Hans': '、', 'zh-Hant': '、' };
const DAY_NAMES: Record<Locale, Record<Weekday, string>> = {
  en: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' },
  'zh-Hans': { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' },
  'zh-Hant': { mon: '週一', tue: '週二', wed: '週三', thu: '週四', fri: '週五', sat: '週六', sun: '週日' }
};
const NO_HOURS: Record<Locale, string> = {
  en: 'Opening hours are not published here; please call before visiting.',
  'zh-Hans': '此处未公布办公时间，来访前请先致电确认。',
  'zh-Hant': '此處未公佈辦公時間，來訪前請先致電確認。'
};
const NO_HOURS_NO_PHONE: Record<Locale, string> = {
  en: 'Opening hours are not published here.',
  'zh-Hans': '此处未公布办公时间。',
  'zh-Hant': '此處未公佈辦公時間。'
};
const CLOSED: Record<Locale, string> = { en: 'closed', 'zh-Hans': '休息', 'zh-Hant': '休息' };

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

/** The weekly hours as one line; without hours, "not published" (and "please call" when there is a phone). */
export function formatHours(hours: OpeningHours | undefined, locale: Locale, hasPhone = true): string {
  if (!hours) return (hasPhone ? NO_HOURS : NO_HOURS_NO_PHONE)[locale];
  const ranges = (list: readonly TimeRange[]) =>
    list.length === 0
      ? CLOSED[locale]
      : list.map((r) => `${formatMinutes(r.start)}-${formatMinutes(r.end)}`).join(LIST_SEPARATOR[locale]);
  const lines = WEEKDAYS.map((day) => `${DAY_NAMES[locale][day]} ${ranges(hours.weekly[day])}`);
  const note = hours.note ? ` ${hours.note[locale]}` : '';
  return `${lines.join('; ')} (${hours.timezone}).${note}`;
}

function resolvePlaceholder(name: string, office: Office, locale: Locale): string | undefined {
  const sep = LIST_SEPARATOR[locale];
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
      return office.divisions.map((d) => `- **${d.name[locale]}**: ${d.handles[locale]}`).join('\n');
    case 'leaders':
      return office.leaders
        .map((l) => `- **${l.name[locale]}**, ${l.title[locale]}: ${l.portfolio[locale]}`)
        .join('\n');
    default:
      if (name.startsWith('division.')) {
        return office.divisions.find((d) => d.id === name.slice('division.'.length))?.name[locale];
      }
      return undefined;
  }
}
