/**
 * Groups similar questions, so "how to get a visa", "How do I get a visa?" and "visa how to get" are
 * one line in the report. Similarity is Jaccard overlap of the matcher's own tokens (English stems,
 * Chinese unigrams and bigrams, Traditional folded to Simplified).
 */
import { normalizeText, tokenize } from '../../search';
import { jaccard } from '../../search/similarity';

export interface QuestionGroup {
  /** The most frequent wording in the group. */
  text: string;
  count: number;
  /** Other wordings, most frequent first (at most `maxVariants`). */
  variants: { text: string; count: number }[];
  locales: Record<string, number>;
}

export interface AskedQuestion {
  text: string;
  locale?: string;
}

/** Same question modulo case, width, script, punctuation and spacing. */
export function questionKey(text: string): string {
  return normalizeText(text)
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface Working {
  group: QuestionGroup;
  tokens: Set<string>;
  /** Creation order: among equally similar groups the earlier (more frequent) one wins. */
  index: number;
}

/**
 * How many of a set's rarest tokens two sets with Jaccard >= threshold must share one of (prefix
 * filtering): the overlap is at least ceil(threshold * size), so the first size - that + 1 tokens in
 * any fixed order cannot all be missing from the other set. Pure.
 */
export function prefixLength(size: number, threshold: number): number {
  if (size === 0) return 0;
  return size - Math.ceil(threshold * size - 1e-9) + 1;
}

export function groupSimilarQuestions(
  asked: readonly AskedQuestion[],
  threshold = 0.5,
  maxVariants = 5
): QuestionGroup[] {
  // 1. Identical wordings.
  const wordings = new Map<string, { text: string; count: number; locales: Record<string, number> }>();
  for (const question of asked) {
    const key = questionKey(question.text);
    if (key === '') continue;
    const wording = wordings.get(key) ?? { text: question.text.trim(), count: 0, locales: {} };
    wording.count++;
    const locale = question.locale ?? 'unknown';
    wording.locales[locale] = (wording.locales[locale] ?? 0) + 1;
    wordings.set(key, wording);
  }
  // 2. Tokens, rarest first: candidates are found through their rare tokens only, so common words
  //    ("how", "的") do not make every group a candidate of every question (which was quadratic).
  const ordered = [...wordings.values()]
    .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))
    .map((wording) => ({ wording, tokens: new Set(tokenize(wording.text)) }));
  const frequency = new Map<string, number>();
  for (const { tokens } of ordered)
    for (const token of tokens) frequency.set(token, (frequency.get(token) ?? 0) + 1);
  const rarestFirst = (tokens: Set<string>) =>
    [...tokens].sort((a, b) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : a > b ? 1 : 0));

  // 3. Most frequent first, each joins the most similar existing group or starts one.
  const groups: Working[] = [];
  const byToken = new Map<string, Working[]>();
  for (const { wording, tokens } of ordered) {
    const sorted = rarestFirst(tokens);
    const prefix = sorted.slice(0, prefixLength(sorted.length, threshold));
    let best: Working | undefined;
    let bestScore = threshold;
    const seen = new Set<Working>();
    for (const token of prefix) {
      for (const candidate of byToken.get(token) ?? []) {
        if (seen.has(candidate)) continue;
        seen.add(candidate);
        const score = jaccard(tokens, candidate.tokens);
        if (score > bestScore || (score === bestScore && (!best || candidate.index < best.index))) {
          best = candidate;
          bestScore = score;
        }
      }
    }
    if (best) {
      best.group.count += wording.count;
      if (best.group.variants.length < maxVariants)
        best.group.variants.push({ text: wording.text, count: wording.count });
      for (const [locale, n] of Object.entries(wording.locales))
        best.group.locales[locale] = (best.group.locales[locale] ?? 0) + n;
      continue;
    }
    const working: Working = {
      group: { text: wording.text, count: wording.count, variants: [], locales: { ...wording.locales } },
      tokens,
      index: groups.length
    };
    groups.push(working);
    for (const token of sorted.slice(0, prefixLength(sorted.length, threshold))) {
      const list = byToken.get(token) ?? [];
      list.push(working);
      byToken.set(token, list);
    }
  }
  return groups.map((w) => w.group).sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));
}
