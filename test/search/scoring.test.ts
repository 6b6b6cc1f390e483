import {
  ASKING_SPECIFICITY,
  combineEvidence,
  HALF_RELIABLE_PHRASINGS,
  inverseDocumentFrequency,
  phrasingReliability,
  specificityFloor,
  specificityInLanguage,
  SPECIFICITY_FLOOR,
  questionSimilarity,
  termTypicality,
  termWeight,
  topQuestionsSimilarity
} from '../../src/search/scoring';

describe('scoring', () => {
  it('keeps words that ask for a place, a time or a person from weighing nothing', () => {
    expect(specificityInLanguage('where', 0)).toBe(ASKING_SPECIFICITY);
    expect(specificityInLanguage('谁', 0.05)).toBe(ASKING_SPECIFICITY);
    expect(specificityInLanguage('where', 0.9)).toBe(0.9);
    expect(specificityInLanguage('passport', 1)).toBe(1);
  });

  it('lets the general prior give way when the knowledge has many phrasings per entry', () => {
    expect(specificityFloor(0)).toBe(SPECIFICITY_FLOOR);
    expect(specificityFloor(0.6)).toBe(SPECIFICITY_FLOOR);
    expect(specificityFloor(0.65)).toBeCloseTo(SPECIFICITY_FLOOR + (1 - SPECIFICITY_FLOOR) / 2);
    expect(specificityFloor(0.9)).toBe(1);
    // A common word ("we") keeps the floor's share of its knowledge weight.
    expect(termWeight(2, 0, 0)).toBeCloseTo(2 * SPECIFICITY_FLOOR);
    expect(termWeight(2, 0, 0.9)).toBeCloseTo(2);
  });

  it('counts function words as common even when the frequency list lacks them ("im", "dont")', () => {
    expect(specificityInLanguage('im', 1)).toBe(0);
    expect(specificityInLanguage('dont', 1)).toBe(0);
    expect(specificityInLanguage('we', 0.02)).toBe(0);
  });

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

  it('trusts phrasing statistics more the more phrasings entries have', () => {
    expect(phrasingReliability(0)).toBe(0);
    expect(phrasingReliability(HALF_RELIABLE_PHRASINGS)).toBeCloseTo(0.5);
    expect(phrasingReliability(100)).toBeGreaterThan(phrasingReliability(10));
    expect(phrasingReliability(1e9)).toBeLessThanOrEqual(1);
  });

  it('keeps the combined score in [0, 1] at any reliability', () => {
    const all = { bestQuestion: 1, secondQuestion: 1, profile: 1, entryCoverage: 1, answerCoverage: 1 };
    const none = { bestQuestion: 0, secondQuestion: 0, profile: 0, entryCoverage: 0, answerCoverage: 0 };
    for (const r of [0, 0.5, 1, 2, -1]) {
      expect(combineEvidence(all, r)).toBeCloseTo(1);
      expect(combineEvidence(none, r)).toBe(0);
    }
  });

  it('lets typical words and a confirming phrasing count only where phrasings are many', () => {
    const lone = { bestQuestion: 0.8, secondQuestion: 0, profile: 0, entryCoverage: 0.8, answerCoverage: 0 };
    const typical = { ...lone, secondQuestion: 0.8, profile: 0.6 };
    expect(combineEvidence(typical, 0)).toBeCloseTo(combineEvidence(lone, 0));
    expect(combineEvidence(typical, 0.8)).toBeGreaterThan(combineEvidence(lone, 0.8));
  });

  it('weighs a common word almost nothing and a specific one fully, whatever the knowledge says', () => {
    expect(termWeight(3, 0)).toBeCloseTo(0.3);
    expect(termWeight(3, 1)).toBe(3);
    expect(termWeight(3, 0.5)).toBeGreaterThan(termWeight(3, 0.2));
    expect(termWeight(2, 7)).toBe(2); // specificity is clamped to [0, 1]
  });
});
