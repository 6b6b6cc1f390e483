/**
 * Synonyms staff list in YAML ("service passport" = "official passport"; 护照 = 本子): every member
 * of a group is rewritten to the group's first member, in questions and in queries alike.
 */
import type { SynonymGroups } from '../knowledge/types';
import { normalizeText, tokenizeNormalized } from './tokenize';

interface EnglishRule {
  from: string[];
  to: string[];
}

export class SynonymRewriter {
  private readonly chinese: { from: string; to: string }[] = [];
  private readonly english = new Map<string, EnglishRule[]>();

  constructor(groups: SynonymGroups) {
    for (const group of groups.zh) {
      const [canonical, ...others] = group.map(normalizeText);
      for (const other of others) if (other !== canonical) this.chinese.push({ from: other, to: canonical! });
    }
    // Longest phrases first, so "public affairs passport" wins over "passport".
    this.chinese.sort((a, b) => b.from.length - a.from.length);
    for (const group of groups.en) {
      const [canonical, ...others] = group.map((member) => tokenizeNormalized(normalizeText(member), true));
      for (const from of others) {
        if (from.length === 0 || canonical!.length === 0) continue;
        const rules = this.english.get(from[0]!) ?? [];
        rules.push({ from, to: canonical! });
        rules.sort((a, b) => b.from.length - a.from.length);
        this.english.set(from[0]!, rules);
      }
    }
  }

  /** Rewrites Chinese phrases in normalized text. */
  rewriteText(normalized: string): string {
    let text = normalized;
    for (const rule of this.chinese) if (text.includes(rule.from)) text = text.split(rule.from).join(rule.to);
    return text;
  }

  /** Rewrites English token sequences (stemmed, stop words kept, as queries are). */
  rewriteTokens(tokens: string[]): string[] {
    if (this.english.size === 0) return tokens;
    const out: string[] = [];
    for (let i = 0; i < tokens.length;) {
      const rule = this.english.get(tokens[i]!)?.find((r) => r.from.every((t, k) => tokens[i + k] === t));
      if (rule) {
        out.push(...rule.to);
        i += rule.from.length;
      } else out.push(tokens[i++]!);
    }
    return out;
  }
}
