import { DEFAULT_MATCHING } from '../../src/knowledge/types';
import {
  combineEvidence,
  decide,
  inverseDocumentFrequency,
  questionSimilarity,
  termTypicality,
  topQuestionsSimilarity
} from '../../src/search/scoring';

describe('scoring', () => {
  it('weighs rare terms above common ones', () => {
    expect(inverseDocumentFrequency(1, 100)).toBeGreaterThan(inverseDocumentFrequency(50, 100));
    expect(inverseDocumentFrequency(100, 100)).toBeGreaterThan(0);
  });

  it('scores a question by the query weight it explains and its own weight the query covers', () => {
    expect(questionSimilarity(2, 2, 2)).toBe(1);
    expect(questionSimilarity(1, 2, 1)).toBeLessThan(1);
    expect(questionSimilarity(1, 2, 1)).toBeGreaterThan(questionSimilarity(1, 2, 4));
    expect(questionSimilarity(0, 2, 2)).toBe(0);
  });

  it('counts a second close phrasing as confirmation, never above the best', () => {
    expect(topQuestionsSimilarity(0.8, 0.8)).toBeCloseTo(0.8);
    expect(topQuestionsSimilarity(0.8, 0)).toBeLessThan(0.8);
    expect(topQuestionsSimilarity(0.8, 0.6)).toBeGreaterThan(topQuestionsSimilarity(0.8, 0.2));
  });

  it('makes a word used by many of an entry phrasings typical of it', () => {
    expect(termTypicality(100, 100)).toBe(1);
    expect(termTypicality(25, 100)).toBeCloseTo(0.5);
    expect(termTypicality(0, 10)).toBe(0);
    expect(termTypicality(1, 0)).toBe(0);
  });

  it('keeps the combined score in [0, 1]', () => {
    const all = { bestQuestion: 1, profile: 1, entryCoverage: 1, answerCoverage: 1 };
    expect(combineEvidence(all)).toBeCloseTo(1);
    expect(combineEvidence({ bestQuestion: 0, profile: 0, entryCoverage: 0, answerCoverage: 0 })).toBe(0);
    expect(combineEvidence({ ...all, profile: 0 })).toBeLessThan(1);
  });

  it('answers only a confident, clear leader', () => {
    const settings = { ...DEFAULT_MATCHING, minMargin: 0.1 };
    expect(decide([0.9, 0.2], settings)).toBe('answer');
    expect(decide([0.9, 0.85], settings)).toBe('suggest');
    expect(decide([0.4], settings)).toBe('suggest');
    expect(decide([0.1], settings)).toBe('none');
    expect(decide([], settings)).toBe('none');
  });
});
