import { HomophoneCorrector } from '../../src/search/homophones';
import { generalPrior } from '../../src/search/prior';

describe('HomophoneCorrector', () => {
  const corrector = new HomophoneCorrector(
    new Set(['护照', '签证', '外事', '归侨', '办理', '务护']),
    generalPrior
  );

  it('replaces a pinyin slip by the known word that sounds the same', () => {
    expect(corrector.correct('户照怎么办')).toBe('护照怎么办');
    expect(corrector.correct('签正')).toBe('签证');
    expect(corrector.correct('外是办公室')).toBe('外事办公室');
    expect(corrector.correct('归桥权益')).toBe('归侨权益');
  });

  it('leaves real words and text without Chinese alone', () => {
    expect(corrector.correct('事实')).toBe('事实');
    expect(corrector.correct('passport')).toBe('passport');
    expect(corrector.correct('护照')).toBe('护照');
  });

  it('never breaks a known word to correct the pair before or after it', () => {
    const withHongKong = new HomophoneCorrector(new Set(['同乡', '香港', '合作']), generalPrior);
    // 同香 sounds like 同乡, but 香 is the first half of 香港.
    expect(withHongKong.correct('肇庆同香港的合作')).toBe('肇庆同香港的合作');
    expect(withHongKong.correct('同香会')).toBe('同乡会');
  });

  it('offers no correction when two known words sound alike', () => {
    const both = new HomophoneCorrector(new Set(['公式', '公事']), generalPrior);
    expect(both.correct('工事')).toBe('工事'); // 工事 is itself a word
    expect(both.correct('公是')).toBe('公是');
  });

  it("reads a typed pair by its characters' common readings: a rare reading makes no slip", () => {
    // 广 is read "an" too, so 问广 sounds like 问安 that way; nobody types "wen an" and picks 广.
    const greeting = new HomophoneCorrector(new Set(['问安', '签证']), generalPrior);
    expect(greeting.correct('请问广州的电话')).toBe('请问广州的电话');
    expect(greeting.correct('签正要办多久')).toBe('签证要办多久');
  });

  it('reads a known word as the word it is, and keeps a character that belongs to the next word', () => {
    const known = new HomophoneCorrector(new Set(['地址', '乡亲']), generalPrior);
    // 地 of 地址 is "di"; the particle 的 is "de": 的职 of 的职能 is no slip of 地址.
    expect(known.correct('外办的职能')).toBe('外办的职能');
    expect(known.correct('地止在哪')).toBe('地址在哪');
    // 想亲 sounds like 乡亲, but 亲 is the first half of 亲身.
    expect(known.correct('我想亲身去')).toBe('我想亲身去');
    expect(known.correct('想亲会')).toBe('乡亲会');
  });
});
