import {
  cutPersonalData,
  findPersonalData,
  loggableText,
  maskPersonalData,
  redact,
  removePersonalData,
  scanPersonalData
} from '../../src/logging/redact';

describe('redaction of personal data', () => {
  it.each([
    ['my ID is 44120219900101123X ok', 'my ID is [id-card] ok'],
    ['身份证号440102199003071234', '身份证号[id-card]'],
    ['passport E12345678 expired', 'passport [passport] expired'],
    ['护照号码EA1234567', '护照号码[passport]'],
    ['call me on 13812345678', 'call me on [phone]'],
    ['tel 0758-2828903', 'tel [phone]'],
    ['+86 138 1234 5678', '[phone]'],
    ['write to li.ming@example.com.cn', 'write to [email]'],
    ['card 4111 1111 1111 1111 please', 'card [bank-card] please'],
    [
      '我的身份证号是４４０１０２１９９００１０１１２３４，护照号Ｅ１２３４５６７８',
      '我的身份证号是[id-card],护照号[passport]'
    ],
    ['passport E 12345678', 'passport [passport]'],
    ['old ID 440102900101123', 'old ID [id-card]'],
    ['card 6222020200112233445', 'card [bank-card]']
  ])('%s', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it('leaves ordinary text, years and short numbers alone', () => {
    expect(redact('How do I apply for a service passport in 2026? Option 2')).toBe(
      'How do I apply for a service passport in 2026? Option 2'
    );
  });

  it('reports the kinds found, for the privacy notice', () => {
    expect(findPersonalData('E12345678 and 440102199003071234').map((f) => f.kind)).toEqual([
      'passport',
      'idCard'
    ]);
  });

  it('cuts personal data out of the text given to the matcher', () => {
    expect(removePersonalData('公务护照 E12345678 怎么办')).toBe('公务护照 怎么办');
  });

  it('handles long runs of letters without catastrophic backtracking (would exceed the test timeout)', () => {
    expect(redact('a'.repeat(200_000))).toHaveLength(200_000);
    expect(removePersonalData(`${'a'.repeat(100_000)}@`)).toHaveLength(100_001);
  });

  it('caps logged text length', () => {
    expect(loggableText('a'.repeat(1000)).length).toBeLessThanOrEqual(301);
  });
});

describe('scanPersonalData: one scan, every form', () => {
  it.each([
    'My passport is E12345678, phone 13812345678, mail li.ming@example.com',
    '身份证号４４０１０２１９９００３０７１２３４，请问怎么办护照',
    'How do I apply for a service passport?',
    '公务护照怎么办理'
  ])('%s', (raw) => {
    const scan = scanPersonalData(raw);
    expect(maskPersonalData(scan)).toBe(redact(raw));
    expect(cutPersonalData(scan)).toBe(removePersonalData(raw));
    expect(loggableText(scan)).toBe(loggableText(raw));
  });

  it('finds nothing without a digit or an @, and still finds full-width digits', () => {
    expect(scanPersonalData('No numbers here at all').findings).toEqual([]);
    expect(scanPersonalData('电话１３８１２３４５６７８').findings.map((f) => f.kind)).toEqual(['phone']);
    expect(scanPersonalData('mail：li＠example.com').findings.map((f) => f.kind)).toEqual(['email']);
  });
});
