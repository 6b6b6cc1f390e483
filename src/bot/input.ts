/** Classifies what the user sent before anything is matched. Pure. */

export type UserInput =
  | { kind: 'empty' }
  | { kind: 'attachmentOnly' }
  | { kind: 'tooLong'; length: number }
  | { kind: 'text'; text: string };

export function classifyInput(text: unknown, attachmentCount: number, maxChars: number): UserInput {
  const raw = typeof text === 'string' ? text : '';
  // Zero-width and other invisible characters count as nothing typed.
  const trimmed = raw.replace(/[\s\u200b-\u200d\u2060\ufeff]+/g, ' ').trim();
  if (trimmed === '') return attachmentCount > 0 ? { kind: 'attachmentOnly' } : { kind: 'empty' };
  const length = [...trimmed].length;
  if (length > maxChars) return { kind: 'tooLong', length };
  return { kind: 'text', text: trimmed };
}
