/** Reads the office data (name, address, phones, divisions, leaders, hours) and synonyms. */
import { KEBAB_CASE } from './parseEntry';
import {
  checkKnownKeys,
  describe,
  isMapping,
  readLocalizedText,
  readString,
  readStringList,
  report,
  type FieldContext,
  type PartialLocalized
} from './fields';
import type { TimeRange, Weekday } from './types';
import { WEEKDAYS } from './types';
import type { YamlPath } from './yamlSource';

const PHONE = /^\+?[\d][\d\s\-()/]{4,30}$/;
const PHONE_HINT = 'is not a phone number (digits, spaces, hyphens, e.g. "020-12345678")';

export interface AuthoredOffice {
  name: PartialLocalized<string>;
  /** Optional like phones and fax: some offices publish none (never invent them). */
  address?: PartialLocalized<string>;
  postcode?: string;
  phones: string[];
  fax?: string;
  email?: string;
  website?: string;
  hours?: {
    timezone: string;
    weekly: Record<Weekday, TimeRange[]>;
    note?: PartialLocalized<string>;
  };
  divisions: {
    id: string;
    name: PartialLocalized<string>;
    handles: PartialLocalized<string>;
    leader?: string;
  }[];
  leaders: {
    id: string;
    name: PartialLocalized<string>;
    title: PartialLocalized<string>;
    portfolio: PartialLocalized<string>;
  }[];
}

const OFFICE_FIELDS = [
  'name',
  'address',
  'postcode',
  'phones',
  'fax',
  'email',
  'website',
  'hours',
  'divisions',
  'leaders'
];

export function parseOffice(ctx: FieldContext, path: YamlPath, raw: unknown): AuthoredOffice | undefined {
  if (!isMapping(raw)) {
    report(ctx, path, 'office', `must be a mapping (name:, address:, phones:, ...), found ${describe(raw)}`);
    return undefined;
  }
  const at = (key: string): YamlPath => [...path, key];
  checkKnownKeys(ctx, path, raw, OFFICE_FIELDS, 'office.');
  const name = readLocalizedText(ctx, at('name'), 'office.name', raw.name, { required: true });
  const address = readLocalizedText(ctx, at('address'), 'office.address', raw.address);
  const postcode = readString(ctx, at('postcode'), 'office.postcode', raw.postcode, { quoted: true });
  const phones =
    readStringList(ctx, at('phones'), 'office.phones', raw.phones, { quoted: true })?.filter((p, i) => {
      if (PHONE.test(p)) return true;
      report(ctx, [...at('phones'), i], `office.phones[${i + 1}]`, `"${p}" ${PHONE_HINT}`);
      return false;
    }) ?? [];
  const fax = readString(ctx, at('fax'), 'office.fax', raw.fax, {
    pattern: PHONE,
    patternHint: PHONE_HINT,
    quoted: true
  });
  const email = readString(ctx, at('email'), 'office.email', raw.email, {
    pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
    patternHint: 'is not an e-mail address'
  });
  const website = readString(ctx, at('website'), 'office.website', raw.website, {
    pattern: /^https?:\/\/\S+$/,
    patternHint: 'must start with http:// or https://'
  });
  const hours =
    raw.hours === undefined || raw.hours === null ? undefined : parseHours(ctx, at('hours'), raw.hours);
  const leaders = parseLeaders(ctx, at('leaders'), raw.leaders);
  const divisions = parseDivisions(ctx, at('divisions'), raw.divisions, new Set(leaders.map((l) => l.id)));
  if (!name) return undefined;
  return { name, address, postcode, phones, fax, email, website, hours, divisions, leaders };
}

function parseList<T>(
  ctx: FieldContext,
  path: YamlPath,
  field: string,
  value: unknown,
  parseItem: (itemPath: YamlPath, item: Record<string, unknown>, label: string) => T | undefined
): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report(ctx, path, field, `must be a list, found ${describe(value)}`);
    return [];
  }
  const seen = new Set<string>();
  const items: T[] = [];
  value.forEach((item, index) => {
    const itemPath = [...path, index];
    const label = `${field}[${index + 1}]`;
    if (!isMapping(item)) {
      report(ctx, itemPath, label, `must be a mapping, found ${describe(item)}`);
      return;
    }
    const parsed = parseItem(itemPath, item, label);
    const id = (parsed as { id?: string } | undefined)?.id;
    if (id && seen.has(id)) report(ctx, [...itemPath, 'id'], `${label}.id`, `"${id}" is used twice`);
    else if (parsed) items.push(parsed);
    if (id) seen.add(id);
  });
  return items;
}

function parseLeaders(ctx: FieldContext, path: YamlPath, value: unknown): AuthoredOffice['leaders'] {
  return parseList(ctx, path, 'office.leaders', value, (itemPath, item, label) => {
    checkKnownKeys(ctx, itemPath, item, ['id', 'name', 'title', 'portfolio'], `${label}.`);
    const id = readString(ctx, [...itemPath, 'id'], `${label}.id`, item.id, {
      required: true,
      pattern: KEBAB_CASE,
      patternHint: 'must be kebab-case (e.g. lin-jie)'
    });
    const name = readLocalizedText(ctx, [...itemPath, 'name'], `${label}.name`, item.name, {
      required: true,
      allowPlain: true
    });
    const title = readLocalizedText(ctx, [...itemPath, 'title'], `${label}.title`, item.title, {
      required: true
    });
    const portfolio = readLocalizedText(
      ctx,
      [...itemPath, 'portfolio'],
      `${label}.portfolio`,
      item.portfolio,
      {
        required: true
      }
    );
    return id && name && title && portfolio ? { id, name, title, portfolio } : undefined;
  });
}

function parseDivisions(
  ctx: FieldContext,
  path: YamlPath,
  value: unknown,
  leaderIds: ReadonlySet<string>
): AuthoredOffice['divisions'] {
  return parseList(ctx, path, 'office.divisions', value, (itemPath, item, label) => {
    checkKnownKeys(ctx, itemPath, item, ['id', 'name', 'handles', 'leader'], `${label}.`);
    const id = readString(ctx, [...itemPath, 'id'], `${label}.id`, item.id, {
      required: true,
      pattern: KEBAB_CASE,
      patternHint: 'must be kebab-case (e.g. passport-visa)'
    });
    const name = readLocalizedText(ctx, [...itemPath, 'name'], `${label}.name`, item.name, {
      required: true
    });
    const handles = readLocalizedText(ctx, [...itemPath, 'handles'], `${label}.handles`, item.handles, {
      required: true
    });
    const leader = readString(ctx, [...itemPath, 'leader'], `${label}.leader`, item.leader);
    if (leader && !leaderIds.has(leader)) {
      report(
        ctx,
        [...itemPath, 'leader'],
        `${label}.leader`,
        `"${leader}" is not a leader id in office.leaders`
      );
    }
    return id && name && handles ? { id, name, handles, leader } : undefined;
  });
}

const TIME_RANGE = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;

function parseHours(ctx: FieldContext, path: YamlPath, raw: unknown): AuthoredOffice['hours'] {
  if (!isMapping(raw)) {
    report(ctx, path, 'office.hours', `must be a mapping (timezone:, mon: "08:30-12:00, 14:30-17:30", ...)`);
    return undefined;
  }
  checkKnownKeys(ctx, path, raw, ['timezone', 'note', ...WEEKDAYS], 'office.hours.');
  const timezone =
    readString(ctx, [...path, 'timezone'], 'office.hours.timezone', raw.timezone) ?? 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    report(
      ctx,
      [...path, 'timezone'],
      'office.hours.timezone',
      `"${timezone}" is not a time zone (e.g. Asia/Shanghai)`
    );
    return undefined;
  }
  const weekly = {} as Record<Weekday, TimeRange[]>;
  let ok = true;
  for (const day of WEEKDAYS) {
    weekly[day] = [];
    const text = readString(ctx, [...path, day], `office.hours.${day}`, raw[day]);
    if (!text || /^closed$/i.test(text)) continue;
    for (const part of text.split(/[,;]/).map((p) => p.trim())) {
      const m = TIME_RANGE.exec(part);
      const start = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
      const end = m ? Number(m[3]) * 60 + Number(m[4]) : NaN;
      if (!m || Number(m[2]) > 59 || Number(m[4]) > 59 || end > 24 * 60 || start >= end) {
        report(ctx, [...path, day], `office.hours.${day}`, `"${part}" is not a time range like 08:30-12:00`);
        ok = false;
        continue;
      }
      weekly[day].push({ start, end });
    }
  }
  const note = readLocalizedText(ctx, [...path, 'note'], 'office.hours.note', raw.note, { allowPlain: true });
  return ok ? { timezone, weekly, note } : undefined;
}

/** `synonyms:` is a list of groups; each group is a list of words or phrases that mean the same. */
export function parseSynonyms(ctx: FieldContext, path: YamlPath, raw: unknown): string[][] {
  if (!Array.isArray(raw)) {
    report(
      ctx,
      path,
      'synonyms',
      `must be a list of groups (- [passport, passports]), found ${describe(raw)}`
    );
    return [];
  }
  const groups: string[][] = [];
  raw.forEach((group, index) => {
    const list = readStringList(ctx, [...path, index], `synonyms[${index + 1}]`, group, { required: true });
    if (list && list.length < 2) {
      report(ctx, [...path, index], `synonyms[${index + 1}]`, 'a synonym group needs at least two words');
    } else if (list) groups.push(list);
  });
  return groups;
}
