import { HomophoneCorrector } from '../../src/search/homophones';
import { generalPrior } from '../../src/search/prior';

describe('HomophoneCorrector', () => {
  const corrector = new HomophoneCorrector(
    // 事办: the knowledge says 外事办, so 外是办 runs on into its words.
    new Set(['护照', '签证', '外事', '归侨', '办理', '务护', '事办']),
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
    const withHongKong = new HomophoneCorrector(new Set(['同乡', '乡会', '香港', '合作']), generalPrior);
    // 同香 sounds like 同乡, but 香 is the first half of 香港.
    expect(withHongKong.correct('肇庆同香港的合作')).toBe('肇庆同香港的合作');
    expect(withHongKong.correct('同香会')).toBe('同乡会');
  });

  it('takes two words meeting for no slip (a slip is one character picked wrong)', () => {
    const words = new HomophoneCorrector(
      new Set(['人士', '各科', '乡会', '政要', '过去', '城市', '侨资', '行证']),
      generalPrior
    );
    // Both characters would change: two words meet.
    expect(words.correct('我想回肇庆')).toBe('我想回肇庆');
    expect(words.correct('请了个工程师')).toBe('请了个工程师');
    expect(words.correct('大桥自己开车')).toBe('大桥自己开车');
    // The typed character belongs to a word beside it (哪个, 包裹, 身份证, 台胞证).
    expect(words.correct('外办哪个科')).toBe('外办哪个科');
    expect(words.correct('寄包裹去加拿大')).toBe('寄包裹去加拿大');
    expect(words.correct('身份证要预约吗')).toBe('身份证要预约吗');
    expect(words.correct('台胞证要在哪里换')).toBe('台胞证要在哪里换');
    // A function character (是) between two words is meant, not slipped; so at the end of the text.
    expect(words.correct('发言人是谁')).toBe('发言人是谁');
    expect(words.correct('联系人是')).toBe('联系人是');
  });

  it('corrects a function character when the correction runs on into the words the matcher reads', () => {
    // The knowledge's synonyms read 外事办 as 外办, so 事办 is no pair of its own; the matcher says so.
    const words = new HomophoneCorrector(new Set(['外事', '外办', '人士']), generalPrior);
    const knownPairsOf = (text: string) => new Set(text.includes('外事办') ? ['外办'] : []);
    expect(words.correct('外是办公室', knownPairsOf)).toBe('外事办公室');
    expect(words.correct('外是办公室')).toBe('外是办公室');
    expect(words.correct('发言人是谁', knownPairsOf)).toBe('发言人是谁');
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
    // 正要 is a word, but one made with a function character (要): 签正 is still the slip.
    expect(greeting.correct('签正要办多久')).toBe('签证要办多久');
  });

  it('reads a known word as the word it is, and keeps a character that belongs to the next word', () => {
    const known = new HomophoneCorrector(new Set(['地址', '乡亲']), generalPrior);
    // 地 of 地址 is "di"; the particle 的 is "de": 的职 of 的职能 is no slip of 地址.
    expect(known.correct('外办的职能')).toBe('外办的职能');
    expect(known.correct('地止在哪')).toBe('地址在哪');
    // 想亲 sounds like 乡亲, but 亲 is the first half of 亲身.
    expect(known.correct('我想亲身去')).toBe('我想亲身去');
    expect(known.correct('香亲会')).toBe('乡亲会');
    // A function character at the edge of the text is meant: 想亲会 is no slip of 乡亲会.
    expect(known.correct('想亲会')).toBe('想亲会');
  });
});
