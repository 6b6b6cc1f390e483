import { refusalOf } from '../../src/runtime/reloadPolicy';

describe('which knowledge loads may go live', () => {
  it.each([
    [undefined, 24, undefined],
    [24, 24, undefined],
    [24, 30, undefined],
    [24, 20, undefined], // 4 of 24 = 16.7%
    [10, 8, undefined], // exactly 20%: allowed
    [10, 7, 'drop 3 of 10 entries (30%'],
    [24, 22, undefined],
    [10_000, 7_999, 'drop 2001 of 10000 entries (20%'],
    [24, 0, 'no entries'],
    [undefined, 0, 'no entries']
  ])('live %s -> %s entries', (live, next, refused) => {
    const reason = refusalOf(live, next, { maxDropPercent: 20 });
    if (refused === undefined) expect(reason).toBeUndefined();
    else expect(reason).toContain(refused);
  });

  it('follows the configured share: 0 refuses any loss, 100 allows all but nothing', () => {
    expect(refusalOf(24, 23, { maxDropPercent: 0 })).toMatch(/KNOWLEDGE_MAX_DROP_PERCENT=0/);
    expect(refusalOf(24, 1, { maxDropPercent: 100 })).toBeUndefined();
    expect(refusalOf(24, 0, { maxDropPercent: 100 })).toMatch(/no entries/);
  });
});
