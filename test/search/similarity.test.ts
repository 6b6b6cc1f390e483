import { editDistance, isOneEditApart, jaccard } from '../../src/search/similarity';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['questions', 'question', 1],
    ['same', 'same', 0],
    ['ab', 'ba', 2]
  ])('%s -> %s is %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});

describe('isOneEditApart', () => {
  it.each([
    ['passport', 'pasport', true],
    ['passport', 'passpotr', true],
    ['passport', 'pessport', true],
    ['passport', 'passports', true],
    ['visa', 'visa', true],
    ['passport', 'pasprot', false],
    ['visa', 'vista2', false],
    ['abcd', 'dcba', false]
  ])('%s / %s: %s', (a, b, expected) => {
    expect(isOneEditApart(a, b)).toBe(expected);
    expect(isOneEditApart(b, a)).toBe(expected);
  });

  it('agrees with editDistance <= 1 when no neighbours are swapped', () => {
    const words = ['visa', 'vise', 'vis', 'visas', 'avisa', 'pass', 'past', 'paste', 'bass'];
    for (const a of words) for (const b of words) expect(isOneEditApart(a, b)).toBe(editDistance(a, b) <= 1);
  });
});

describe('jaccard', () => {
  it('is shared over union', () => {
    expect(jaccard(new Set(['a', 'b', 'c']), new Set(['b', 'c', 'd']))).toBeCloseTo(2 / 4);
    expect(jaccard(new Set([1, 2]), new Set([1, 2]))).toBe(1);
    expect(jaccard(new Set(['a']), new Set(['b']))).toBe(0);
  });

  it('is 0 when either set is empty', () => {
    expect(jaccard(new Set(), new Set(['a']))).toBe(0);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });

  it('is symmetric', () => {
    const a = new Set(['x', 'y', 'z', 'w']);
    const b = new Set(['y']);
    expect(jaccard(a, b)).toBe(jaccard(b, a));
  });
});
