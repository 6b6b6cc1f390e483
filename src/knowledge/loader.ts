/**
 * Loads every *.yaml under the knowledge directory into one immutable KnowledgeBase snapshot:
 * parse (safe schema), validate with file:line:field problems, cross-check ids, expand office
 * placeholders and generate Traditional Chinese from Simplified where staff did not write it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { phraseCorrections, toTraditional } from '../language/chinese';
import { SUPPORTED_LOCALES, type Locale } from '../language/locale';
import { describe, isMapping, report, type FieldContext, type PartialLocalized } from './fields';
import { parseEntry, type AuthoredEntry } from './parseEntry';
import { parseCorrections, parseSmallTalk, type AuthoredCorrection } from './parseConversation';
import { parseOffice, parseSynonyms, type AuthoredOffice } from './parseOffice';
import { parseCantonese, parseElsewhere, parseMatching } from './parseMatching';
import { expandPlaceholders, placeholderProblems } from './placeholders';
import { KnowledgeLoadError, type KnowledgeProblem } from './problems';
import type {
  ElsewhereGroup,
  KnowledgeBase,
  KnowledgeEntry,
  LocalizedList,
  LocalizedText,
  MatchingSettings,
  Office,
  SmallTalkPhrases,
  SynonymGroups
} from './types';
import { DEFAULT_MATCHING, NO_SMALL_TALK } from './types';
import { parseYaml, YamlSyntaxError } from './yamlSource';

export interface KnowledgeSource {
  /** Name shown in problems, normally the path relative to the knowledge directory. */
  file: string;
  text: string;
}

export interface LoadResult {
  /** Present when there are no errors (warnings allowed). */
  knowledge?: KnowledgeBase;
  problems: KnowledgeProblem[];
}

// wechatMenu: the WeChat account's menu (knowledge/wechat-menu.yaml), read and checked by the WeChat
// channel (src/channels/wechat/menu.ts), not part of the knowledge the bot answers from.
const TOP_LEVEL_KEYS = [
  'office',
  'entries',
  'matching',
  'synonyms',
  'smalltalk',
  'traditional',
  'cantonese',
  'elsewhere',
  'wechatMenu'
];
const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** All knowledge files together (KNOWLEDGE_MAX_BYTES): a folder filled by mistake is refused, not parsed. */
export const DEFAULT_MAX_TOTAL_BYTES = 32 * 1024 * 1024;
const STALE_AFTER_DAYS = 365;

/** The folder of evaluation cases inside a knowledge folder: questions for `kb eval`, never knowledge. */
export const CASES_FOLDER = 'cases';

/**
 * Lists the knowledge files: *.yaml / *.yml below `dir`, skipping hidden folders and the `cases/`
 * folder at the top, sorted.
 */
export function listKnowledgeFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const item of readdirSync(current, { withFileTypes: true })) {
      if (item.name.startsWith('.') || item.name === 'node_modules') continue;
      const full = path.join(current, item.name);
      if (item.isDirectory() && current === dir && item.name === CASES_FOLDER) continue;
      if (item.isDirectory()) walk(full);
      else if (item.isFile() && /\.ya?ml$/i.test(item.name)) found.push(full);
    }
  };
  walk(dir);
  return found.sort();
}

export function readKnowledgeSources(
  dir: string,
  maxTotalBytes = DEFAULT_MAX_TOTAL_BYTES
): {
  sources: KnowledgeSource[];
  problems: KnowledgeProblem[];
} {
  const problems: KnowledgeProblem[] = [];
  const sources: KnowledgeSource[] = [];
  let files: string[] = [];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    files = listKnowledgeFiles(dir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push({
      severity: 'error',
      file: dir,
      line: 1,
      field: '',
      message: `cannot read knowledge directory: ${reason}`
    });
    return { sources, problems };
  }
  const sizes = files.map((file) => statSync(file).size);
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total > maxTotalBytes) {
    problems.push({
      severity: 'error',
      file: '(knowledge)',
      line: 1,
      field: '',
      message: `the knowledge files total ${total} bytes; the limit is ${maxTotalBytes} (KNOWLEDGE_MAX_BYTES)`
    });
    return { sources, problems };
  }
  for (const [i, file] of files.entries()) {
    const name = path.relative(dir, file).split(path.sep).join('/');
    const size = sizes[i]!;
    if (size > MAX_FILE_BYTES) {
      problems.push({
        severity: 'error',
        file: name,
        line: 1,
        field: '',
        message: `file is ${size} bytes; the limit is ${MAX_FILE_BYTES}`
      });
      continue;
    }
    sources.push({ file: name, text: readFileSync(file, 'utf8') });
  }
  if (files.length === 0) {
    problems.push({
      severity: 'error',
      file: dir,
      line: 1,
      field: '',
      message: 'no .yaml files found in the knowledge directory'
    });
  }
  return { sources, problems };
}

/** Reads and validates the directory; never throws for content problems. */
export interface BuildOptions {
  now?: Date;
  /**
   * false: do not generate Traditional Chinese (zh-Hant stays as authored, else the Simplified text).
   * For tools that never show zh-Hant (`kb check`): generating it loads OpenCC's large dictionaries,
   * most of a check's time.
   */
  generateTraditional?: boolean;
}

export interface ReadOptions extends BuildOptions {
  /** Limit on all files together (default DEFAULT_MAX_TOTAL_BYTES). */
  maxTotalBytes?: number;
}

export function readKnowledge(dir: string, options: ReadOptions = {}): LoadResult {
  const { sources, problems } = readKnowledgeSources(dir, options.maxTotalBytes);
  const result = buildKnowledge(sources, options);
  return {
    knowledge: problems.length > 0 ? undefined : result.knowledge,
    problems: [...problems, ...result.problems]
  };
}

/** Like readKnowledge, but throws KnowledgeLoadError when any file has an error. */
export function loadKnowledge(dir: string, options: BuildOptions = {}): KnowledgeBase {
  const result = readKnowledge(dir, options);
  if (!result.knowledge) throw new KnowledgeLoadError(result.problems);
  return result.knowledge;
}

interface Located<T> {
  value: T;
  ctx: FieldContext;
  path: (string | number)[];
}

/** Builds a snapshot from file texts; shared by the server, the staff tools and the benchmarks. */
export function buildKnowledge(sources: readonly KnowledgeSource[], options: BuildOptions = {}): LoadResult {
  const problems: KnowledgeProblem[] = [];
  const entries: Located<AuthoredEntry>[] = [];
  const offices: Located<AuthoredOffice>[] = [];
  const matchings: Located<MatchingSettings>[] = [];
  const synonymGroups: string[][] = [];
  const syntaxErrors: KnowledgeProblem[] = [];
  const corrections: AuthoredCorrection[] = [];
  const smallTalk: Record<keyof SmallTalkPhrases, string[]> = {
    greeting: [],
    thanks: [],
    goodbye: [],
    identity: [],
    human: [],
    complaint: [],
    fillers: []
  };
  const cantonese: (readonly [string, string])[] = [];
  const elsewhere: ElsewhereGroup[] = [];

  for (const source of sources) {
    let parsed;
    try {
      parsed = parseYaml(source.text, source.file);
    } catch (error) {
      const syntax = error instanceof YamlSyntaxError ? error : new YamlSyntaxError(1, String(error));
      syntaxErrors.push({
        severity: 'error',
        file: source.file,
        line: syntax.line,
        field: '',
        message: `YAML syntax: ${syntax.reason}`
      });
      continue;
    }
    const ctx: FieldContext = { file: source.file, lineOf: parsed.lineOf, problems, label: '' };
    const data = parsed.data;
    if (data === null || data === undefined) {
      report(ctx, [], '', 'file is empty', 'warning');
      continue;
    }
    if (!isMapping(data)) {
      report(
        ctx,
        [],
        '',
        `the file must be a mapping with ${TOP_LEVEL_KEYS.join(':, ')}:, found ${describe(data)}`
      );
      continue;
    }
    for (const key of Object.keys(data)) {
      if (!TOP_LEVEL_KEYS.includes(key)) {
        report(ctx, [key], key, `unknown top-level key (allowed: ${TOP_LEVEL_KEYS.join(', ')})`);
      }
    }
    if ('entries' in data) {
      if (!Array.isArray(data.entries)) {
        report(
          ctx,
          ['entries'],
          'entries',
          `must be a list of entries ("- id: ..."), found ${describe(data.entries)}`
        );
      } else {
        data.entries.forEach((raw, index) => {
          const entry = parseEntry(ctx, ['entries', index], raw);
          if (entry) entries.push({ value: entry, ctx, path: ['entries', index] });
        });
      }
    }
    if ('office' in data) {
      const office = parseOffice(ctx, ['office'], data.office);
      if (office) offices.push({ value: office, ctx, path: ['office'] });
    }
    if ('matching' in data) {
      const matching = parseMatching(ctx, ['matching'], data.matching);
      if (matching) matchings.push({ value: matching, ctx, path: ['matching'] });
    }
    if ('synonyms' in data) synonymGroups.push(...parseSynonyms(ctx, ['synonyms'], data.synonyms));
    if ('traditional' in data) corrections.push(...parseCorrections(ctx, ['traditional'], data.traditional));
    if ('smalltalk' in data) {
      for (const [intent, phrases] of Object.entries(parseSmallTalk(ctx, ['smalltalk'], data.smalltalk)))
        smallTalk[intent as keyof SmallTalkPhrases].push(...phrases);
    }
    if ('cantonese' in data) cantonese.push(...parseCantonese(ctx, ['cantonese'], data.cantonese));
    if ('elsewhere' in data) elsewhere.push(...parseElsewhere(ctx, ['elsewhere'], data.elsewhere));
  }
  const seenCorrections = new Map<string, AuthoredCorrection>();
  for (const correction of corrections) {
    const first = seenCorrections.get(correction.simplified);
    if (first) {
      problems.push({
        severity: 'error',
        file: correction.file,
        line: correction.line,
        field: 'traditional',
        message: `"${correction.simplified}" is corrected twice; first at ${first.file}:${first.line}`
      });
    } else seenCorrections.set(correction.simplified, correction);
  }
  const toHant = phraseCorrections([...seenCorrections.values()]);

  // A file that cannot be read hides its entries; every check after this point would only report
  // consequences of that (missing follow-ups, a missing office), so the syntax errors are all we say.
  if (syntaxErrors.length > 0) return { problems: syntaxErrors };

  const office = pickOne(offices, 'office', problems, sources.length > 0);
  const matching = pickOne(matchings, 'matching', problems, false)?.value ?? DEFAULT_MATCHING;
  if (!office) return { problems };
  // Phrase corrections (换发 -> 換發) sit on top of the converter; kb check may skip generation.
  const traditional: ToTraditional =
    options.generateTraditional === false ? noTraditional : (simplified) => toTraditional(simplified, toHant);
  const completedOffice = completeOffice(office.value, traditional);

  const byId = new Map<string, Located<AuthoredEntry>>();
  for (const located of entries) {
    const { value: entry, ctx, path: entryPath } = located;
    const first = byId.get(entry.id);
    if (first) {
      report(
        { ...ctx, label: entry.id },
        [...entryPath, 'id'],
        'id',
        `duplicate id: already used at ${first.ctx.file}:${first.value.line}`
      );
      continue;
    }
    byId.set(entry.id, located);
  }

  const now = options.now ?? new Date();
  const completed: KnowledgeEntry[] = [];
  for (const { value: entry, ctx, path: entryPath } of byId.values()) {
    const entryCtx: FieldContext = { ...ctx, label: entry.id };
    let ok = true;
    for (const [locale, text] of Object.entries(entry.answer)) {
      for (const { message } of placeholderProblems(text, completedOffice)) {
        report(entryCtx, [...entryPath, 'answer', locale], `answer.${locale}`, message);
        ok = false;
      }
    }
    if (entry.division && !completedOffice.divisions.some((d) => d.id === entry.division)) {
      const known = completedOffice.divisions.map((d) => d.id).join(', ');
      report(
        entryCtx,
        [...entryPath, 'division'],
        'division',
        `"${entry.division}" is not a division id in office.divisions (known: ${known})`
      );
      ok = false;
    }
    const followups = entry.followups.filter((id, index) => {
      if (byId.has(id) && id !== entry.id) return true;
      const why =
        id === entry.id ? 'an entry cannot follow up itself' : `no entry has id "${id}"; it is ignored`;
      report(entryCtx, [...entryPath, 'followups', index], `followups[${index + 1}]`, why, 'warning');
      return false;
    });
    const ageDays = (now.getTime() - Date.parse(`${entry.reviewed}T00:00:00Z`)) / 86_400_000;
    if (ageDays > STALE_AFTER_DAYS) {
      report(
        entryCtx,
        [...entryPath, 'reviewed'],
        'reviewed',
        `last reviewed ${entry.reviewed}, over 12 months ago: please check the answer is still right`,
        'warning'
      );
    } else if (ageDays < -1) {
      report(
        entryCtx,
        [...entryPath, 'reviewed'],
        'reviewed',
        `${entry.reviewed} is in the future`,
        'warning'
      );
    }
    if (ok) completed.push(completeEntry(entry, followups, completedOffice, ctx.file, traditional));
  }

  if (problems.some((p) => p.severity === 'error')) return { problems };
  const topics = new Set(completed.map((e) => e.topic));
  for (const group of elsewhere)
    for (const topic of group.topics.filter((t) => !topics.has(t)))
      problems.push({
        severity: 'warning',
        file: group.origin.file,
        line: group.origin.line,
        field: 'elsewhere.topics',
        message: `no entry has the topic "${topic}": the group's words count against none of its entries`
      });
  const synonyms: SynonymGroups = {
    en: synonymGroups.filter((g) => !g.some(isChinese)),
    zh: synonymGroups.filter((g) => g.some(isChinese))
  };
  const knowledge: KnowledgeBase = Object.freeze({
    entries: Object.freeze(completed),
    byId: new Map(completed.map((e) => [e.id, e])),
    office: completedOffice,
    matching,
    synonyms,
    smallTalk: sources.length > 0 ? smallTalk : NO_SMALL_TALK,
    corrections: [...seenCorrections.values()].map((c) => ({
      simplified: c.simplified,
      traditional: c.traditional,
      origin: { file: c.file, line: c.line }
    })),
    cantonese: Object.freeze(cantonese),
    elsewhere: Object.freeze(elsewhere),
    version: versionOf(sources),
    loadedAt: new Date(),
    files: sources.map((s) => s.file)
  });
  return { knowledge, problems };
}

function pickOne<T>(
  found: Located<T>[],
  key: string,
  problems: KnowledgeProblem[],
  required: boolean
): Located<T> | undefined {
  if (found.length === 0) {
    if (required) {
      problems.push({
        severity: 'error',
        file: '(knowledge)',
        line: 1,
        field: key,
        message: `no file defines "${key}:" (the office's name, address and phones; see knowledge/README.md)`
      });
    }
    return undefined;
  }
  for (const extra of found.slice(1)) {
    report(
      extra.ctx,
      extra.path,
      key,
      `defined again; first defined in ${found[0]!.ctx.file}:${found[0]!.ctx.lineOf(found[0]!.path)}`
    );
  }
  return found[0];
}

function isChinese(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

/** Fills every locale: zh-Hant from zh-Hans (converted), then any missing language from the other. */
type ToTraditional = (simplified: string) => string;
const noTraditional: ToTraditional = (simplified) => simplified;

export function completeText(
  text: PartialLocalized<string>,
  traditional: ToTraditional = toTraditional
): LocalizedText {
  const zhHans = text['zh-Hans'] ?? text.en ?? '';
  const en = text.en ?? zhHans;
  const zhHant = text['zh-Hant'] ?? (text['zh-Hans'] ? traditional(text['zh-Hans']) : en);
  return { en, 'zh-Hans': zhHans, 'zh-Hant': zhHant };
}

function completeList(list: PartialLocalized<string[]>, traditional: ToTraditional): LocalizedList {
  const zhHant = list['zh-Hant'] ?? (list['zh-Hans'] ?? []).map((q) => traditional(q));
  return { en: list.en ?? [], 'zh-Hans': list['zh-Hans'] ?? [], 'zh-Hant': zhHant };
}

function completeOffice(office: AuthoredOffice, traditional: ToTraditional): Office {
  return {
    name: completeText(office.name, traditional),
    address: office.address && completeText(office.address, traditional),
    postcode: office.postcode,
    phones: office.phones,
    fax: office.fax,
    email: office.email,
    website: office.website,
    hours: office.hours && {
      timezone: office.hours.timezone,
      weekly: office.hours.weekly,
      note: office.hours.note && completeText(office.hours.note, traditional)
    },
    divisions: office.divisions.map((d) => ({
      id: d.id,
      name: completeText(d.name, traditional),
      handles: completeText(d.handles, traditional),
      leader: d.leader
    })),
    leaders: office.leaders.map((l) => ({
      id: l.id,
      name: completeText(l.name, traditional),
      title: completeText(l.title, traditional),
      portfolio: completeText(l.portfolio, traditional)
    }))
  };
}

function completeEntry(
  entry: AuthoredEntry,
  followups: string[],
  office: Office,
  file: string,
  traditional: ToTraditional
): KnowledgeEntry {
  const answer = completeText(entry.answer, traditional);
  // Placeholders expand per locale after zh-Hant generation, so office data keeps its own zh-Hant text.
  const expanded = Object.fromEntries(
    SUPPORTED_LOCALES.map((locale: Locale) => [locale, expandPlaceholders(answer[locale], office, locale)])
  ) as LocalizedText;
  return {
    id: entry.id,
    topic: entry.topic,
    questions: completeList(entry.questions, traditional),
    keywords: completeList(entry.keywords, traditional),
    answer: expanded,
    followups,
    links: entry.links.map((l) => ({ url: l.url, title: completeText(l.title, traditional) })),
    source: completeText(entry.source, traditional),
    reviewed: entry.reviewed,
    division: entry.division,
    card: entry.card,
    origin: { file, line: entry.line }
  };
}

/** The knowledge version: a hash of the files' names and texts (also kb check's "unchanged since the last commit"). */
export function versionOf(sources: readonly KnowledgeSource[]): string {
  const hash = createHash('sha256');
  for (const source of [...sources].sort((a, b) => a.file.localeCompare(b.file))) {
    hash.update(source.file).update('\0').update(source.text).update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}
