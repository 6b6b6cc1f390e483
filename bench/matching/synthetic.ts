/**
 * Synthetic knowledge of any size for the matching benchmark: entries shaped like the real ones
 * (three English and three Chinese phrasings, keywords, an answer), drawn from fixed vocabularies
 * with a seeded generator, so every run measures the same thing.
 */
import type { KnowledgeBase, KnowledgeEntry } from '../../src/knowledge/types';
import { DEFAULT_MATCHING } from '../../src/knowledge/types';

/** Small deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ten',
  'sa',
  'ri',
  'vo',
  'pe',
  'dan',
  'gu',
  'che',
  'bor',
  'fi',
  'nu',
  'tas',
  'wel',
  'zor',
  'ha',
  'mun',
  'ple'
];
const COMMON_EN = [
  'how',
  'do',
  'i',
  'apply',
  'for',
  'a',
  'the',
  'where',
  'can',
  'get',
  'what',
  'is',
  'my',
  'need',
  'to',
  'office',
  'visa',
  'passport',
  'form',
  'fee'
];
const COMMON_ZH = '怎么办理申请哪里需要什么如何可以时间材料费用';

function vocabulary(next: () => number, size: number): { en: string[]; zh: string[] } {
  const en = new Set<string>();
  while (en.size < size) {
    const n = 2 + Math.floor(next() * 3); // 2-4 syllables: 168,400 possible words
    en.add(Array.from({ length: n }, () => SYLLABLES[Math.floor(next() * SYLLABLES.length)]).join(''));
  }
  // 3,500 characters from the common block of CJK Unified Ideographs.
  const zh = Array.from({ length: 3500 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7) % 0x51a5)));
  return { en: [...en], zh };
}

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)]!;
}

function englishQuestion(next: () => number, topicWords: string[], vocab: string[]): string {
  const words = [
    pick(next, COMMON_EN),
    pick(next, COMMON_EN),
    ...topicWords,
    pick(next, vocab),
    pick(next, COMMON_EN)
  ];
  return words.sort(() => next() - 0.5).join(' ');
}

function chineseQuestion(next: () => number, topicChars: string, vocab: string[]): string {
  const extra = Array.from({ length: 2 }, () => pick(next, vocab)).join('');
  const common = COMMON_ZH.slice(Math.floor(next() * 10), Math.floor(next() * 10) + 4);
  return `${topicChars}${extra}${common}`;
}

export interface SyntheticKnowledge {
  knowledge: Pick<KnowledgeBase, 'entries' | 'matching' | 'synonyms'>;
  queries: { en: string[]; zh: string[] };
}

export function syntheticKnowledge(size: number, queryCount = 1000, seed = 7): SyntheticKnowledge {
  const next = random(seed);
  const vocab = vocabulary(next, Math.min(100_000, Math.max(2000, Math.round(size / 5))));
  const entries: KnowledgeEntry[] = [];
  for (let i = 0; i < size; i++) {
    const topicWords = [pick(next, vocab.en), pick(next, vocab.en)];
    const topicChars = Array.from({ length: 4 }, () => pick(next, vocab.zh)).join('');
    const en = Array.from({ length: 3 }, () => englishQuestion(next, topicWords, vocab.en));
    const zh = Array.from({ length: 3 }, () => chineseQuestion(next, topicChars, vocab.zh));
    entries.push({
      id: `entry-${i}`,
      topic: `topic-${i % 40}`,
      questions: { en, 'zh-Hans': zh, 'zh-Hant': zh },
      keywords: { en: [topicWords.join(' ')], 'zh-Hans': [topicChars], 'zh-Hant': [topicChars] },
      answer: {
        en: `Answer ${i}: ${en[0]}.`,
        'zh-Hans': `答复${i}：${zh[0]}。`,
        'zh-Hant': `答覆${i}：${zh[0]}。`
      },
      followups: [],
      links: [],
      source: { en: 'synthetic', 'zh-Hans': '合成', 'zh-Hant': '合成' },
      reviewed: '2026-11-20',
      origin: { file: 'synthetic.yaml', line: i + 1 }
    });
  }
  // Queries: a stored phrasing with one word (or character) dropped and the order changed.
  const queries = { en: [] as string[], zh: [] as string[] };
  for (let q = 0; q < queryCount; q++) {
    const entry = pick(next, entries);
    const words = pick(next, entry.questions.en).split(' ');
    words.splice(Math.floor(next() * words.length), 1);
    queries.en.push(words.reverse().join(' '));
    const chars = [...pick(next, entry.questions['zh-Hans'])];
    chars.splice(Math.floor(next() * chars.length), 1);
    queries.zh.push(chars.join(''));
  }
  return { knowledge: { entries, matching: DEFAULT_MATCHING, synonyms: { en: [], zh: [] } }, queries };
}
