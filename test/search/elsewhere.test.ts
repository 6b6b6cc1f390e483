import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildKnowledge, loadKnowledge } from '../../src/knowledge';
import { testEntry } from '../helpers/entries';
import { DEFAULT_MATCHING, type ElsewhereGroup, type KnowledgeEntry } from '../../src/knowledge/types';
import { Matcher } from '../../src/search';
import { Analyzer } from '../../src/search/analyzer';
import { ElsewhereWords, identifyingTerms, mentionsElsewhere } from '../../src/search/elsewhere';

const group = (words: string[], topics: string[] = []): ElsewhereGroup => ({
  about: 'test',
  topics,
  words,
  origin: { file: 'elsewhere.yaml', line: 1 }
});

describe('identifyingTerms', () => {
  it('keeps a Chinese word by its character pairs, one character by itself, English by every stem', () => {
    const analyzer = new Analyzer();
    expect(identifyingTerms(analyzer.analyze('博物馆').terms)).toEqual(['博物', '物馆']);
    expect(identifyingTerms(analyzer.analyze('税').terms)).toEqual(['税']);
    // "id" is a stop stem (I'd), yet "card" alone would be any card.
    expect(identifyingTerms(analyzer.analyze('ID card').terms)).toEqual(['id', 'card']);
  });
});

describe('ElsewhereWords', () => {
  const analyzer = new Analyzer();
  const words = new ElsewhereWords([group(['museum', 'ID card', '博物馆'], ['contact'])], analyzer);
  const termsOf = (text: string) => analyzer.analyze(text).terms;

  it('finds a word only when all its terms are in the query', () => {
    expect(words.mentionsIn(termsOf('when does the museum open'))).toHaveLength(1);
    expect(words.mentionsIn(termsOf('my lost ID card'))).toHaveLength(1);
    expect(words.mentionsIn(termsOf('a card for the office'))).toHaveLength(0);
  });

  it('finds Traditional and Simplified alike (both fold before terms)', () => {
    expect(words.mentionsIn(termsOf('肇慶博物館幾點開門'))).toHaveLength(1);
    expect(words.mentionsIn(termsOf('肇庆博物馆几点开门'))).toHaveLength(1);
  });

  it('counts against an entry of a listed topic that leaves the word unexplained, and no other', () => {
    const terms = termsOf('when does the museum open');
    const mentions = words.mentionsIn(terms);
    const museum = terms.indexOf('museum');
    const unexplained = (i: number) => i !== museum;
    expect(mentionsElsewhere(mentions, 'contact', unexplained)).toBe(1);
    expect(mentionsElsewhere(mentions, 'contact', () => true)).toBe(0);
    expect(mentionsElsewhere(mentions, 'passports', unexplained)).toBe(0);
  });

  it('counts against every topic when a group lists none', () => {
    const everywhere = new ElsewhereWords([group(['driving licence'])], analyzer);
    const mentions = everywhere.mentionsIn(termsOf('renew my driving licence'));
    expect(mentionsElsewhere(mentions, 'passports', () => false)).toBe(1);
  });
});

describe('Matcher: the elsewhere feature', () => {
  const entry = (id: string, topic: string, en: string[], answer: string): KnowledgeEntry =>
    testEntry({ id, topic, en, answer });
  const entries = [
    entry('hours', 'contact', ['office opening hours', 'when does the office open'], 'Weekdays.'),
    entry(
      'visas',
      'visas',
      ['help with visas for official trips'],
      'Visas come from the embassy or consulate.'
    )
  ];
  const matcher = new Matcher({
    entries,
    matching: DEFAULT_MATCHING,
    synonyms: { en: [], zh: [] },
    elsewhere: [group(['museum', 'consulate'], ['contact'])]
  });

  it('is 1 for the museum asked of the hours, 0 for the office', () => {
    expect(matcher.match('when does the museum open').candidates[0]).toMatchObject({
      id: 'hours',
      elsewhere: 1
    });
    expect(matcher.match('when does the office open').candidates[0]).toMatchObject({
      id: 'hours',
      elsewhere: 0
    });
  });

  it('is 0 when the entry speaks of the word itself (here in its answer)', () => {
    const visas = matcher.match('visa help from the consulate').candidates.find((c) => c.id === 'visas');
    expect(visas?.elsewhere).toBe(0);
  });

  it("is 1 when the entry has an English word's stems only apart, not the phrase itself", () => {
    const contact = new Matcher({
      entries: [
        entry(
          'phones',
          'contact',
          ['phone number of the office', 'office telephone'],
          'Call the office; the External Liaison Division answers.'
        ),
        // "office" comes first on its own: the phrase later in the answer still counts.
        entry('liaison', 'contact', ['the city liaison'], 'Our office helps; the Liaison Office is here.')
      ],
      matching: DEFAULT_MATCHING,
      synonyms: { en: [], zh: [] },
      elsewhere: [group(['liaison office'])]
    });
    const found = contact.match('phone number of the liaison office').candidates;
    // "liaison" and "office" are each in the phones entry, never as "liaison office".
    expect(found.find((c) => c.id === 'phones')?.elsewhere).toBe(1);
    expect(found.find((c) => c.id === 'liaison')?.elsewhere).toBe(0);
  });

  it('is 0 for every entry when the knowledge lists no such words', () => {
    const plain = new Matcher({ entries, matching: DEFAULT_MATCHING, synonyms: { en: [], zh: [] } });
    expect(plain.match('when does the museum open').candidates[0]!.elsewhere).toBe(0);
  });
});

describe('elsewhere.yaml in the loader', () => {
  const office = readFileSync(path.join(__dirname, '..', 'fixtures', 'knowledge', 'office.yaml'), 'utf8');
  const build = (text: string) =>
    buildKnowledge([
      { file: 'office.yaml', text: office },
      { file: 'elsewhere.yaml', text }
    ]);

  it('reads groups with words per language', () => {
    const { knowledge, problems } = build(
      'elsewhere:\n  - about: other places\n    topics: []\n    words:\n      en: [museum]\n      zh-Hans: [博物馆]\n'
    );
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(knowledge!.elsewhere).toEqual([
      {
        about: 'other places',
        topics: [],
        words: ['museum', '博物馆'],
        origin: { file: 'elsewhere.yaml', line: 2 }
      }
    ]);
  });

  it('reports a group without words or about, with file and line', () => {
    const { problems } = build('elsewhere:\n  - about: x\n  - words: [museum]\n');
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [2, 'needs at least one word'],
      [3, 'is required: say what the words have in common']
    ]);
  });

  it('warns when a topic names no entry', () => {
    const { problems } = build('elsewhere:\n  - about: x\n    topics: [contcat]\n    words: [museum]\n');
    expect(problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        file: 'elsewhere.yaml',
        line: 2,
        field: 'elsewhere.topics'
      })
    );
  });

  it('the real knowledge loads its groups', () => {
    const knowledge = loadKnowledge(path.join(__dirname, '..', '..', 'knowledge'));
    expect(knowledge.elsewhere.length).toBeGreaterThanOrEqual(3);
    expect(knowledge.elsewhere.flatMap((g) => g.words)).toEqual(
      expect.arrayContaining(['museum', 'consulate', '身份证', 'driving licence', 'wedding'])
    );
  });
});
