/**
 * Markdown as Web Chat (markdown-it, CommonMark) shows it, in English and Chinese alike. Pure.
 *
 * - Emphasis next to punctuation: CommonMark opens `**` only when it is not followed by punctuation
 *   unless preceded by space or punctuation, so 协调**“荣誉市民”**评选 shows its asterisks. Punctuation at
 *   the edges of an emphasised span is moved outside it: 协调“**荣誉市民**”评选.
 * - A single line break inside a paragraph is a soft break, shown as a space (a stray space in Chinese
 *   text): it becomes a hard line break, as the writer meant a new line.
 * - Web Chat renders with markdown-it's typographer on: "(c)", "(r)", "(tm)", "(p)" and "+-" would show
 *   as ©, ®, ™, § and ± ("main responsibilities (c)" read "main responsibilities ©"). Their first
 *   character is escaped, so they show as written; quotation marks still become curly ones.
 */

/** Quotation marks and sentence punctuation (not Markdown's own brackets: links stay whole). */
const LEADING = /^[“‘「『《〈（【"'，。、；：！？…—·,.;:!?]+/u;
const TRAILING = /[”’」』》〉）】"'，。、；：！？…—·,.;:!?]+$/u;
const CLOSER_OF: Record<string, string> = {
  '（': '）',
  '(': ')',
  '【': '】',
  '《': '》',
  '〈': '〉',
  '「': '」',
  '『': '』',
  '“': '”',
  '‘': '’'
};
const OPENER_OF: Record<string, string> = Object.fromEntries(
  Object.entries(CLOSER_OF).map(([o, c]) => [c, o])
);
/** Starts a block of its own: list item, heading, quote, table row, or a blank line. */
const BLOCK_START = /^(?:\s*$|\s*(?:[-*+]\s|\d+[.)]\s|#{1,6}\s|>|\|))/;

function moveEdgePunctuation(text: string): string {
  return text.replace(/\*\*([^*\n]+?)\*\*/g, (whole, inner: string) => {
    let lead = LEADING.exec(inner)?.[0] ?? '';
    let trail = TRAILING.exec(inner.slice(lead.length))?.[0] ?? '';
    // A bracket closed (or opened) inside the span moves out with its whole group: **出国（境）**团组
    // becomes **出国**（境）团组, never **出国（境**）.
    const closer = trail[0];
    if (closer && OPENER_OF[closer]) {
      const opener = inner.lastIndexOf(OPENER_OF[closer], inner.length - trail.length);
      if (opener >= lead.length) trail = inner.slice(opener);
    }
    const opener = lead.at(-1);
    if (opener && CLOSER_OF[opener]) {
      const closeAt = inner.indexOf(CLOSER_OF[opener], lead.length);
      if (closeAt >= 0 && closeAt < inner.length - trail.length) lead = inner.slice(0, closeAt + 1);
    }
    const core = inner.slice(lead.length, inner.length - trail.length);
    if (core.trim() === '' || (lead === '' && trail === '')) return whole;
    return `${lead}**${core}**${trail}`;
  });
}

function hardLineBreaks(text: string): string {
  const lines = text.split('\n');
  return lines
    .map((line, i) => {
      const next = lines[i + 1];
      const breaks = next !== undefined && !BLOCK_START.test(line) && !BLOCK_START.test(next);
      return breaks && !line.endsWith('\\') ? `${line.trimEnd()}\\` : line;
    })
    .join('\n');
}

/** markdown-it's typographic replacements; an escaped character is not a text token, so none applies. */
const TYPOGRAPHER_REPLACEMENTS = /(?<!\\)(\((?:c|r|tm|p)\)|\+-)/gi;

function keepAsWritten(text: string): string {
  return text.replace(TYPOGRAPHER_REPLACEMENTS, (symbol) => `\\${symbol}`);
}

export function webMarkdown(markdown: string): string {
  return hardLineBreaks(keepAsWritten(moveEdgePunctuation(markdown)));
}

/** `tel:` URL of a phone number as written ("020-12345678" -> "tel:020-12345678"; digits, + and - kept). */
export function telUrl(phone: string): string {
  return `tel:${phone.replace(/[^\d+]+/g, '-').replace(/^-+|-+$/g, '')}`;
}

/** A phone number as a Markdown link that phones dial. */
export function phoneLink(phone: string): string {
  return `[${phone}](${telUrl(phone)})`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every occurrence of the office's phone numbers (as written in its data) made a `tel:` link. */
export function linkPhones(markdown: string, phones: readonly string[]): string {
  const written = phones.filter((p) => p.trim() !== '').sort((a, b) => b.length - a.length);
  if (written.length === 0) return markdown;
  const pattern = new RegExp(`(?<![\\[\\d:+-])(?:${written.map(escapeRegExp).join('|')})(?![\\]\\d])`, 'g');
  return markdown.replace(pattern, (phone) => phoneLink(phone));
}
