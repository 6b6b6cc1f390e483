/** Reads one authored entry from YAML, reporting every problem with its line. */
import {
  checkKnownKeys,
  isMapping,
  readLocalizedList,
  readLocalizedText,
  readString,
  readStringList,
  report,
  describe,
  type FieldContext,
  type PartialLocalized
} from './fields';
import type { YamlPath } from './yamlSource';

export const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ENTRY_FIELDS = [
  'id',
  'topic',
  'questions',
  'keywords',
  'answer',
  'followups',
  'links',
  'source',
  'reviewed',
  'division',
  'card'
] as const;

/** An entry as staff wrote it, before placeholders and Traditional generation. */
export interface AuthoredEntry {
  id: string;
  topic: string;
  questions: PartialLocalized<string[]>;
  keywords: PartialLocalized<string[]>;
  answer: PartialLocalized<string>;
  followups: string[];
  links: { url: string; title: PartialLocalized<string> }[];
  source: PartialLocalized<string>;
  reviewed: string;
  division?: string;
  card?: 'contact';
  path: YamlPath;
  line: number;
}

export function parseEntry(base: FieldContext, path: YamlPath, raw: unknown): AuthoredEntry | undefined {
  if (!isMapping(raw)) {
    report(
      base,
      path,
      '',
      `each entry must be a mapping (id:, questions:, answer:, ...), found ${describe(raw)}`
    );
    return undefined;
  }
  const errorsBefore = base.problems.filter((p) => p.severity === 'error').length;
  const id = readString(base, [...path, 'id'], 'id', raw.id, {
    required: true,
    pattern: KEBAB_CASE,
    patternHint: 'must be kebab-case: lowercase letters, digits and single hyphens (e.g. passport-service)'
  });
  const ctx: FieldContext = { ...base, label: id ?? `entry #${Number(path[path.length - 1]) + 1}` };
  checkKnownKeys(ctx, path, raw, ENTRY_FIELDS);

  const topic = readString(ctx, [...path, 'topic'], 'topic', raw.topic, {
    required: true,
    pattern: KEBAB_CASE,
    patternHint: 'must be kebab-case (e.g. passports)'
  });
  const questions = readLocalizedList(ctx, [...path, 'questions'], 'questions', raw.questions, {
    required: true
  });
  const keywords = readKeywords(ctx, [...path, 'keywords'], raw.keywords);
  const answer = readLocalizedText(ctx, [...path, 'answer'], 'answer', raw.answer, { required: true });
  const followups =
    readStringList(ctx, [...path, 'followups'], 'followups', raw.followups)?.filter((f, i) => {
      if (KEBAB_CASE.test(f)) return true;
      report(ctx, [...path, 'followups', i], `followups[${i + 1}]`, `"${f}" is not an entry id (kebab-case)`);
      return false;
    }) ?? [];
  const links = readLinks(ctx, [...path, 'links'], raw.links);
  const source = readLocalizedText(ctx, [...path, 'source'], 'source', raw.source, {
    required: true,
    allowPlain: true
  });
  const reviewed = readDate(ctx, [...path, 'reviewed'], raw.reviewed);
  const division = readString(ctx, [...path, 'division'], 'division', raw.division, {
    pattern: KEBAB_CASE,
    patternHint: 'must be a division id from office.yaml (kebab-case)'
  });
  const card = readString(ctx, [...path, 'card'], 'card', raw.card, {
    pattern: /^contact$/,
    patternHint: 'is not a known card (use: contact)'
  }) as 'contact' | undefined;

  if (questions && answer) {
    const hasQuestion = Object.keys(questions).length > 0;
    const hasAnswer = Object.keys(answer).length > 0;
    if (!hasQuestion) report(ctx, [...path, 'questions'], 'questions', 'needs at least one question');
    if (!hasAnswer) report(ctx, [...path, 'answer'], 'answer', 'needs an answer in at least one language');
    for (const locale of ['en', 'zh-Hans'] as const) {
      if (hasQuestion && !questions[locale]) {
        report(
          ctx,
          [...path, 'questions'],
          `questions.${locale}`,
          'missing translation: no questions in this language',
          'warning'
        );
      }
      if (hasAnswer && !answer[locale]) {
        report(
          ctx,
          [...path, 'answer'],
          `answer.${locale}`,
          'missing translation: the other language is shown instead',
          'warning'
        );
      }
    }
  }
  const errorsAfter = base.problems.filter((p) => p.severity === 'error').length;
  if (errorsAfter > errorsBefore || !id || !topic || !questions || !answer || !source || !reviewed)
    return undefined;
  return {
    id,
    topic,
    questions,
    keywords: keywords ?? {},
    answer,
    followups,
    links,
    source,
    reviewed,
    division,
    card,
    path,
    line: base.lineOf(path)
  };
}

/** Keywords per language, or one plain list used for every language. */
function readKeywords(
  ctx: FieldContext,
  path: YamlPath,
  value: unknown
): PartialLocalized<string[]> | undefined {
  if (Array.isArray(value)) {
    const list = readStringList(ctx, path, 'keywords', value);
    return list ? { en: list, 'zh-Hans': list } : undefined;
  }
  return readLocalizedList(ctx, path, 'keywords', value);
}

function readLinks(ctx: FieldContext, path: YamlPath, value: unknown): AuthoredEntry['links'] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report(ctx, path, 'links', `must be a list of {url, title}, found ${describe(value)}`);
    return [];
  }
  const links: AuthoredEntry['links'] = [];
  value.forEach((item, index) => {
    const itemPath = [...path, index];
    const field = `links[${index + 1}]`;
    if (!isMapping(item)) {
      report(ctx, itemPath, field, `must be a mapping with url: and title:, found ${describe(item)}`);
      return;
    }
    checkKnownKeys(ctx, itemPath, item, ['url', 'title'], `${field}.`);
    const url = readString(ctx, [...itemPath, 'url'], `${field}.url`, item.url, {
      required: true,
      pattern: /^https?:\/\/\S+$/,
      patternHint: 'must be a web address starting with http:// or https://'
    });
    const title = readLocalizedText(ctx, [...itemPath, 'title'], `${field}.title`, item.title, {
      required: true,
      allowPlain: true
    });
    if (url && title) links.push({ url, title });
  });
  return links;
}

function readDate(ctx: FieldContext, path: YamlPath, value: unknown): string | undefined {
  const text = readString(ctx, path, 'reviewed', value, {
    required: true,
    pattern: ISO_DATE,
    patternHint: 'must be a date written YYYY-MM-DD'
  });
  if (!text) return undefined;
  const [, y, m, d] = ISO_DATE.exec(text)!;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) {
    report(ctx, path, 'reviewed', `"${text}" is not a real calendar date`);
    return undefined;
  }
  return text;
}
