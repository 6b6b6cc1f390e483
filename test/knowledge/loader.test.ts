import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatProblem, loadKnowledge, readKnowledge, KnowledgeLoadError } from '../../src/knowledge';
import { FIXTURE_KNOWLEDGE } from '../helpers/server';

function knowledgeDir(files: Record<string, string>, withOffice = true): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fao-kb-'));
  if (withOffice) cpSync(path.join(FIXTURE_KNOWLEDGE, 'office.yaml'), path.join(dir, 'office.yaml'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const VALID_ENTRY = `entries:
  - id: sample-entry
    topic: office
    questions:
      en: [Where is the office?]
      zh-Hans: [办公室在哪里？]
    answer:
      en: "At {{office.address}}."
      zh-Hans: "地址：{{office.address}}。"
    source: Seed page
    reviewed: 2026-11-01
`;

function errorsOf(files: Record<string, string>): string[] {
  return readKnowledge(knowledgeDir(files), { now: new Date('2026-11-25') })
    .problems.filter((p) => p.severity === 'error')
    .map(formatProblem);
}

describe('knowledge loading', () => {
  it('loads valid files, expands placeholders and generates Traditional Chinese', () => {
    const kb = loadKnowledge(knowledgeDir({ 'entries/a.yaml': VALID_ENTRY }));
    const entry = kb.byId.get('sample-entry')!;
    expect(entry.answer.en).toBe('At No. 18 Jiangbin West Road, Duanzhou District, Zhaoqing.');
    expect(entry.answer['zh-Hans']).toBe('地址：肇庆市端州区江滨西路18号。');
    expect(entry.answer['zh-Hant']).toBe('地址：肇慶市端州區江濱西路18號。');
    expect(entry.questions['zh-Hant']).toEqual(['辦公室在哪裏？']);
    expect(entry.origin).toEqual({ file: 'entries/a.yaml', line: 2 });
    expect(kb.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('loads the fixture knowledge used by the other tests', () => {
    const kb = loadKnowledge(FIXTURE_KNOWLEDGE);
    expect(kb.entries.map((e) => e.id).sort()).toEqual([
      'contact-address',
      'ordinary-passport-referral',
      'passport-public-affairs',
      'passport-service',
      'visa-invitation'
    ]);
    expect(kb.matching.minMargin).toBe(0.05);
  });

  it('reports YAML syntax errors with file and line', () => {
    expect(errorsOf({ 'bad.yaml': 'entries:\n  - id: x\n    questions: [a\n  - b\n' })).toEqual([
      expect.stringMatching(/^bad\.yaml:4: YAML syntax: /)
    ]);
  });

  it('explains a missing closing quote, which YAML reports on the next line', () => {
    const text = VALID_ENTRY.replace('    source: Seed page', '    source: "Seed page');
    expect(errorsOf({ 'q.yaml': text })).toEqual([
      expect.stringMatching(
        /^q\.yaml:11: YAML syntax: deficient indentation \(look also at the line above: a quote/
      )
    ]);
  });

  it('suggests quotes for a question containing ": "', () => {
    const text = VALID_ENTRY.replace('[Where is the office?]', '\n        - Note: where is the office?');
    expect(errorsOf({ 'q.yaml': text })).toEqual([
      expect.stringMatching(
        /questions\.en\[1\]: must be text, found a mapping \(key: value\) - put text containing ": " in quotes/
      )
    ]);
  });

  it('asks for quotes around phone numbers YAML would read as numbers', () => {
    const dir = knowledgeDir({ 'a.yaml': VALID_ENTRY }, false);
    writeFileSync(
      path.join(dir, 'office.yaml'),
      'office:\n  name: {en: O, zh-Hans: O}\n  address: {en: A, zh-Hans: A}\n  phones: [07582828903]\n  fax: 07582837791\n'
    );
    const errors = readKnowledge(dir)
      .problems.filter((p) => p.severity === 'error')
      .map(formatProblem);
    expect(errors).toEqual([
      expect.stringMatching(/^office\.yaml:4: office\.phones\[1\]: 7582828903 must be written in quotes/),
      expect.stringMatching(/^office\.yaml:5: office\.fax: 7582837791 must be written in quotes/)
    ]);
  });

  it('reports a missing required field with the line of the entry and the field name', () => {
    const text = VALID_ENTRY.replace('    reviewed: 2026-11-01\n', '');
    expect(errorsOf({ 'a.yaml': text })).toEqual([
      'a.yaml:2: sample-entry: reviewed: is required but missing'
    ]);
  });

  it('reports a wrongly typed field at its own line', () => {
    const text = VALID_ENTRY.replace('      en: [Where is the office?]', '      en: Where is the office?');
    expect(errorsOf({ 'a.yaml': text })).toEqual([
      expect.stringMatching(/^a\.yaml:5: sample-entry: questions\.en: must be a list/)
    ]);
  });

  it('reports an unknown field with a did-you-mean hint', () => {
    const text = VALID_ENTRY.replace('    topic: office\n', '    topic: office\n    folowups: [x]\n');
    expect(errorsOf({ 'a.yaml': text })).toEqual([
      'a.yaml:4: sample-entry: folowups: unknown field "folowups" - did you mean "followups"?'
    ]);
  });

  it('reports duplicate ids across files, naming the first definition', () => {
    expect(errorsOf({ 'a.yaml': VALID_ENTRY, 'b.yaml': VALID_ENTRY })).toEqual([
      'b.yaml:2: sample-entry: id: duplicate id: already used at a.yaml:2'
    ]);
  });

  it('rejects ids that are not kebab-case, bad dates, unknown placeholders and unknown divisions', () => {
    const text = VALID_ENTRY.replace('id: sample-entry', 'id: Sample_Entry');
    expect(errorsOf({ 'a.yaml': text })[0]).toMatch(/^a\.yaml:2: id: "Sample_Entry" must be kebab-case/);
    expect(errorsOf({ 'a.yaml': VALID_ENTRY.replace('2026-11-01', '2026-02-30') })).toEqual([
      'a.yaml:11: sample-entry: reviewed: "2026-02-30" is not a real calendar date'
    ]);
    expect(errorsOf({ 'a.yaml': VALID_ENTRY.replace('{{office.address}}.', '{{office.adress}}.') })).toEqual([
      'a.yaml:8: sample-entry: answer.en: unknown placeholder {{office.adress}}'
    ]);
    expect(
      errorsOf({ 'a.yaml': VALID_ENTRY.replace('    source:', '    division: nowhere\n    source:') })
    ).toEqual([
      'a.yaml:10: sample-entry: division: "nowhere" is not a division id in office.divisions (known: general-office, passport-visa)'
    ]);
  });

  it('warns (without failing) on unknown followups, missing translations and stale reviews', () => {
    const text = VALID_ENTRY.replace('    source:', '    followups: [no-such-entry]\n    source:')
      .replace('      zh-Hans: [办公室在哪里？]\n', '')
      .replace('2026-11-01', '2024-01-01');
    const result = readKnowledge(knowledgeDir({ 'a.yaml': text }), { now: new Date('2026-11-25') });
    expect(result.knowledge).toBeDefined();
    const warnings = result.problems.map(formatProblem);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /a\.yaml:\d+: warning: sample-entry: followups\[1\]: no entry has id "no-such-entry"/
        ),
        expect.stringMatching(/warning: sample-entry: questions\.zh-Hans: missing translation/),
        expect.stringMatching(/warning: sample-entry: reviewed: last reviewed 2024-01-01, over 12 months ago/)
      ])
    );
  });

  it('requires office data and throws KnowledgeLoadError listing problems', () => {
    const dir = knowledgeDir({ 'a.yaml': VALID_ENTRY }, false);
    expect(() => loadKnowledge(dir)).toThrow(KnowledgeLoadError);
    expect(() => loadKnowledge(dir)).toThrow(/no file defines "office:"/);
  });

  it('never throws on hostile YAML: aliases bombs, deep nesting, binary junk, empty files', () => {
    const bomb =
      'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n';
    const deep = `${'['.repeat(500)}${']'.repeat(500)}`;
    for (const text of [bomb, deep, '\u0000\u0001\u0002garbage: [', '', 'just a string', '- a\n- b\n']) {
      const result = readKnowledge(knowledgeDir({ 'x.yaml': text }));
      expect(result.problems.length).toBeGreaterThan(0);
      for (const p of result.problems) expect(p.file).toBe('x.yaml');
    }
  });
});
