/**
 * Bot replies as WeChat text messages. Pure.
 *
 * FaoBot already renders for the channel's capabilities (plain text, options as a numbered list, the
 * contact card as text); what is left here is what WeChat adds: no cards or buttons exist in a text
 * message, so any that still arrive are spelled out, and a message has a byte limit, so long replies are
 * split at paragraph, line or sentence ends.
 */
import type { Activity, Attachment, CardAction } from 'botbuilder';

/**
 * Longest text message, in UTF-8 bytes. WeChat documents 2048 bytes for text content (passive replies
 * and customer-service messages alike); a little is kept in hand.
 */
export const MAX_TEXT_BYTES = 2000;

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

interface HeroLike {
  title?: unknown;
  subtitle?: unknown;
  text?: unknown;
  buttons?: unknown;
}

function actionText(action: CardAction): string | undefined {
  const title = typeof action.title === 'string' ? action.title : '';
  if ((action.type === 'openUrl' || action.type === 'call') && typeof action.value === 'string')
    return title && title !== action.value ? `${title}: ${action.value}` : action.value;
  return title || undefined;
}

function attachmentText(attachment: Attachment): string | undefined {
  const content = attachment.content as HeroLike | undefined;
  if (!content || typeof content !== 'object') return undefined;
  const lines: string[] = [];
  for (const field of [content.title, content.subtitle, content.text])
    if (typeof field === 'string' && field.trim()) lines.push(field.trim());
  if (Array.isArray(content.buttons))
    for (const button of content.buttons as CardAction[]) {
      const text = actionText(button);
      if (text) lines.push(text);
    }
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** The text a user should see for one bot activity; undefined for activities with nothing to show. */
export function activityText(activity: Partial<Activity>): string | undefined {
  if (activity.type !== undefined && activity.type !== 'message') return undefined;
  const parts: string[] = [];
  if (typeof activity.text === 'string' && activity.text.trim()) parts.push(activity.text.trim());
  for (const attachment of activity.attachments ?? []) {
    const text = attachmentText(attachment);
    if (text) parts.push(text);
  }
  const actions = activity.suggestedActions?.actions ?? [];
  if (actions.length > 0)
    parts.push(
      actions
        .map(actionText)
        .filter((t): t is string => t !== undefined)
        .map((t, i) => `${i + 1}. ${t}`)
        .join('\n')
    );
  const text = parts.join('\n\n').replace(/\r\n?/g, '\n');
  return text.trim() ? text : undefined;
}

/** The longest prefix of `text` within `maxBytes`, cut at a code point boundary. */
function bytePrefix(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Length(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

const BREAKS: readonly RegExp[] = [/\n\n/g, /\n/g, /[。！？!?；;.](?=\s|$)|[。！？；]/g, /[，、,\s]/g];

/** Splits text into messages of at most `maxBytes`, preferring paragraph, line, sentence, then word ends. */
export function splitMessage(text: string, maxBytes = MAX_TEXT_BYTES): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest && utf8Length(rest) > maxBytes) {
    const window = bytePrefix(rest, maxBytes);
    let cut = -1;
    for (const pattern of BREAKS) {
      let last = -1;
      for (const match of window.matchAll(pattern)) last = match.index + match[0].length;
      // A cut in the first third would make a tiny message; try a finer break instead.
      if (last > window.length / 3) {
        cut = last;
        break;
      }
    }
    if (cut <= 0) cut = window.length;
    chunks.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) chunks.push(rest);
  return chunks.filter((chunk) => chunk !== '');
}
