/**
 * The office contact card: what it says (a pure model from the office data and the clock) and how it
 * looks as a Hero card or as plain text for channels without cards.
 */
import { ActionTypes, CardFactory, type Attachment } from 'botbuilder';
import type { Division, KnowledgeBase, KnowledgeEntry, Office } from '../knowledge/types';
import { formatMinutes, isBeijingTime } from '../knowledge/placeholders';
import { toTraditional } from '../language/chinese';
import type { Locale } from '../language/locale';
import type { Translate } from '../language/i18n';
import { linkPhones } from './markdown';
import { CHINA_CALENDAR, openingState, type HolidayCalendar, type SpecialDay } from './openingHours';

export interface ContactDetails {
  title: string;
  /** Labelled lines: address, phones, fax, e-mail, website. */
  lines: { label: string; value: string; text: string }[];
  /** "Most likely to help: ..." */
  division?: string;
  /** Open now / closed now and when it opens; only when opening hours are configured. */
  status?: string;
  website?: string;
  /** Said when the office publishes neither an address nor a phone number. */
  notPublished?: string;
}

/**
 * The division most likely to help: the entry's own division when there is one (the answered entry, or
 * the best weak candidate of an unmatched question), otherwise the first division, the general office.
 */
export function divisionFor(office: Office, entry: KnowledgeEntry | undefined): Division | undefined {
  return office.divisions.find((d) => d.id === entry?.division) ?? office.divisions[0];
}

/**
 * The division for a question the knowledge did not answer: the best candidate's only when it is a real
 * candidate (its score reaches the suggestion threshold, so the matcher would offer it); otherwise the
 * general office. A weak candidate's division is a guess (a donation question is not for the
 * division of official trips abroad).
 */
export function candidateDivision(
  knowledge: Pick<KnowledgeBase, 'office' | 'byId' | 'matching'>,
  candidate: { id: string; score: number } | undefined
): Division | undefined {
  const real = candidate !== undefined && candidate.score >= knowledge.matching.suggestThreshold;
  return divisionFor(knowledge.office, real ? knowledge.byId.get(candidate.id) : undefined);
}

/** One sentence on whether the office is open at `now`; undefined when no hours are configured. */
export function openingStatus(
  office: Office,
  now: Date,
  locale: Locale,
  t: Translate,
  calendar: HolidayCalendar = CHINA_CALENDAR
): string | undefined {
  if (!office.hours) return undefined;
  const state = openingState(office.hours, now, calendar);
  const space = t(locale, 'format.sentenceSeparator');
  const today = state.today
    ? t(locale, `hours.${state.today.kind}Today`, { name: holidayName(state.today, locale) }) + space
    : '';
  const note = office.hours.note ? `${space}${office.hours.note[locale]}` : '';
  const zone = isBeijingTime(office.hours.timezone) ? t(locale, 'hours.beijingTime') : office.hours.timezone;
  if (state.open)
    return today + t(locale, 'hours.openNow', { time: formatMinutes(state.closesAt), zone }) + note;
  if (!state.next) return today + t(locale, 'hours.closedNoHours') + note;
  const time = formatMinutes(state.next.start);
  const values = { time, zone };
  const when =
    state.next.daysAhead === 0
      ? t(locale, 'hours.opensToday', values)
      : state.next.daysAhead === 1
        ? t(locale, 'hours.opensTomorrow', values)
        : state.next.daysAhead < 7
          ? t(locale, 'hours.opensOn', { ...values, day: t(locale, `days.${state.next.day}`) })
          : t(locale, 'hours.opensOnDate', {
              ...values,
              day: t(locale, `days.${state.next.day}`),
              date: state.next.date
            });
  return `${today}${t(locale, 'hours.closedNow')}${space}${when}${note}`;
}

function holidayName(day: SpecialDay, locale: Locale): string {
  if (locale === 'en') return day.name.en;
  return locale === 'zh-Hant' ? toTraditional(day.name.zh) : day.name.zh;
}

export function contactDetails(
  knowledge: Pick<KnowledgeBase, 'office'>,
  division: Division | undefined,
  now: Date,
  locale: Locale,
  t: Translate
): ContactDetails {
  const { office } = knowledge;
  const street = office.address?.[locale];
  const address =
    street && office.postcode
      ? t(locale, 'contact.addressWithPostcode', { address: street, postcode: office.postcode })
      : street;
  const lines: ContactDetails['lines'] = [];
  const add = (key: string, value: string | undefined) => {
    if (!value) return;
    const label = t(locale, key);
    lines.push({ label, value, text: t(locale, 'contact.line', { label, value }) });
  };
  add('contact.address', address);
  add('contact.phone', office.phones.join(t(locale, 'format.listSeparator')));
  add('contact.fax', office.fax);
  add('contact.email', office.email);
  add('contact.website', office.website);
  // Nothing invented: an office that publishes no address or phone says so, and points to its website.
  const notPublished =
    !street && office.phones.length === 0
      ? [
          t(locale, 'contact.notPublished'),
          ...(office.website ? [t(locale, 'contact.seeWebsite')] : [])
        ].join(t(locale, 'format.sentenceSeparator'))
      : undefined;
  return {
    title: office.name[locale],
    lines,
    division: division
      ? t(locale, 'contact.division', { name: division.name[locale], handles: division.handles[locale] })
      : undefined,
    status: openingStatus(office, now, locale, t),
    website: office.website,
    notPublished
  };
}

function detailLines(details: ContactDetails): string[] {
  return [
    ...(details.notPublished ? [details.notPublished] : []),
    ...details.lines.map((line) => line.text),
    ...(details.division ? [details.division] : []),
    ...(details.status ? [details.status] : [])
  ];
}

export function contactHeroCard(
  details: ContactDetails,
  locale: Locale,
  t: Translate,
  phones: readonly string[] = []
): Attachment {
  const buttons = details.website
    ? [{ type: ActionTypes.OpenUrl, title: t(locale, 'contact.openWebsite'), value: details.website }]
    : [];
  const text = linkPhones(detailLines(details).join('\n\n'), phones);
  return CardFactory.heroCard(details.title, text, undefined, buttons);
}

export function contactPlainText(details: ContactDetails): string {
  return [details.title, ...detailLines(details)].join('\n');
}
