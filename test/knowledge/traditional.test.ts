/**
 * Generated Traditional text is right: the phrase corrections in knowledge/phrase-corrections.yaml are
 * applied, and no text the assistant shows in zh-Hant (answers, question titles, office data, its own
 * messages) contains what OpenCC alone makes of a listed phrase.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildKnowledge, readKnowledge } from '../../src/knowledge';
import type { KnowledgeBase } from '../../src/knowledge/types';
import { toTraditionalByOpenCC } from '../../src/language/chinese';

const ROOT = path.resolve(__dirname, '..', '..');

/** Every zh-Hant text of the knowledge, named by where it comes from. */
function zhHantTexts(knowledge: KnowledgeBase): [string, string][] {
  const texts: [string, string][] = [];
  for (const entry of knowledge.entries) {
    texts.push(
      [`${entry.id}: answer`, entry.answer['zh-Hant']],
      [`${entry.id}: source`, entry.source['zh-Hant']]
    );
    entry.questions['zh-Hant'].forEach((q, i) => texts.push([`${entry.id}: questions[${i + 1}]`, q]));
    entry.keywords['zh-Hant'].forEach((k, i) => texts.push([`${entry.id}: keywords[${i + 1}]`, k]));
    for (const link of entry.links) texts.push([`${entry.id}: link`, link.title['zh-Hant']]);
  }
  const office = knowledge.office;
  texts.push(['office.name', office.name['zh-Hant']], ['office.address', office.address?.['zh-Hant'] ?? '']);
  if (office.hours?.note) texts.push(['office.hours.note', office.hours.note['zh-Hant']]);
  for (const d of office.divisions)
    texts.push([`division ${d.id}`, `${d.name['zh-Hant']} ${d.handles['zh-Hant']}`]);
  for (const l of office.leaders)
    texts.push([`leader ${l.id}`, `${l.title['zh-Hant']} ${l.portfolio['zh-Hant']}`]);
  return texts;
}

function stringsOf(value: unknown, at: string): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, inner]) => stringsOf(inner, `${at}.${key}`));
  return [];
}

describe('Traditional text', () => {
  const { knowledge, problems } = readKnowledge(path.join(ROOT, 'knowledge'));

  it('the shipped corrections load', () => {
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const listed = knowledge!.corrections.map((c) => [c.simplified, c.traditional]);
    expect(listed).toEqual(
      expect.arrayContaining([
        ['换发', '換發'],
        ['签注', '簽注']
      ])
    );
  });

  it('no generated or written zh-Hant text contains a listed mis-conversion', () => {
    const wrong = knowledge!.corrections
      .map((c) => toTraditionalByOpenCC(c.simplified))
      .filter((w, i) => w !== knowledge!.corrections[i]!.traditional);
    // Each correction is needed: OpenCC alone writes the phrase otherwise.
    expect(wrong).toHaveLength(knowledge!.corrections.length);
    const locale = JSON.parse(readFileSync(path.join(ROOT, 'locales', 'zh-Hant.json'), 'utf8')) as unknown;
    const texts = [...zhHantTexts(knowledge!), ...stringsOf(locale, 'locales/zh-Hant.json')];
    expect(texts.length).toBeGreaterThan(300);
    const found = texts.flatMap(([where, text]) =>
      wrong.filter((w) => text.includes(w)).map((w) => `${where}: ${w}`)
    );
    expect(found).toEqual([]);
  });

  it('the referral most Hong Kong and Macao users get reads 換發 and 簽注', () => {
    const referral = knowledge!.byId.get('ordinary-passport-referral')!;
    expect(referral.answer['zh-Hant']).toContain('換發');
    expect(referral.answer['zh-Hant']).toContain('簽注');
    expect(knowledge!.byId.get('hk-macao-pass')!.questions['zh-Hant'].join(' ')).toContain('簽注');
  });

  const office = `office:\n  name: {en: Office, zh-Hans: 外事办公室}\n  address: {en: Road 1, zh-Hans: 江滨路1号}\n  phones: ["0758-2828903"]\n  divisions:\n    - {id: general-office, name: {en: General Office, zh-Hans: 办公室}, handles: {en: all, zh-Hans: 全部}}\n`;
  const entry = (answer: string, hant = '') =>
    `entries:\n  - id: e1\n    topic: passports\n    questions: {en: [How to renew?], zh-Hans: [护照换发]}\n    answer:\n      en: Renew it.\n      zh-Hans: ${answer}\n${hant}    source: {en: Site, zh-Hans: 网站}\n    reviewed: 2026-11-01\n`;

  it('applies a staff correction to generated text, and never to text staff wrote in zh-Hant', () => {
    const corrections = 'traditional:\n  - zh-Hans: 换发\n    zh-Hant: 換發\n';
    const result = buildKnowledge(
      [
        { file: 'office.yaml', text: office },
        { file: 'e.yaml', text: entry('护照换发请到公安机关。') },
        { file: 'c.yaml', text: corrections }
      ],
      { now: new Date('2026-12-01') }
    );
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const e1 = result.knowledge!.byId.get('e1')!;
    expect(e1.answer['zh-Hant']).toBe('護照換發請到公安機關。');
    expect(e1.questions['zh-Hant']).toEqual(['護照換發']);
    const written = buildKnowledge(
      [
        { file: 'office.yaml', text: office },
        {
          file: 'e.yaml',
          text: entry('护照换发请到公安机关。', '      zh-Hant: 護照換發，請到公安機關辦理。\n')
        },
        { file: 'c.yaml', text: corrections }
      ],
      { now: new Date('2026-12-01') }
    );
    expect(written.knowledge!.byId.get('e1')!.answer['zh-Hant']).toBe('護照換發，請到公安機關辦理。');
  });

  it('reports a bad or repeated correction at its file and line', () => {
    const result = buildKnowledge([
      { file: 'office.yaml', text: office },
      {
        file: 'c.yaml',
        text: 'traditional:\n  - zh-Hans: 换发\n    zh-Hant: 換發\n  - zh-Hans: 签注\n    zh-Hant: 護照\n  - zh-Hans: 换发\n    zh-Hant: 換發\n  - zh-Hans: abc\n    zh-Hant: abc\n  - zh-Hans: 送签\n    zh-Hant: 送簽\n    colour: red\n'
      }
    ]);
    const lines = result.problems.map((p) => `${p.file}:${p.line}: ${p.field}: ${p.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^c\.yaml:5: traditional\[2\]\.zh-Hant: "護照" is not "签注" written in Traditional/
        ),
        expect.stringMatching(/^c\.yaml:6: traditional: "换发" is corrected twice; first at c\.yaml:2/),
        expect.stringMatching(/^c\.yaml:8: traditional\[4\]\.zh-Hans: "abc" has no Chinese characters/),
        expect.stringMatching(/^c\.yaml:12: traditional\[5\]\.colour: unknown field/)
      ])
    );
    expect(result.knowledge).toBeUndefined();
  });
});
