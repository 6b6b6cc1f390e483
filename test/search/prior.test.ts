import { stemEnglish } from '../../src/search/english';
import { generalPrior } from '../../src/search/prior';

describe('generalPrior', () => {
  const en = (word: string) => generalPrior.specificity(stemEnglish(word));

  it('gives common English words almost no specificity and rare ones full', () => {
    for (const word of ['we', 'going', 'how', 'what']) expect(en(word)).toBeLessThan(0.1);
    for (const word of ['passport', 'consulate', 'museum', 'visa']) expect(en(word)).toBe(1);
    expect(en('office')).toBeGreaterThan(en('please'));
  });

  it('counts a word no list has as specific', () => {
    expect(generalPrior.specificity('zqxjw')).toBe(1);
    expect(generalPrior.specificity('2026')).toBe(1);
  });

  it('gives common Chinese characters and words almost none, specific words full', () => {
    expect(generalPrior.specificity('我')).toBe(0);
    expect(generalPrior.specificity('在')).toBe(0);
    expect(generalPrior.specificity('想')).toBeLessThan(0.5);
    for (const word of ['护照', '签证', '献血', '领事']) expect(generalPrior.specificity(word)).toBe(1);
  });

  it('caps function words (adverbs, pronouns, particles) however rare their counts make them', () => {
    // 到底 and 亲自 are as rare as 护照 in the dictionary's counts, yet say nothing of the topic.
    for (const word of ['到底', '亲自', '马上', '自己', '这个'])
      expect(generalPrior.specificity(word)).toBeLessThan(0.21); // stored as float32
    // The pronouns that ask where and who are no function words: they say what answer is wanted.
    expect(generalPrior.specificity('哪里')).toBeGreaterThan(0.9);
    expect(generalPrior.specificity('谁')).toBeGreaterThan(0.5);
    // Nouns and verbs of the same rarity keep their weight.
    for (const word of ['因公', '归侨', '接待']) expect(generalPrior.specificity(word)).toBeGreaterThan(0.5);
  });

  it('rates a pair across two words like its commoner character', () => {
    expect(generalPrior.isWord('想办')).toBe(false);
    expect(generalPrior.specificity('想办')).toBe(generalPrior.specificity('想'));
  });

  it('knows which pairs are words of general Chinese', () => {
    expect(generalPrior.isWord('护照')).toBe(true);
    expect(generalPrior.isWord('户照')).toBe(false);
  });
});
