/**
 * Every problem message the knowledge loader and `kb check` can print (besides js-yaml's, see
 * yamlErrors.test.ts) has a row in knowledge/README.md's "Other problems kb check reports": the
 * messages are read from the source with the TypeScript parser (each `report(...)` and `problem(...)`
 * call, `message:` and `patternHint:`), so a new message without a row fails here, and so does a row no message uses.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { buildKnowledge } from '../../src/knowledge';

const ROOT = path.resolve(__dirname, '..', '..');
const GUIDE = readFileSync(path.join(ROOT, 'knowledge', 'README.md'), 'utf8');
const SOURCES = [
  ...readdirSync(path.join(ROOT, 'src/knowledge'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join('src/knowledge', f)),
  'src/cli/check.ts'
];

interface Found {
  at: string;
  /** The message with every interpolated part written as X. */
  template: string;
}

/** The message templates of one source file; `unresolved` lists arguments that are not text. */
function messagesOf(file: string): { found: Found[]; unresolved: string[] } {
  const source = ts.createSourceFile(
    file,
    readFileSync(path.join(ROOT, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true
  );
  const constants = new Map<string, ts.Expression>();
  const collect = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer)
      constants.set(node.name.text, node.initializer);
    ts.forEachChild(node, collect);
  };
  collect(source);
  const texts = (e: ts.Expression, depth = 0): string[] | undefined => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
    if (ts.isTemplateExpression(e))
      return [e.head.text + e.templateSpans.map((s) => `X${s.literal.text}`).join('')];
    if (ts.isParenthesizedExpression(e)) return texts(e.expression, depth);
    if (ts.isConditionalExpression(e)) {
      const [a, b] = [texts(e.whenTrue, depth), texts(e.whenFalse, depth)];
      return a && b ? [...a, ...b] : undefined;
    }
    if (ts.isIdentifier(e) && depth < 3 && constants.has(e.text))
      return texts(constants.get(e.text)!, depth + 1);
    return undefined;
  };
  const found: Found[] = [];
  const unresolved: string[] = [];
  const visit = (node: ts.Node): void => {
    let argument: ts.Expression | undefined;
    let wrap = (t: string) => t;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'report')
      argument = node.arguments[3];
    // check.ts's `problem(message, severity)` helper.
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'problem')
      argument = node.arguments[0];
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'message')
      argument = node.initializer;
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'patternHint') {
      argument = node.initializer;
      wrap = (t) => `"X" ${t}`; // readString reports `"${text}" ${patternHint}`
    }
    if (argument) {
      const at = `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      const list = texts(argument);
      // A `message` passed on from placeholderProblems (its own messages are read in placeholders.ts).
      if (!list && !(ts.isIdentifier(argument) && argument.text === 'message'))
        unresolved.push(`${at}: ${argument.getText()}`);
      for (const template of list ?? []) {
        // `"${text}" ${hint}` carries the patternHint messages read above; `X` alone carries a message.
        if (/^[\s"X]*$/.test(template)) continue;
        found.push({ at, template: wrap(template) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { found, unresolved };
}

/** A template fits a row when one could be the other: the row's … and the template's X stand for any text. */
function fits(row: { says: string; pattern: RegExp }, template: string): boolean {
  if (row.pattern.test(template)) return true;
  // A template whose variable part is a phrase the row spells out (check.ts: "is ${how}").
  const pattern = template
    .split('X')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}`).test(row.says.replace(/…/g, 'X'));
}

function guideRows(): { says: string; pattern: RegExp }[] {
  const start = GUIDE.indexOf('### Other problems `kb check` reports');
  const section = GUIDE.slice(start, GUIDE.indexOf('\n## ', start));
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => {
    const says = m[1]!;
    const source = says
      .split('…')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return { says, pattern: new RegExp(`^${source}`) };
  });
}

const all = SOURCES.map(messagesOf);
const found = all.flatMap((m) => m.found);

describe("the guide's table of other problems", () => {
  it('reads the messages from the source', () => {
    expect(all.flatMap((m) => m.unresolved)).toEqual([]);
    expect(found.length).toBeGreaterThan(60);
    expect(found.map((f) => f.template)).toEqual(
      expect.arrayContaining([
        'is required but missing',
        'unknown field "X"X',
        '"X" is not a real calendar date'
      ])
    );
  });

  it('has a row for every message', () => {
    const rows = guideRows();
    const missing = found.filter((f) => !rows.some((r) => fits(r, f.template)));
    expect(missing.map((f) => `${f.at}: ${f.template}`)).toEqual([]);
  });

  it('has no row that no message uses', () => {
    const unused = guideRows().filter((r) => !found.some((f) => fits(r, f.template)));
    expect(unused.map((r) => r.says)).toEqual([]);
  });

  it.each([
    ['an unknown field', 'entries:\n  - id: x\n    topic: t\n    anwser: {en: a}\n'],
    [
      'a bad date',
      'entries:\n  - id: x\n    topic: t\n    questions: {en: [q], zh-Hans: [问]}\n    answer: {en: a, zh-Hans: 答}\n    source: s\n    reviewed: 2026-02-30\n'
    ],
    ['a bad id', 'entries:\n  - id: Bad_Id\n    topic: t\n'],
    ['an unknown language', 'entries:\n  - id: x\n    topic: t\n    questions: {zh: [q]}\n'],
    ['an empty file', ''],
    ['a top-level typo', 'entires: []\n']
  ])('matches what the loader really prints for %s', (_what, text) => {
    const { problems } = buildKnowledge([{ file: 'x.yaml', text }]);
    const rows = guideRows();
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems)
      expect([p.message, rows.some((r) => r.pattern.test(p.message))]).toEqual([p.message, true]);
  });
});
