/**
 * Adds questions to entries in a knowledge file's text, keeping everything else byte for byte: the
 * lines are found from the YAML parse (the last item of the entry's question list) and the new items
 * inserted after it, with the same indentation. The file is never re-dumped, so comments, quoting,
 * blank lines and key order stay as staff wrote them. Pure: text in, text out.
 */
import { load, CORE_SCHEMA } from 'js-yaml';
import { toSimplified } from '../../language/chinese';
import type { Locale } from '../../language/locale';
import { parseYaml, YamlSyntaxError } from '../../knowledge/yamlSource';

export interface QuestionInsertion {
  entryId: string;
  /** The language of the question. zh-Hant goes into the entry's zh-Hant list when staff wrote one,
   * else into zh-Hans converted to Simplified (Traditional questions are generated from those). */
  locale: Locale;
  question: string;
}

export interface InsertionResult {
  text: string;
  /** What went where: the list and the 1-based line of the new item, in the new text. */
  inserted: { insertion: QuestionInsertion; list: Locale; question: string; line: number }[];
  /** Insertions that could not be made, and why (the text is unchanged for them). */
  refused: { insertion: QuestionInsertion; reason: string }[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The question as a YAML item: plain when YAML reads it back as exactly this text (most questions),
 * else in double quotes (a text with ": ", " #", a leading quote or bracket, ...).
 */
export function yamlItem(question: string): string {
  const oneLine = question.replace(/\s+/g, ' ').trim();
  try {
    const back = load(`- ${oneLine}\n`, { schema: CORE_SCHEMA });
    if (Array.isArray(back) && back.length === 1 && back[0] === oneLine) return oneLine;
  } catch {
    // not valid as a plain scalar: quoted below
  }
  return JSON.stringify(oneLine); // a JSON string is a valid YAML double-quoted scalar
}

const indentOf = (line: string) => /^[ ]*/.exec(line)![0].length;

export function insertQuestions(
  text: string,
  file: string,
  insertions: readonly QuestionInsertion[]
): InsertionResult {
  const result: InsertionResult = { text, inserted: [], refused: [] };
  let parsed;
  try {
    parsed = parseYaml(text, file);
  } catch (error) {
    const reason = error instanceof YamlSyntaxError ? `line ${error.line}: ${error.reason}` : String(error);
    for (const insertion of insertions)
      result.refused.push({ insertion, reason: `the file does not parse (${reason})` });
    return result;
  }
  const entries = isRecord(parsed.data) && Array.isArray(parsed.data.entries) ? parsed.data.entries : [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  /** 0-based line index after which to insert -> the lines to insert there, in order. */
  const plan = new Map<
    number,
    { indent: string; items: { insertion: QuestionInsertion; list: Locale; question: string }[] }
  >();

  for (const insertion of insertions) {
    const index = entries.findIndex((e: unknown) => isRecord(e) && e.id === insertion.entryId);
    const entry: unknown = entries[index];
    if (index < 0 || !isRecord(entry) || !isRecord(entry.questions)) {
      result.refused.push({ insertion, reason: `no entry "${insertion.entryId}" with questions in ${file}` });
      continue;
    }
    const questions = entry.questions;
    const list: Locale =
      insertion.locale === 'zh-Hant' && !Array.isArray(questions['zh-Hant']) ? 'zh-Hans' : insertion.locale;
    const oneLine = insertion.question.replace(/\s+/g, ' ').trim();
    const question = list === 'zh-Hans' ? toSimplified(oneLine) : oneLine;
    const items = questions[list];
    if (!Array.isArray(items) || items.length === 0) {
      result.refused.push({
        insertion,
        reason: `${insertion.entryId} has no questions.${list} list to add to`
      });
      continue;
    }
    const lastLine = parsed.lineOf(['entries', index, 'questions', list, items.length - 1]) - 1;
    const itemLine = lines[lastLine] ?? '';
    const dash = /^([ ]*)- /.exec(itemLine);
    if (!dash) {
      // A flow list (`en: [a, b]`) or an item sharing its line: editing those by line would be guesswork.
      result.refused.push({
        insertion,
        reason: `questions.${list} of ${insertion.entryId} (${file}:${lastLine + 1}) is not a "- item" list; add it by hand`
      });
      continue;
    }
    // The item may continue on more-indented lines (a long plain or block text): insert after those.
    let end = lastLine;
    while (end + 1 < lines.length) {
      const next = lines[end + 1]!;
      if (next.trim() === '' || next.trim().startsWith('#') || indentOf(next) <= dash[1]!.length) break;
      end++;
    }
    const slot = plan.get(end) ?? { indent: dash[1]!, items: [] };
    slot.items.push({ insertion, list, question });
    plan.set(end, slot);
  }

  // Bottom to top, so the line numbers found above stay right.
  const ends = [...plan.keys()].sort((a, b) => b - a);
  for (const end of ends) {
    const slot = plan.get(end)!;
    lines.splice(end + 1, 0, ...slot.items.map((item) => `${slot.indent}- ${yamlItem(item.question)}`));
  }
  // Lines of the new items, top to bottom (each earlier slot shifts the later ones down).
  let shift = 0;
  for (const end of [...ends].reverse()) {
    const slot = plan.get(end)!;
    slot.items.forEach((item, i) => result.inserted.push({ ...item, line: end + 2 + shift + i }));
    shift += slot.items.length;
  }
  result.text = lines.join(eol);
  return result;
}
