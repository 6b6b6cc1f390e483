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

/** Separators people put inside a number they type: spaces, dots, hyphens ("138.0013.8000"). */
const SEP = '[ .\\-]';
/** "(at)", "[at]", "{at}" for @, and the same for dots: "name(at)example(dot)com". */
const AT = String.raw`(?:@|\s?[(\[{]\s?at\s?[)\]}]\s?|\s+at\s+(?=[A-Za-z0-9-]{1,63}\s+dot\s))`;
const DOT = String.raw`(?:\.|\s?[(\[{]\s?dot\s?[)\]}]\s?|\s+dot\s+)`;

/** Read before numbers typed in groups: unbroken ID cards and e-mail addresses. */
const FIRST_DETECTORS: readonly Detector[] = [
  // Bounded parts (RFC limits) keep the scan linear on long runs of letters. ASCII local parts and
  // domains: 邮箱li@example.com must not swallow 邮箱.
  {
    kind: 'email',
    pattern: new RegExp(
      String.raw`[A-Za-z0-9._%+-]{1,64}${AT}[A-Za-z0-9-]{1,63}(?:${DOT}[A-Za-z0-9-]{1,63}){0,8}${DOT}[A-Za-z]{2,24}(?![A-Za-z])`,
      'gi'
    )
  },
  // Chinese resident ID card: 18 characters, the last may be X. Bounded by digits only: glued to a word
  // (ID44010219900101123X) or to Chinese (身份证号440102...) it is still one.
  { kind: 'idCard', pattern: /(?<!\d)\d{17}[\dxX](?!\d)/g },
  // First-generation ID cards: 15 digits.
  { kind: 'idCard', pattern: /(?<![A-Za-z0-9])\d{15}(?![A-Za-z0-9])/g }
];

/** Read after numbers typed in groups (so "440102 19900101 123X" is one ID card, not a phone and a rest). */
const LATER_DETECTORS: readonly Detector[] = [
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
  // common international form of one or two letters followed by 6-9 digits. Standalone, or with a
  // capital glued to a word ("passportE12345678": the word stays). A space or hyphen after the letter
  // only with a capital ("E 12345678"), so "on 20261203" stays a date.
  {
    kind: 'passport',
    pattern:
      /(?<![A-Za-z0-9])(?:[A-Za-z]{1,2}\d{6,10}|[A-Z]{1,2}[ -]\d{6,10})(?![A-Za-z0-9])|(?<=[a-z])[A-Z]{1,2}\d{6,10}(?!\d)/g
  },
  // Glued to the word itself, in any case: "passporte12345678", "PASSPORTNOE12345678".
  { kind: 'passport', pattern: /(?<=passport(?:no|number)?)[a-z]{1,2}\d{6,10}(?!\d)/gi },
  // Phones: mainland mobiles, landlines with area code, international numbers; grouped by spaces,
  // hyphens or dots.
  {
    kind: 'phone',
    pattern: new RegExp(
      String.raw`(?<![\p{N}])(?:\+?\d{1,3}[ -]?)?(?:1[3-9]\d${SEP}?\d{4}${SEP}?\d{4}|0\d{2,3}${SEP}?\d{7,8}|\(\d{2,4}\)[ -]?\d{6,8}|\d{4}[ -]\d{4})(?![\p{N}])`,
      'gu'
    )
  }
];

/**
 * Runs of digits split by separators ("440102 19900101 123X", "1 3 8 0 0 1 3 8 0 0 0"): the groups are
 * joined and read as an ID card, phone or card number. Each step consumes a digit, so the scan is linear.
 */
const DIGIT_RUN = /(?<![\p{N}])\d(?:[ .-]{0,3}\d){5,44}(?:[ .-]{0,3}[xX])?(?![\p{N}])/gu;
/** One or two capitals just before a split run: a passport number typed in groups ("E 1234 5678"). */
const PASSPORT_LETTERS = /(?<![A-Za-z])[A-Z]{1,2}[ .-]?$/;

function validDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** What a number typed in groups is, once its groups are joined; undefined for dates, prices, lists. */
export function classifyJoinedDigits(joined: string): PersonalDataKind | undefined {
  if (/^\d{17}[\dX]$/i.test(joined) && validDate(joined.slice(6, 14))) return 'idCard';
  if (/^\d{15}$/.test(joined) && validDate(`19${joined.slice(6, 12)}`)) return 'idCard';
  if (/^(?:(?:00)?86)?1[3-9]\d{9}$/.test(joined)) return 'phone';
  if (/^0\d{9,11}$/.test(joined) || /^(?:00)?86[2-9]\d{8,10}$/.test(joined)) return 'phone';
  // Card numbers start with 2-6 (Mastercard, Amex, Visa, UnionPay 62); a phone number joined with
  // the next group may pass Luhn by chance, but starts with 0 or 1.
  if (/^[2-6]\d{12,18}$/.test(joined) && luhnValid(joined)) return 'bankCard';
  return undefined;
}

interface Span {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

/** Numbers typed in groups, found as the longest runs of consecutive groups that read as one. */
function findSplitNumbers(text: string): Span[] {
  const spans: Span[] = [];
  for (const run of text.matchAll(DIGIT_RUN)) {
    const base = run.index ?? 0;
    const groups = [...run[0].matchAll(/[\dxX]+/g)].map((g) => ({
      start: base + (g.index ?? 0),
      end: base + (g.index ?? 0) + g[0].length,
      digits: g[0]
    }));
    if (groups.length < 2) continue; // an unbroken number is the other detectors' to judge
    const before = text.slice(Math.max(0, base - 3), base);
    const letters = PASSPORT_LETTERS.exec(before);
    const joinedAll = groups.map((g) => g.digits).join('');
    if (letters && /^\d{6,10}$/.test(joinedAll)) {
      spans.push({ kind: 'passport', start: base - letters[0].length, end: groups[groups.length - 1]!.end });
      continue;
    }
    for (let i = 0; i < groups.length;) {
      let found: Span | undefined;
      let joined = '';
      for (let j = i; j < groups.length && joined.length <= 19; j++) {
        joined += groups[j]!.digits;
        const kind = classifyJoinedDigits(joined);
        // A 15-digit old ID card is also what two numbers side by side can join to (0123 4567890 0123...):
        // split, it counts only as the whole run.
        const wholeRun = i === 0 && j === groups.length - 1;
        if (kind && (joined.length !== 15 || wholeRun))
          found = { kind, start: groups[i]!.start, end: groups[j]!.end };
      }
      if (found) {
        // "+86 138 ...": the plus belongs to the number.
        if (found.kind === 'phone' && text[found.start - 1] === '+') found.start--;
        spans.push(found);
        i = groups.findIndex((g) => g.end === found.end) + 1;
      } else i++;
    }
  }
  return spans;
}

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

/**
 * Numbers and addresses the office publishes (office.yaml's phones, fax, e-mail): never personal data,
 * so "I called 0123-4567890" keeps the number in the log.
 */
export interface PublicContacts {
  numbers: ReadonlySet<string>;
  emails: ReadonlySet<string>;
}

export const NO_PUBLIC_CONTACTS: PublicContacts = { numbers: new Set(), emails: new Set() };

/** A phone number's digits without the country code or trunk zero: 0123-4567890 = +86 123 4567890. */
function phoneKey(value: string): string {
  return value
    .replace(/\D/g, '')
    .replace(/^(?:00)?86(?=\d{9,})/, '')
    .replace(/^0/, '');
}

export function publicContacts(values: readonly (string | undefined)[]): PublicContacts {
  const numbers = new Set<string>();
  const emails = new Set<string>();
  for (const value of values) {
    if (!value) continue;
    if (value.includes('@')) emails.add(value.trim().toLowerCase());
    else if (/\d{5,}/.test(value.replace(/\D/g, ''))) numbers.add(phoneKey(value));
  }
  return { numbers, emails };
}

function isPublic(kind: PersonalDataKind, value: string, contacts: PublicContacts): boolean {
  if (kind === 'email') return contacts.emails.has(value.toLowerCase());
  return kind === 'phone' && contacts.numbers.has(phoneKey(value));
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

/** Every detector needs an ASCII digit, or an @ / "at" for e-mail: most questions have neither. */
const MAY_HOLD_PERSONAL_DATA = /[0-9@]|\bat\b/i;

/**
 * Every piece of personal data in text already NFKC-normalized (as scanPersonalData does), earliest
 * first; overlapping finds keep the first detector's. The office's own contacts are not findings.
 */
export function findPersonalData(
  text: string,
  contacts: PublicContacts = NO_PUBLIC_CONTACTS
): PersonalDataFinding[] {
  const findings: PersonalDataFinding[] = [];
  if (!MAY_HOLD_PERSONAL_DATA.test(text)) return findings;
  // Public contacts hold their place too, so no later detector reads part of one as something else.
  const taken: Span[] = [];
  const overlaps = (start: number, end: number) => taken.some((f) => start < f.end && end > f.start);
  const consider = (span: Span) => {
    if (overlaps(span.start, span.end)) return;
    taken.push(span);
    if (!isPublic(span.kind, text.slice(span.start, span.end), contacts)) findings.push(span);
  };
  const detect = (detectors: readonly Detector[]) => {
    for (const detector of detectors) {
      for (const match of text.matchAll(detector.pattern)) {
        const start = match.index ?? 0;
        if (detector.accept && !detector.accept(match[0])) continue;
        consider({ kind: detector.kind, start, end: start + match[0].length });
      }
    }
  };
  detect(FIRST_DETECTORS);
  for (const span of findSplitNumbers(text)) consider(span);
  detect(LATER_DETECTORS);
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
export function scanPersonalData(
  raw: string,
  contacts: PublicContacts = NO_PUBLIC_CONTACTS
): PersonalDataScan {
  const text = raw.normalize('NFKC'); // full-width digits (４４０１…) are digits too
  return { text, findings: findPersonalData(text, contacts) };
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
export function redact(raw: string, contacts: PublicContacts = NO_PUBLIC_CONTACTS): string {
  return maskPersonalData(scanPersonalData(raw, contacts));
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
