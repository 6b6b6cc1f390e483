/**
 * Every YAML syntax error the loader can report has a row in knowledge/README.md's table of mistakes:
 * js-yaml's own messages (read from the installed package, so an upgrade that adds one fails here)
 * each fall into a class, and each class is a row of the guide.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildKnowledge } from '../../src/knowledge';
import { classifyYamlError, YAML_ERROR_CLASSES } from '../../src/knowledge/yamlSource';

const ROOT = path.resolve(__dirname, '..', '..');
const GUIDE = readFileSync(path.join(ROOT, 'knowledge', 'README.md'), 'utf8');
const JS_YAML = readFileSync(require.resolve('js-yaml'), 'utf8');

/** Every message js-yaml's reader, parser and constructor can throw (template parts as "X"). */
function jsYamlMessages(): string[] {
  const found = new Set<string>();
  for (const m of JS_YAML.matchAll(/throwError(?:\$1)?\(state, (["`])((?:(?!\1).)*)\1/g))
    found.add(m[2]!.replace(/\$\{[^}]*\}/g, 'X'));
  for (const m of JS_YAML.matchAll(/new YAMLException\((["`])((?:(?!\1).)*)\1/g))
    found.add(m[2]!.replace(/\$\{[^}]*\}/g, 'X'));
  return [...found].filter((m) => !/to dump/.test(m)); // dump errors: the loader never writes YAML
}

function guideRows(): string[] {
  const section = GUIDE.slice(
    GUIDE.indexOf('### Common YAML mistakes'),
    GUIDE.indexOf('## What is in this folder')
  );
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
}

describe('YAML error messages staff can hit', () => {
  it("finds js-yaml's messages in the installed package", () => {
    const messages = jsYamlMessages();
    expect(messages.length).toBeGreaterThan(50);
    expect(messages).toContain("expected ':' after a mapping key");
  });

  it('puts each js-yaml message into a documented class', () => {
    const unclassified = jsYamlMessages().filter((m) => classifyYamlError(m) === undefined);
    expect(unclassified).toEqual([]);
  });

  it("has a row in the guide's table of mistakes for every class", () => {
    const rows = guideRows();
    expect(YAML_ERROR_CLASSES.map((c) => c.says).filter((says) => !rows.includes(says))).toEqual([]);
  });

  it.each([
    [
      'a text with ": " not in quotes',
      'entries:\n  - id: x\n    questions:\n      en:\n        - a\n     zh-Hans:\n        - b\n',
      'bad indentation of a mapping entry'
    ],
    [
      'a field without its colon',
      'entries:\n  - id: x\n    questions\n      en: [a]\n',
      'can not read a block mapping entry; a multiline key may not be an implicit key'
    ],
    [
      'a quoted text where a field belongs',
      'entries:\n  - id: x\n    source: "About us"\n    "reviewed" 2026\n',
      "expected ':' after a mapping key"
    ],
    ['a field one space short', 'entries:\n  - id: x\n   topic: y\n', 'bad indentation of a sequence entry'],
    ['an unclosed quote', 'entries:\n  - id: "x\n', 'deficient indentation'],
    ['a tab', 'entries:\n\t- id: x\n', 'tab characters must not be used in indentation'],
    ['a text starting with !', 'entries:\n  - id: !x\n', 'unknown scalar tag'],
    ['a text starting with *', 'entries:\n  - id: *x\n', 'unidentified alias'],
    ['text after |', 'entries:\n  - answer: | text\n      more\n', 'a line break is expected']
  ])("reports %s as its class, alone, with the hint from the guide's row", (_what, text, says) => {
    const followUps =
      'entries:\n  - id: other\n    topic: t\n    questions: {en: [q]}\n    answer: {en: a}\n    followups: [x]\n    source: s\n    reviewed: 2026-12-01\n';
    const { problems } = buildKnowledge([
      { file: 'broken.yaml', text },
      { file: 'other.yaml', text: followUps }
    ]);
    expect(problems).toHaveLength(1); // no follow-on warnings about the broken file's entries
    const message = problems[0]!.message.replace(/^YAML syntax: /, '');
    const found = classifyYamlError(message)!;
    expect(found.says).toBe(says);
    expect(guideRows()).toContain(says);
    expect(message).toContain(found.hint);
  });
});
