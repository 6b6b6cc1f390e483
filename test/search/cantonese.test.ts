import { readFileSync } from 'node:fs';
import { buildKnowledge } from '../../src/knowledge/loader';
import { Analyzer } from '../../src/search/analyzer';
import { CantoneseRewriter } from '../../src/search/cantonese';
import { normalizeText } from '../../src/search/tokenize';

describe('CantoneseRewriter', () => {
  const rewriter = new CantoneseRewriter([
    ['喺', '在'],
    ['邊度', '哪里'],
    ['點樣', '怎样'],
    ['點', '怎么']
  ]);

  it('rewrites folded text, longest word first', () => {
    expect(rewriter.rewrite(normalizeText('公務護照喺邊度辦'))).toBe('公务护照在哪里办');
    expect(rewriter.rewrite(normalizeText('點樣申請'))).toBe('怎样申请');
  });

  it('applies a one-character rule only where the character forms no word with a neighbour', () => {
    const withIs = new CantoneseRewriter([['係', '是']]);
    expect(withIs.rewrite(normalizeText('主任係邊個'))).toBe('主任是边个');
    // 聯繫/關係 fold to 联系/关系: the same character as Cantonese 係, inside a word.
    expect(withIs.rewrite(normalizeText('聯繫電話'))).toBe('联系电话');
    expect(withIs.rewrite(normalizeText('兩國關係'))).toBe('两国关系');
  });

  it('leaves text without Cantonese words as it is', () => {
    expect(rewriter.rewrite('公务护照在哪里办')).toBe('公务护照在哪里办');
    expect(new CantoneseRewriter().rewrite('喺')).toBe('喺');
  });
});

describe('knowledge/cantonese.yaml', () => {
  const sources = ['knowledge/cantonese.yaml', 'test/fixtures/knowledge/office.yaml'].map((file) => ({
    file,
    text: readFileSync(file, 'utf8')
  }));
  const result = buildKnowledge(sources, { now: new Date('2026-11-25T00:00:00Z') });
  const analyzer = new Analyzer({ en: [], zh: [] }, result.knowledge!.cantonese);
  const terms = (text: string) => analyzer.analyze(text).terms;

  it('loads without problems and has the words citizens use', () => {
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const words = new Set(result.knowledge!.cantonese.map(([from]) => from));
    for (const word of [
      '喺',
      '嘅',
      '俾',
      '攞',
      '搵',
      '點樣',
      '點搞',
      '嚟',
      '佢',
      '唔',
      '咗',
      '邊度',
      '幾多',
      '公幹',
      '細路'
    ])
      expect(words).toContain(word);
  });

  it('gives Cantonese and Mandarin questions the same terms', () => {
    expect(terms('公務護照喺邊度辦')).toEqual(terms('公务护照在哪里办'));
    expect(terms('佢唔識點樣攞護照')).toEqual(terms('他不识怎样领护照'));
    expect(terms('護照唔見咗')).toEqual(terms('护照丢了'));
    expect(terms('細路出世紙')).toEqual(terms('小孩出生证明'));
  });

  it('leaves Mandarin words that share a character alone', () => {
    expect(terms('联系电话')).toEqual(new Analyzer().analyze('联系电话').terms);
  });

  it('reports a malformed list with its line', () => {
    const bad = buildKnowledge(
      [
        { file: 'c.yaml', text: 'cantonese:\n  abc: x\n  喺: 3\n' },
        { file: 'o.yaml', text: readFileSync('test/fixtures/knowledge/office.yaml', 'utf8') }
      ],
      { now: new Date('2026-11-25T00:00:00Z') }
    );
    expect(bad.problems.map((p) => `${p.file}:${p.line}: ${p.field}`)).toEqual(
      expect.arrayContaining(['c.yaml:2: cantonese.abc', 'c.yaml:3: cantonese.喺'])
    );
  });
});
