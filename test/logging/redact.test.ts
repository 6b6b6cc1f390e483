import { findPersonalData, loggableText, redact, removePersonalData } from '../../src/logging/redact';

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
    ['card 4111 1111 1111 1111 please', 'card [bank-card] please']
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

  it('caps logged text length', () => {
    expect(loggableText('a'.repeat(1000)).length).toBeLessThanOrEqual(301);
  });
});
