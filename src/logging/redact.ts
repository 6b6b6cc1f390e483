/**
 * Personal data in user text: found for the privacy notice, masked before anything is logged.
 * Pure and conservative: better to mask an order number than to log a passport number.
 */

export type PersonalDataKind = 'idCard' | 'passport' | 'bankCard' | 'phone' | 'email';

interface Detector {
  kind: PersonalDataKind;
  pattern: RegExp;
  /** Extra check on a match (e.g. Luhn for card numbers). */
  accept?: (match: string) => boolean;
}

const DETECTORS: readonly Detector[] = [
  // Bounded parts (RFC limits) keep the scan linear on long runs of letters.
  { kind: 'email', pattern: /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}.-]{1,253}\.[\p{L}]{2,24}/gu },
  // Chinese resident ID card: 18 characters, the last may be X. Boundaries are ASCII-only: Chinese text
  // is written without spaces, so 身份证号440102... must still match.
  { kind: 'idCard', pattern: /(?<![A-Za-z0-9])\d{17}[\dxX](?![A-Za-z0-9])/g },
  // First-generation ID cards: 15 digits.
  { kind: 'idCard', pattern: /(?<![A-Za-z0-9])\d{15}(?![A-Za-z0-9])/g },
  // Bank cards: 13-19 digits, optionally grouped by spaces or hyphens, passing the Luhn check.
  {
    kind: 'bankCard',
    pattern: /(?<![\p{N}])\d{4}(?:[ -]?\d{3,4}){2,3}(?:[ -]?\d{1,4})?(?![\p{N}])/gu,
    accept: (m) => {
      const digits = m.replace(/\D/g, '');
      // Grouped numbers must pass Luhn (dates and phone numbers are grouped too); an unbroken run of
      // 16-19 digits is masked regardless: better an order number masked than a card number logged.
      const grouped = /[ -]/.test(m);
      if (!grouped && digits.length >= 16) return true;
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
    }
  },
  // Passports: Chinese (E/G/D/S/P + 8 digits, EA1234567), HK/Macao passes (C/H/M + 8-10 digits), and the
  // common international form of one or two letters followed by 6-9 digits.
  { kind: 'passport', pattern: /(?<![A-Za-z0-9])[A-Za-z]{1,2}[ -]?\d{6,10}(?![A-Za-z0-9])/g },
  // Phones: mainland mobiles, landlines with area code, international numbers.
  {
    kind: 'phone',
    pattern:
      /(?<![\p{N}])(?:\+?\d{1,3}[ -]?)?(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}[ -]?\d{7,8}|\(\d{2,4}\)[ -]?\d{6,8}|\d{4}[ -]\d{4})(?![\p{N}])/gu
  }
];

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Every detector needs an ASCII digit, or an @ for e-mail: most questions have neither. */
const MAY_HOLD_PERSONAL_DATA = /[0-9@]/;

/**
 * Every piece of personal data in text already NFKC-normalized (as scanPersonalData does), earliest
 * first; overlapping finds keep the first detector's.
 */
export function findPersonalData(text: string): PersonalDataFinding[] {
  const findings: PersonalDataFinding[] = [];
  if (!MAY_HOLD_PERSONAL_DATA.test(text)) return findings;
  const overlaps = (start: number, end: number) => findings.some((f) => start < f.end && end > f.start);
  for (const detector of DETECTORS) {
    for (const match of text.matchAll(detector.pattern)) {
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (overlaps(start, end)) continue;
      if (detector.accept && !detector.accept(match[0])) continue;
      findings.push({ kind: detector.kind, start, end });
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}

const MASKS: Record<PersonalDataKind, string> = {
  email: '[email]',
  idCard: '[id-card]',
  bankCard: '[bank-card]',
  passport: '[passport]',
  phone: '[phone]'
};

/** A text looked at once for personal data: the NFKC-normalized text and what was found in it. */
export interface PersonalDataScan {
  text: string;
  findings: readonly PersonalDataFinding[];
}

/** Scans once; the masked, the cut and the loggable forms all derive from the scan. */
export function scanPersonalData(raw: string): PersonalDataScan {
  const text = raw.normalize('NFKC'); // full-width digits (４４０１…) are digits too
  return { text, findings: findPersonalData(text) };
}

/** The scanned text with personal data replaced by [kind] markers. */
export function maskPersonalData({ text, findings }: PersonalDataScan): string {
  if (findings.length === 0) return text;
  let out = '';
  let cursor = 0;
  for (const f of findings) {
    out += text.slice(cursor, f.start) + MASKS[f.kind];
    cursor = f.end;
  }
  return out + text.slice(cursor);
}

/** The scanned text with personal data cut out, so it neither reaches the matcher nor skews its score. */
export function cutPersonalData({ text, findings }: PersonalDataScan): string {
  if (findings.length === 0) return text;
  let out = '';
  let cursor = 0;
  for (const f of findings) {
    out += `${text.slice(cursor, f.start)} `;
    cursor = f.end;
  }
  return (out + text.slice(cursor)).replace(/\s+/g, ' ').trim();
}

/** The text with personal data replaced by [kind] markers. */
export function redact(raw: string): string {
  return maskPersonalData(scanPersonalData(raw));
}

/** Text for a log line: redacted and cut to a sane length. Takes a scan already made, or raw text. */
export function loggableText(input: string | PersonalDataScan, maxChars = 300): string {
  const redacted = maskPersonalData(typeof input === 'string' ? scanPersonalData(input) : input);
  return redacted.length > maxChars ? `${redacted.slice(0, maxChars)}…` : redacted;
}

/** The text with personal data cut out, so it neither reaches the matcher nor skews its score. */
export function removePersonalData(raw: string): string {
  return cutPersonalData(scanPersonalData(raw));
}
