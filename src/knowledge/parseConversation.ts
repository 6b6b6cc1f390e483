/**
 * Reads the conversation data staff keep beside the entries: phrase corrections for generated
 * Traditional text (`traditional:`) and the small-talk phrases per intent (`smalltalk:`).
 */
import { toSimplified } from '../language/chinese';
import { SUPPORTED_LOCALES } from '../language/locale';
import {
  checkKnownKeys,
  describe,
  isMapping,
  readLocalizedList,
  readString,
  report,
  type FieldContext
} from './fields';
import { SMALL_TALK_INTENTS, type SmallTalkIntent, type SmallTalkPhrases } from './types';
import type { YamlPath } from './yamlSource';

export interface AuthoredCorrection {
  simplified: string;
  traditional: string;
  line: number;
  file: string;
}

const HAN = /\p{Script=Han}/u;

/** `traditional:` - a list of `{zh-Hans: 换发, zh-Hant: 換發}`: how a Simplified phrase is written in Traditional. */
export function parseCorrections(ctx: FieldContext, path: YamlPath, raw: unknown): AuthoredCorrection[] {
  if (!Array.isArray(raw)) {
    report(
      ctx,
      path,
      'traditional',
      `must be a list of corrections ("- zh-Hans: 换发" and "zh-Hant: 換發"), found ${describe(raw)}`
    );
    return [];
  }
  const found: AuthoredCorrection[] = [];
  raw.forEach((item, index) => {
    const itemPath = [...path, index];
    const name = `traditional[${index + 1}]`;
    if (!isMapping(item)) {
      report(ctx, itemPath, name, `must be a mapping with zh-Hans: and zh-Hant:, found ${describe(item)}`);
      return;
    }
    checkKnownKeys(ctx, itemPath, item, ['zh-Hans', 'zh-Hant', 'note'], `${name}.`);
    const simplified = readString(ctx, [...itemPath, 'zh-Hans'], `${name}.zh-Hans`, item['zh-Hans'], {
      required: true
    });
    const traditional = readString(ctx, [...itemPath, 'zh-Hant'], `${name}.zh-Hant`, item['zh-Hant'], {
      required: true
    });
    if (item.note !== undefined) readString(ctx, [...itemPath, 'note'], `${name}.note`, item.note);
    if (simplified === undefined || traditional === undefined) return;
    if (!HAN.test(simplified)) {
      report(ctx, [...itemPath, 'zh-Hans'], `${name}.zh-Hans`, `"${simplified}" has no Chinese characters`);
      return;
    }
    if (toSimplified(traditional) !== toSimplified(simplified)) {
      // A correction changes how a phrase is written, never what it says.
      report(
        ctx,
        [...itemPath, 'zh-Hant'],
        `${name}.zh-Hant`,
        `"${traditional}" is not "${simplified}" written in Traditional (it reads as "${toSimplified(traditional)}")`
      );
      return;
    }
    found.push({ simplified, traditional, line: ctx.lineOf(itemPath), file: ctx.file });
  });
  return found;
}

/**
 * `smalltalk:` - per intent (greeting, thanks, goodbye, identity, human, complaint), the phrases per
 * language that mean it. Phrases are compared as the matcher compares text (case, width and script folded).
 */
export function parseSmallTalk(ctx: FieldContext, path: YamlPath, raw: unknown): Partial<SmallTalkPhrases> {
  if (!isMapping(raw)) {
    report(
      ctx,
      path,
      'smalltalk',
      `must map intents (${SMALL_TALK_INTENTS.join(', ')}) to phrases, found ${describe(raw)}`
    );
    return {};
  }
  checkKnownKeys(ctx, path, raw, [...SMALL_TALK_INTENTS, 'fillers'], 'smalltalk.');
  const result: Partial<Record<SmallTalkIntent | 'fillers', string[]>> = {};
  for (const key of [...SMALL_TALK_INTENTS, 'fillers'] as const) {
    if (!(key in raw)) continue;
    const lists = readLocalizedList(ctx, [...path, key], `smalltalk.${key}`, raw[key], { required: true });
    if (!lists) continue;
    result[key] = SUPPORTED_LOCALES.flatMap((locale) => lists[locale] ?? []);
  }
  return result;
}
