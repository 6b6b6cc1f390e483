/** The knowledge model: what the loader produces and the matcher, bot and tools consume. */
import type { Locale } from '../language/locale';

/** Text in every supported locale (zh-Hant generated from zh-Hans when staff did not write it). */
export type LocalizedText = Record<Locale, string>;
export type LocalizedList = Record<Locale, readonly string[]>;

export interface EntryLink {
  url: string;
  title: LocalizedText;
}

export interface KnowledgeEntry {
  id: string;
  topic: string;
  /** Alternate phrasings per locale; the first is the entry's title (used on buttons). */
  questions: LocalizedList;
  keywords: LocalizedList;
  /** Markdown with office placeholders already expanded. */
  answer: LocalizedText;
  followups: readonly string[];
  links: readonly EntryLink[];
  source: LocalizedText;
  /** ISO date, YYYY-MM-DD. */
  reviewed: string;
  /** Id of the office division most likely to help with this topic. */
  division?: string;
  /** 'contact': the reply also carries the office contact card. */
  card?: 'contact';
  /** Where the entry was defined, for staff tools. */
  origin: { file: string; line: number };
}

export interface Division {
  id: string;
  name: LocalizedText;
  handles: LocalizedText;
  leader?: string;
}

export interface Leader {
  id: string;
  name: LocalizedText;
  title: LocalizedText;
  portfolio: LocalizedText;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Minutes after midnight, local office time. */
export interface TimeRange {
  start: number;
  end: number;
}

export interface OpeningHours {
  timezone: string;
  weekly: Record<Weekday, readonly TimeRange[]>;
  note?: LocalizedText;
}

export interface Office {
  name: LocalizedText;
  /** Address, postcode, phones, fax, e-mail and website are each optional: only what the office publishes. */
  address?: LocalizedText;
  postcode?: string;
  phones: readonly string[];
  fax?: string;
  email?: string;
  website?: string;
  hours?: OpeningHours;
  divisions: readonly Division[];
  leaders: readonly Leader[];
}

export interface MatchingSettings {
  /** Score at or above which the top entry is answered directly. */
  answerThreshold: number;
  /** Score at or above which (below answerThreshold) the top entries are offered as "did you mean". */
  suggestThreshold: number;
  /** Minimum lead of the first entry over the second for a direct answer; otherwise suggest. */
  minMargin: number;
  /** When present, decides answer vs "did you mean" instead of answerThreshold and minMargin. */
  model?: DecisionModel;
}

/**
 * A logistic model of "answering the best entry is right", fitted by `npm run kb -- tune` on the
 * tuning cases: p = 1 / (1 + e^-(bias + sum of weight * feature)); answer when p >= answerAt.
 */
export interface DecisionModel {
  weights: Readonly<Record<string, number>>;
  bias: number;
  answerAt: number;
}

export const DEFAULT_MATCHING: MatchingSettings = {
  answerThreshold: 0.5,
  suggestThreshold: 0.3,
  minMargin: 0
};

/** Groups of words that mean the same to users, per language family ('en' or 'zh'). */
export interface SynonymGroups {
  en: ReadonlyArray<readonly string[]>;
  zh: ReadonlyArray<readonly string[]>;
}

/** What a whole message of small talk can mean; human and complaint ask for a person (handoff). */
export const SMALL_TALK_INTENTS = [
  'greeting',
  'thanks',
  'goodbye',
  'identity',
  'human',
  'complaint'
] as const;
export type SmallTalkIntent = (typeof SMALL_TALK_INTENTS)[number];
/** Phrases per intent (all languages together, as staff wrote them), and words that add nothing ("very much", 啊). */
export type SmallTalkPhrases = Record<SmallTalkIntent | 'fillers', readonly string[]>;
export const NO_SMALL_TALK: SmallTalkPhrases = {
  greeting: [],
  thanks: [],
  goodbye: [],
  identity: [],
  human: [],
  complaint: [],
  fillers: []
};

/** How a Simplified phrase is written in generated Traditional text, where OpenCC alone gets it wrong. */
export interface TraditionalCorrection {
  simplified: string;
  traditional: string;
  origin: { file: string; line: number };
}

/** Word or phrase -> its replacement for matching (Cantonese -> Mandarin), as staff wrote them. */
export type WordRewrites = ReadonlyArray<readonly [string, string]>;

/**
 * Words naming things other agencies or institutions handle (knowledge/elsewhere.yaml): a question that
 * asks about one ("when does the museum open") is not answered by an entry that does not speak of it.
 */
export interface ElsewhereGroup {
  /** What the words have in common, as staff wrote it (for staff; not shown to users). */
  about: string;
  /** The entry topics the words count against; empty: every entry. */
  topics: readonly string[];
  /** Words and phrases, in any language (Chinese in either script). */
  words: readonly string[];
  /** Where staff wrote the group (for kb check). */
  origin: { file: string; line: number };
}

/** An immutable snapshot of everything loaded from KNOWLEDGE_DIR. */
export interface KnowledgeBase {
  entries: readonly KnowledgeEntry[];
  byId: ReadonlyMap<string, KnowledgeEntry>;
  office: Office;
  matching: MatchingSettings;
  synonyms: SynonymGroups;
  smallTalk: SmallTalkPhrases;
  corrections: readonly TraditionalCorrection[];
  /** Cantonese words rewritten to Mandarin before matching (knowledge/cantonese.yaml). */
  cantonese: WordRewrites;
  /** Words naming other agencies' things, for the decision (knowledge/elsewhere.yaml). */
  elsewhere: readonly ElsewhereGroup[];
  /** Short hash of the loaded files' contents. */
  version: string;
  loadedAt: Date;
  files: readonly string[];
}
