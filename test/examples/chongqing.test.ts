/** The Chongqing example: written from its seed alone, nothing invented, above the same floors as the default. */
import path from 'node:path';
import { readKnowledge } from '../../src/knowledge';
import { Matcher } from '../../src/search';
import { evaluate, isFailure, readCases } from '../../src/cli/evaluate';

const ROOT = path.resolve(__dirname, '..', '..');
const DIR = path.join(ROOT, 'examples', 'chongqing');
/** The seed page (000_4221bacbc32948ff) numbers its responsibilities 1) to 14). */
const RESPONSIBILITIES = Array.from({ length: 14 }, (_, i) => i + 1);

describe('the Chongqing example knowledge base', () => {
  const { knowledge, problems } = readKnowledge(DIR);

  it('loads without errors or warnings (its evaluation cases in cases/ are not read as knowledge)', () => {
    expect(problems).toEqual([]);
    expect(knowledge!.files.some((f) => f.startsWith('cases/'))).toBe(false);
  });

  it('publishes no contact details, because its source publishes none', () => {
    const { office } = knowledge!;
    expect(office).toMatchObject({ phones: [], divisions: [], leaders: [] });
    for (const field of ['address', 'postcode', 'fax', 'email', 'website', 'hours'] as const)
      expect(office[field]).toBeUndefined();
    // No digit run that could be a phone number anywhere in the answers.
    for (const entry of knowledge!.entries)
      for (const text of Object.values(entry.answer)) expect(text).not.toMatch(/\d{5,}/);
  });

  it("covers each of the seed's fourteen responsibilities, each entry citing the one it comes from", () => {
    const cited = new Set<number>();
    for (const entry of knowledge!.entries) {
      expect(entry.source.en).toMatch(/^Chongqing FAO website, About Us/);
      for (const m of entry.source.en.matchAll(/\((\d+)\)/g)) cited.add(Number(m[1]));
      expect(entry.questions.en.length).toBeGreaterThanOrEqual(6);
      expect(entry.questions['zh-Hans'].length).toBeGreaterThanOrEqual(6);
      expect(entry.answer['zh-Hant']).not.toBe(entry.answer['zh-Hans']);
    }
    // Each responsibility has an entry of its own (the overview cites them all as "(1)-(14)").
    expect([...cited].sort((a, b) => a - b)).toEqual(RESPONSIBILITIES);
  });

  it('answers its own evaluation cases above the floors (top1 >= 0.9, oosRejected >= 0.85)', () => {
    const { cases, problems: caseProblems } = readCases(
      path.join(DIR, 'cases'),
      new Set(knowledge!.byId.keys())
    );
    expect(caseProblems).toEqual([]);
    expect(cases.length).toBeGreaterThan(100);
    const { report, outcomes } = evaluate(new Matcher(knowledge!), cases);
    const failures = outcomes
      .filter(isFailure)
      .map((o) => `${o.case.lang} "${o.case.q}" -> ${o.decision} ${o.topId}`);
    expect({ top1: report.top1! >= 0.9, oosRejected: report.oosRejected! >= 0.85, failures }).toMatchObject({
      top1: true,
      oosRejected: true
    });
  });

  it('never copies an evaluation question into the knowledge', () => {
    const { cases } = readCases(path.join(DIR, 'cases'), new Set(knowledge!.byId.keys()));
    const fold = (q: string) => q.toLowerCase().replace(/[\s?？。.!！,，]/g, '');
    const questions = new Set(knowledge!.entries.flatMap((e) => Object.values(e.questions).flat().map(fold)));
    expect(cases.filter((c) => questions.has(fold(c.q))).map((c) => c.q)).toEqual([]);
  });
});
