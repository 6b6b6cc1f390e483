/**
 * The forms people really type personal numbers in (issue 14, item 6: glued to words, dots, spaces,
 * "(at)", split IDs), and the numbers that must stay readable in the logs: dates, prices, times,
 * entry ids and the office's own contacts from knowledge/office.yaml.
 */
import path from 'node:path';
import { readKnowledge } from '../../src/knowledge';
import { findPersonalData, publicContacts, redact, type PublicContacts } from '../../src/logging/redact';
import { containsSensitiveNumbers } from '../../src/bot/input';

let office: PublicContacts;
let officeNumbers: string[];

beforeAll(() => {
  const { knowledge } = readKnowledge(path.join(__dirname, '..', '..', 'knowledge'));
  if (!knowledge) throw new Error('knowledge/ does not load');
  const { phones, fax, email } = knowledge.office;
  officeNumbers = [...phones, ...(fax ? [fax] : [])];
  office = publicContacts([...phones, fax, email]);
});

describe('masked: every variant of a personal number', () => {
  it.each([
    // passports, glued to words or not
    ['passportE12345678', 'passport[passport]'],
    ['my passportE12345678 expired', 'my passport[passport] expired'],
    ['PASSPORTE12345678', 'PASSPORT[passport]'],
    ['passporte12345678', 'passport[passport]'],
    ['passport no.E12345678', 'passport no.[passport]'],
    ['passport:EA1234567', 'passport:[passport]'],
    ['护照E12345678', '护照[passport]'],
    ['護照號碼：G12345678', '護照號碼:[passport]'],
    ['E 12345678', '[passport]'],
    ['E-12345678', '[passport]'],
    ['E 1234 5678', '[passport]'],
    ['通行证C12345678', '通行证[passport]'],
    ['港澳通行证 H1234567890', '港澳通行证 [passport]'],
    // mobiles: plain, spaced, hyphens, dots, country code, spaced digit by digit
    ['13800138000', '[phone]'],
    ['call 138.0013.8000', 'call [phone]'],
    ['138-0013-8000', '[phone]'],
    ['138 0013 8000', '[phone]'],
    ['+86 138 0013 8000', '[phone]'],
    ['0086 13800138000', '[phone]'],
    ['1 3 8 0 0 1 3 8 0 0 0', '[phone]'],
    ['1-3-8-0-0-1-3-8-0-0-0', '[phone]'],
    ['138 00 13 80 00', '[phone]'],
    ['tel13800138000', 'tel[phone]'],
    ['我的电话是13800138000谢谢', '我的电话是[phone]谢谢'],
    ['电话：１３８ ００１３ ８０００', '电话:[phone]'],
    // landlines that are not the office's
    ['020-12345678', '[phone]'],
    ['020.1234.5678', '[phone]'],
    ['(020) 12345678', '[phone]'],
    // ID cards: whole, glued, split (birth date and suffix must not survive), digit by digit
    ['44010219900101123X', '[id-card]'],
    ['ID44010219900101123X', 'ID[id-card]'],
    ['440102 19900101 123X', '[id-card]'],
    ['440102-19900101-123X', '[id-card]'],
    ['440102.19900101.1234', '[id-card]'],
    ['4401 0219 9001 0112 3X', '[id-card]'],
    ['身份证440102 1990 0101 123X谢谢', '身份证[id-card]谢谢'],
    ['4 4 0 1 0 2 1 9 9 0 0 1 0 1 1 2 3 X', '[id-card]'],
    ['old ID 440102 900101 123', 'old ID [id-card]'],
    // bank cards
    ['4111 1111 1111 1111', '[bank-card]'],
    ['4111.1111.1111.1111', '[bank-card]'],
    ['6222 0202 0011 2233 446', '[bank-card]'],
    // e-mail, written out or disguised
    ['li.ming@example.com', '[email]'],
    ['name(at)example.com', '[email]'],
    ['name (at) example (dot) com', '[email]'],
    ['name[at]example[dot]com', '[email]'],
    ['name {at} example.com.cn', '[email]'],
    ['NAME(AT)EXAMPLE.COM', '[email]'],
    ['li at example dot com', '[email]'],
    ['邮箱li@example.com谢谢', '邮箱[email]谢谢'],
    ['mail：li＠example.com', 'mail:[email]']
  ])('%s', (text, masked) => {
    expect(redact(text, office)).toBe(masked);
  });

  it.each([
    ['440102 19900101 123X', ['19900101', '123X', '440102']],
    ['I was born 440102 1990 0101 123X', ['1990', '0101', '123X']],
    ['passportE12345678', ['12345678']],
    ['138.0013.8000', ['0013', '8000']]
  ])('no part of %s survives', (text, parts) => {
    const masked = redact(text, office);
    for (const part of parts) expect(masked).not.toContain(part);
  });
});

describe('kept: numbers that are not personal data', () => {
  it.each([
    'on 2026-12-03',
    'on 2026.12.03',
    'on 2026/12/03',
    'on 20261203',
    '2026年12月3日',
    'from 1 Dec 2026 to 31 Jan 2027',
    'the fee is 200 yuan',
    'CNY 1,200.50',
    '¥ 1200.00 or 1,200 元',
    'prices 100 200 300 400 500 600',
    'open 9:00-12:00 and 14:30-17:30',
    'takes 7-10 working days',
    'within 30 days, 15 working days',
    'passport-service',
    'office-phone-fax',
    'entry passport-public-affairs, topic passports',
    'postcode 526060',
    'No. 18 Jiangbin West Road',
    'room 305, floor 3',
    'option 2 please',
    'version 2.3.1',
    'sister city since 1999',
    'meet at noon at the office',
    'ask at the counter',
    'in 2026 and 2027',
    'Q3 2026',
    'about 1000 people',
    'GB18030 and ISO 9001',
    '公务护照怎么办理',
    'How do I apply for a service passport?'
  ])('%s', (text) => {
    expect(redact(text, office)).toBe(text.normalize('NFKC'));
  });

  it("keeps the office's own phones and fax, however they are written", () => {
    expect(officeNumbers.length).toBeGreaterThan(0);
    for (const number of officeNumbers) {
      const digits = number.replace(/\D/g, '');
      for (const form of [
        number,
        `${digits.slice(0, 4)} ${digits.slice(4)}`,
        `${digits.slice(0, 4)}.${digits.slice(4)}`,
        `+86 ${digits.slice(1, 4)} ${digits.slice(4)}`
      ]) {
        expect(redact(`I called ${form} yesterday`, office)).toBe(`I called ${form} yesterday`);
      }
    }
  });

  it('two office numbers side by side stay two office numbers', () => {
    const [first, second] = officeNumbers.map((n) => n.replace('-', ' '));
    const text = `call ${first!} ${second!} please`;
    expect(redact(text, office)).toBe(text);
    expect(redact(`call ${first!} 138 0013 8000`, office)).toBe(`call ${first!} [phone]`);
  });

  it('masks the same numbers when the caller knows no office (a public number is kept only when told)', () => {
    expect(redact(`call ${officeNumbers[0]!}`)).toBe('call [phone]');
  });
});

describe('the privacy note', () => {
  it.each(['passportE12345678', 'my ID is 440102 19900101 123X', 'card 4111.1111.1111.1111'])(
    'is given for %s',
    (text) => {
      expect(containsSensitiveNumbers(text)).toBe(true);
    }
  );
  it.each(['138.0013.8000', 'name(at)example.com', 'on 2026-12-03'])('is not needed for %s', (text) => {
    expect(containsSensitiveNumbers(text)).toBe(false);
  });
});

describe('stays linear on hostile input', () => {
  it('long runs of spaced digits, letters and "at"s (would exceed the test timeout if not)', () => {
    expect(findPersonalData('1 '.repeat(100_000))).toBeDefined();
    expect(findPersonalData('1.'.repeat(100_000))).toBeDefined();
    expect(redact('a at '.repeat(40_000)).length).toBe(200_000);
    expect(redact(`${'a'.repeat(100_000)}(at)`).length).toBe(100_004);
  });
});
