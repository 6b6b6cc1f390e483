/** Classifies what the user sent before anything is matched. Pure. */
import { scanPersonalData, type PersonalDataFinding, type PersonalDataKind } from '../logging/redact';

export type UserInput =
  | { kind: 'empty' }
  | { kind: 'attachmentOnly' }
  | { kind: 'tooLong'; length: number }
  /** Emoji, symbols or punctuation only: nothing a question can be read from. */
  | { kind: 'emojiOnly' }
  | { kind: 'text'; text: string };

export type RejectedInput = Exclude<UserInput, { kind: 'text' }>;

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

export function classifyInput(text: unknown, attachmentCount: number, maxChars: number): UserInput {
  const raw = typeof text === 'string' ? text : '';
  // Zero-width and other invisible characters count as nothing typed.
  const trimmed = raw.replace(/[\s\u200b-\u200d\u2060\ufeff]+/g, ' ').trim();
  if (trimmed === '') return attachmentCount > 0 ? { kind: 'attachmentOnly' } : { kind: 'empty' };
  const length = [...trimmed].length;
  if (length > maxChars) return { kind: 'tooLong', length };
  if (!WORD_CHARACTER.test(trimmed)) return { kind: 'emojiOnly' };
  return { kind: 'text', text: trimmed };
}

/** Numbers the office never needs in a chat: passports, Chinese ID cards, bank cards. */
const SENSITIVE_KINDS: ReadonlySet<PersonalDataKind> = new Set<PersonalDataKind>([
  'passport',
  'idCard',
  'bankCard'
]);

/** Whether what a scan found includes such numbers. */
export function includesSensitiveNumbers(findings: readonly PersonalDataFinding[]): boolean {
  return findings.some((finding) => SENSITIVE_KINDS.has(finding.kind));
}

export function containsSensitiveNumbers(text: string): boolean {
  return includesSensitiveNumbers(scanPersonalData(text).findings);
}
