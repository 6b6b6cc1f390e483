/** Log records -> the staff report's numbers. Pure: no files, no clock. */
import { LogEvents } from '../../logging/logger';
import { redact } from '../../logging/redact';
import { groupSimilarQuestions, type AskedQuestion, type QuestionGroup } from './cluster';
import type { LogRecord } from './logRecords';

export interface ReportOptions {
  /** IANA time zone for days and hours (e.g. Asia/Shanghai). */
  timeZone: string;
  /** Entry id -> topic, from the knowledge base when available. */
  topicOf?: (entryId: string) => string | undefined;
  /** Longest list in each section. */
  top?: number;
}

export interface EntryCount {
  entryId: string;
  topic: string;
  total: number;
  perLocale: Record<string, number>;
}

export interface Report {
  period: { from?: string; to?: string; timeZone: string };
  totals: {
    questions: number;
    answered: number;
    suggested: number;
    unmatched: number;
    rejected: number;
    /** Did-you-mean buttons (or numbers) picked. */
    suggestionsChosen: number;
    /** Answers reached through follow-up and topic-list buttons. */
    otherButtonAnswers: number;
    feedback: number;
    /** Asked for a person (`human`) or to complain (`complaint`): handoff replies given. */
    handoffs: number;
    complaints: number;
    /** answered / questions, 0..1. */
    answerRate: number;
  };
  unanswered: QuestionGroup[];
  didYouMean: {
    /** Questions that got did-you-mean choices, grouped like the unanswered ones. */
    questions: QuestionGroup[];
    /** Per entry: how often it was offered and how often it was picked. */
    entries: { entryId: string; topic: string; offered: number; chosen: number }[];
  };
  feedback: { entryId: string; topic: string; helpful: number; notHelpful: number }[];
  answersPerEntry: EntryCount[];
  answersPerLocale: Record<string, number>;
  answersPerTopic: { topic: string; total: number }[];
  answersPerDay: { day: string; total: number }[];
  busiestHours: { hour: number; questions: number }[];
  rejectedReasons: Record<string, number>;
}

const UNKNOWN_TOPIC = '(unknown)';

function increment(map: Record<string, number>, key: string, by = 1): void {
  // Own properties only: a logged id such as "hasOwnProperty" must count, not hit Object.prototype.
  map[key] = (Object.hasOwn(map, key) ? map[key]! : 0) + by;
}

function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

// Building a DateTimeFormat costs far more than using one, and a report formats every log record.
const dayHourFormatters = new Map<string, Intl.DateTimeFormat>();

function dayHourFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayHourFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23'
    });
    dayHourFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Formats a time as YYYY-MM-DD and the hour 0-23 in a time zone. */
export function localDayAndHour(time: number, timeZone: string): { day: string; hour: number } {
  const parts = dayHourFormatter(timeZone).formatToParts(time);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) % 24 };
}

export function buildReport(records: readonly LogRecord[], options: ReportOptions): Report {
  const top = options.top ?? 50;
  const topicOf = (id: string) => options.topicOf?.(id) ?? UNKNOWN_TOPIC;
  const unanswered: AskedQuestion[] = [];
  const suggestedQuestions: AskedQuestion[] = [];
  const answers = new Map<string, EntryCount>();
  const offered = new Map<string, { offered: number; chosen: number }>();
  const feedback = new Map<string, { helpful: number; notHelpful: number }>();
  const perLocale: Record<string, number> = {};
  const perTopic: Record<string, number> = {};
  const perDay: Record<string, number> = {};
  const perHour = new Array<number>(24).fill(0);
  const rejected: Record<string, number> = {};
  const totals = {
    questions: 0,
    answered: 0,
    suggested: 0,
    unmatched: 0,
    rejected: 0,
    suggestionsChosen: 0,
    otherButtonAnswers: 0,
    feedback: 0,
    handoffs: 0,
    complaints: 0,
    answerRate: 0
  };
  let from = Infinity;
  let to = -Infinity;

  const countAnswer = (entryId: string, locale: string, time: number) => {
    const entry = answers.get(entryId) ?? { entryId, topic: topicOf(entryId), total: 0, perLocale: {} };
    entry.total++;
    increment(entry.perLocale, locale);
    answers.set(entryId, entry);
    increment(perLocale, locale);
    increment(perTopic, entry.topic);
    increment(perDay, localDayAndHour(time, options.timeZone).day);
  };
  const question = (time: number) => {
    totals.questions++;
    perHour[localDayAndHour(time, options.timeZone).hour]!++;
  };

  for (const { event, time, fields } of records) {
    from = Math.min(from, time);
    to = Math.max(to, time);
    const locale = str(fields.locale, 'unknown');
    const text = redact(str(fields.text));
    switch (event) {
      case LogEvents.messageAnswered: {
        question(time);
        totals.answered++;
        countAnswer(str(fields.entryId, '(missing id)'), locale, time);
        break;
      }
      case LogEvents.messageSuggested: {
        question(time);
        totals.suggested++;
        if (text) suggestedQuestions.push({ text, locale });
        const ids = Array.isArray(fields.entryIds)
          ? fields.entryIds.filter((id): id is string => typeof id === 'string')
          : [];
        for (const id of ids) {
          const slot = offered.get(id) ?? { offered: 0, chosen: 0 };
          slot.offered++;
          offered.set(id, slot);
        }
        break;
      }
      case LogEvents.messageUnmatched: {
        question(time);
        totals.unmatched++;
        if (text) unanswered.push({ text, locale });
        break;
      }
      case LogEvents.messageRejected: {
        totals.rejected++;
        increment(rejected, str(fields.reason, 'unknown'));
        break;
      }
      case LogEvents.suggestionChosen: {
        const id = str(fields.entryId, '(missing id)');
        countAnswer(id, locale, time);
        // Follow-up and topic-list buttons log this event too; only did-you-mean picks count against
        // "offered". Logs from before `via` existed cannot tell them apart and count as did-you-mean.
        if (fields.via !== undefined && fields.via !== 'suggestion') {
          totals.otherButtonAnswers++;
          break;
        }
        totals.suggestionsChosen++;
        const slot = offered.get(id) ?? { offered: 0, chosen: 0 };
        slot.chosen++;
        offered.set(id, slot);
        break;
      }
      case LogEvents.handoffRequested: {
        totals.handoffs++;
        if (fields.reason === 'complaint') totals.complaints++;
        break;
      }
      case LogEvents.feedbackGiven: {
        totals.feedback++;
        const id = str(fields.entryId, '(missing id)');
        const slot = feedback.get(id) ?? { helpful: 0, notHelpful: 0 };
        if (fields.value === 'helpful') slot.helpful++;
        else if (fields.value === 'not-helpful') slot.notHelpful++;
        feedback.set(id, slot);
        break;
      }
      default:
        break;
    }
  }
  totals.answerRate = totals.questions > 0 ? totals.answered / totals.questions : 0;
  const byCount = <T>(list: T[], count: (item: T) => number, name: (item: T) => string) =>
    list.sort((a, b) => count(b) - count(a) || name(a).localeCompare(name(b)));

  return {
    period: {
      from: Number.isFinite(from) ? new Date(from).toISOString() : undefined,
      to: Number.isFinite(to) ? new Date(to).toISOString() : undefined,
      timeZone: options.timeZone
    },
    totals,
    unanswered: groupSimilarQuestions(unanswered).slice(0, top),
    didYouMean: {
      questions: groupSimilarQuestions(suggestedQuestions).slice(0, top),
      entries: byCount(
        [...offered].map(([entryId, s]) => ({ entryId, topic: topicOf(entryId), ...s })),
        (e) => e.offered + e.chosen,
        (e) => e.entryId
      ).slice(0, top)
    },
    // The most "not helpful" first: those entries need work.
    feedback: [...feedback]
      .map(([entryId, s]) => ({ entryId, topic: topicOf(entryId), ...s }))
      .sort(
        (a, b) => b.notHelpful - a.notHelpful || b.helpful - a.helpful || a.entryId.localeCompare(b.entryId)
      ),
    answersPerEntry: byCount(
      [...answers.values()],
      (e) => e.total,
      (e) => e.entryId
    ),
    answersPerLocale: perLocale,
    answersPerTopic: byCount(
      Object.entries(perTopic).map(([topic, total]) => ({ topic, total })),
      (e) => e.total,
      (e) => e.topic
    ),
    answersPerDay: Object.entries(perDay)
      .map(([day, total]) => ({ day, total }))
      .sort((a, b) => a.day.localeCompare(b.day)),
    busiestHours: perHour
      .map((questions, hour) => ({ hour, questions }))
      .filter((h) => h.questions > 0)
      .sort((a, b) => b.questions - a.questions || a.hour - b.hour),
    rejectedReasons: rejected
  };
}
