import {
  entryIdsForLabels,
  loadTrainingKnowledge,
  trainingKnowledgeSources
} from '../../bench/accuracy/knowledge';
import { parseJsonl } from '../../bench/accuracy/datasets';
import {
  acceptedAccuracy,
  chooseRule,
  latency,
  rejectionRate,
  thresholdFor,
  top1
} from '../../bench/accuracy/metrics';
import { parseArgs } from '../../bench/accuracy/run';
import { Matcher } from '../../src/search';

const p = (label: string | undefined, score: number, second = 0) => ({ label, score, second });

describe('bench:accuracy metrics', () => {
  it('computes top-1 with no rejection', () => {
    expect(top1([p('a', 0.1), p('b', 0.9)], ['a', 'a'])).toBe(0.5);
  });

  it('picks the highest threshold that falsely rejects at most 10% of in-scope questions', () => {
    const inScope = Array.from({ length: 10 }, (_, i) => p('a', (i + 1) / 10));
    const threshold = thresholdFor(inScope, 0)!;
    expect(threshold).toBeCloseTo(0.2);
    expect(rejectionRate({ threshold, margin: 0 }, inScope)).toBeCloseTo(0.1);
  });

  it('reports no threshold when the margin alone rejects too many', () => {
    expect(thresholdFor([p('a', 0.9, 0.89), p('a', 0.9, 0.88)], 0.1)).toBeUndefined();
  });

  it('chooses the margin that rejects most out-of-scope questions on validation', () => {
    const inScope = Array.from({ length: 20 }, () => p('a', 0.8, 0.1));
    const oos = [p('b', 0.9, 0.85), p('c', 0.95, 0.9)];
    const rule = chooseRule(
      inScope,
      inScope.map(() => 'a'),
      oos,
      [0, 0.2]
    )!;
    expect(rule.margin).toBe(0.2);
    expect(rejectionRate(rule, oos)).toBe(1);
    expect(
      acceptedAccuracy(
        rule,
        inScope,
        inScope.map(() => 'a')
      )
    ).toBe(1);
  });

  it('summarises latency', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(latency(samples)).toEqual({ meanMs: 50.5, p99Ms: 99 });
  });

  it('reads JSONL and names the bad line', () => {
    expect(parseJsonl('{"text":"hi","label":1}\n\n', 'x.jsonl')).toEqual([{ text: 'hi', label: '1' }]);
    expect(() => parseJsonl('{"text":"hi"}', 'x.jsonl')).toThrow('x.jsonl:1');
  });

  it('parses options and rejects unknown ones', () => {
    expect(parseArgs(['--dataset', 'a', '--dataset', 'b', '--data-dir', '/d'])).toMatchObject({
      datasets: ['a', 'b'],
      dataDir: '/d'
    });
    expect(parseArgs(['--systems', 'ours'])).toMatchObject({
      systems: ['ours'],
      datasets: expect.any(Array)
    });
    expect(() => parseArgs(['--systems', 'ours,x'])).toThrow('unknown system(s) x');
    expect(() => parseArgs(['--bogus'])).toThrow('unknown option --bogus (options:');
    expect(() => parseArgs(['stray'])).toThrow('unknown option stray');
    expect(() => parseArgs(['--dataset'])).toThrow('needs a value');
  });
});

describe('training data as knowledge', () => {
  it('maps labels to distinct kebab-case ids', () => {
    const ids = entryIdsForLabels(['what_is_your_name', 'What is your name', '42', '天气']);
    expect([...ids.values()]).toEqual([
      'label-what-is-your-name',
      'label-what-is-your-name-2',
      'label-42',
      'label-4'
    ]);
  });

  it('loads through the office loader and matches with the same matcher', () => {
    const train = [
      { text: 'where is my phone', label: 'find_phone' },
      { text: 'where did i leave my phone', label: 'find_phone' },
      { text: 'how do i sync my phone', label: 'sync_device' },
      { text: 'how can i connect my phone to the car', label: 'sync_device' }
    ];
    const now = new Date('2026-11-25T00:00:00Z');
    const { sources, labelOfEntry } = trainingKnowledgeSources(train, 'en', '2026-11-25');
    const matcher = new Matcher(loadTrainingKnowledge(sources, now));
    const top = (q: string) => labelOfEntry.get(matcher.match(q).candidates[0]!.id);
    expect(top('where could my phone be')).toBe('find_phone');
    expect(top('connect my phone to my car')).toBe('sync_device');
  });
});
