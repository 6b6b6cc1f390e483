import type { KnowledgeEntry } from '../../src/knowledge/types';

/** What a hand-made test entry needs; the rest (source, review date, origin) is filled in. */
export interface TestEntry {
  id: string;
  topic?: string;
  en: string[];
  answer?: string;
  zhHans?: string[];
  /** Defaults to the zh-Hans questions. */
  zhHant?: string[];
}

/** A knowledge entry as the loader would give it, for matcher tests over hand-made knowledge. */
export function testEntry({
  id,
  topic = 'test',
  en,
  answer = 'See the office.',
  zhHans = [],
  zhHant = zhHans
}: TestEntry): KnowledgeEntry {
  return {
    id,
    topic,
    questions: { en, 'zh-Hans': zhHans, 'zh-Hant': zhHant },
    keywords: { en: [], 'zh-Hans': [], 'zh-Hant': [] },
    answer: { en: answer, 'zh-Hans': answer, 'zh-Hant': answer },
    followups: [],
    links: [],
    source: { en: 'test', 'zh-Hans': 'test', 'zh-Hant': 'test' },
    reviewed: '2026-01-01',
    origin: { file: 'test.yaml', line: 1 }
  };
}
