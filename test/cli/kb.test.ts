import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/kb';
import { FIXTURE_KNOWLEDGE } from '../helpers/server';

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, {});
  return { code, out, err };
}

function copyFixture(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fao-cli-'));
  cpSync(FIXTURE_KNOWLEDGE, dir, { recursive: true });
  return dir;
}

describe('kb check', () => {
  it('exits 0 on valid knowledge and prints a summary', async () => {
    const { code, out } = await run(['check', '--knowledge', FIXTURE_KNOWLEDGE]);
    expect(code).toBe(0);
    expect(out.at(-1)).toMatch(/5 entries in 3 files, version [0-9a-f]{12}; 0 errors/);
  });

  it('prints file:line: message for errors and exits 1', async () => {
    const dir = copyFixture();
    writeFileSync(
      path.join(dir, 'broken.yaml'),
      'entries:\n  - id: broken-entry\n    topic: x\n    questions: {en: [a]}\n'
    );
    const { code, err } = await run(['check', '--knowledge', dir]);
    expect(code).toBe(1);
    expect(err).toEqual(
      expect.arrayContaining([
        'broken.yaml:2: broken-entry: answer: is required: give it per language (en, zh-Hans)',
        'broken.yaml:2: broken-entry: reviewed: is required but missing'
      ])
    );
  });

  it('warns about the same question on two entries', async () => {
    const dir = copyFixture();
    writeFileSync(
      path.join(dir, 'dup.yaml'),
      `entries:
  - id: duplicate-question
    topic: passports
    questions: {en: [Service passports?], zh-Hans: [公务护照怎么办理]}
    answer: {en: x, zh-Hans: x}
    source: test
    reviewed: 2026-11-01
`
    );
    const { code, out } = await run(['check', '--knowledge', dir]);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(
      /passports\.yaml:2: warning: passport-service: questions\.en: "service passport" is the same question as "Service passports\?" of entry duplicate-question \(dup\.yaml:2\)/
    );
  });
});

describe('kb eval', () => {
  it('prints a table, the failures and a JSON last line with the defined metrics', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fao-cases-'));
    writeFileSync(
      path.join(dir, 'cases.yaml'),
      `- {q: "service passport please", expect: passport-service, lang: en}
- {q: "公務護照", expect: passport-service, lang: zh-Hant}
- {q: "passport", expect: passport-public-affairs, lang: en}
- {q: "what time is the train to Guangzhou", expect: null, lang: en}
`
    );
    const { code, out } = await run(['eval', '--cases', dir, '--knowledge', FIXTURE_KNOWLEDGE]);
    expect(code).toBe(0);
    const report = JSON.parse(out.at(-1)!);
    expect(report).toMatchObject({ cases: 4, oosRejected: 1 });
    expect(report.top1).toBeCloseTo(2 / 3, 3);
    expect(report.falseRejected).toBeCloseTo(1 / 3, 3);
    expect(report.byLang['zh-Hant']).toMatchObject({ cases: 1, top1: 1 });
    expect(out.join('\n')).toMatch(
      /cases\.yaml:3: \[en\] "passport" expected passport-public-affairs, got suggest/
    );
  });

  it('reports a blind/ folder apart, per outcome kind, and n/a where a set has no case of a kind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fao-cases-'));
    writeFileSync(
      path.join(dir, 'tuning.yaml'),
      `- {q: "service passport please", expect: passport-service, lang: en}
- {q: "what time is the train to Guangzhou", expect: null, lang: en}
`
    );
    mkdirSync(path.join(dir, 'blind'));
    writeFileSync(
      path.join(dir, 'blind', 'en.yaml'),
      `- {q: "service passport", expect: passport-service, lang: en}
- {q: "passport", expect: passport-public-affairs, lang: en}
- {q: "zzzz qqqq", expect: passport-service, lang: en}
`
    );
    const { code, out } = await run(['eval', '--cases', dir, '--knowledge', FIXTURE_KNOWLEDGE]);
    expect(code).toBe(0);
    const report = JSON.parse(out.at(-1)!);
    // Top level: the tuning cases only.
    expect(report).toMatchObject({ cases: 2, inScope: 1, outOfScope: 1, top1: 1, oosRejected: 1 });
    expect(report.byLang['zh-Hans']).toMatchObject({ cases: 0, top1: null, oosRejected: null });
    expect(report.blind).toMatchObject({ cases: 3, inScope: 3, outOfScope: 0, oosRejected: null });
    expect(report.blind.answeredRight).toBeCloseTo(1 / 3, 3);
    expect(report.blind.noMatch).toBeCloseTo(1 / 3, 3);
    expect(
      report.blind.answeredRight +
        report.blind.answeredWrong +
        report.blind.suggestedRightFirst +
        report.blind.suggestedOther +
        report.blind.noMatch
    ).toBeCloseTo(1, 3);
    const text = out.join('\n');
    expect(text).toMatch(/blind set \(3; reported apart, never tuned on\)/);
    expect(text).toMatch(/\| en \| 3 \| 0 \| 33\.3% \|.*\| n\/a \|/);
    // The blind set's questions are not printed unless asked for.
    expect(text).not.toContain('zzzz qqqq');
    expect(text).toMatch(/2 of the blind set not listed/);
    const listed = await run(['eval', '--cases', dir, '--knowledge', FIXTURE_KNOWLEDGE, '--list-blind']);
    expect(listed.out.join('\n')).toContain('"zzzz qqqq" expected passport-service, got none');
  });

  it('reports a dev/ folder apart from the tuning cases, and --skip-blind leaves the blind set out', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fao-cases-'));
    writeFileSync(
      path.join(dir, 'tuning.yaml'),
      `- {q: "service passport please", expect: passport-service, lang: en}\n`
    );
    mkdirSync(path.join(dir, 'dev'));
    writeFileSync(
      path.join(dir, 'dev', 'en.yaml'),
      `- {q: "passport", expect: passport-public-affairs, lang: en}
- {q: "what time is the train to Guangzhou", expect: null, lang: en}
`
    );
    mkdirSync(path.join(dir, 'blind'));
    writeFileSync(
      path.join(dir, 'blind', 'en.yaml'),
      `- {q: "service passport", expect: passport-service, lang: en}\n`
    );
    const { code, out } = await run(['eval', '--cases', dir, '--knowledge', FIXTURE_KNOWLEDGE]);
    expect(code).toBe(0);
    const report = JSON.parse(out.at(-1)!);
    expect(report).toMatchObject({ set: 'tuning', cases: 1, top1: 1 });
    expect(report.dev).toMatchObject({
      cases: 2,
      inScope: 1,
      outOfScope: 1,
      answeredRight: 0,
      oosRejected: 1
    });
    expect(report.blind).toMatchObject({ cases: 1 });
    const text = out.join('\n');
    expect(text).toMatch(/development set \(2; reported apart\)/);
    // The development set's failures are listed: it is there to be worked on.
    expect(text).toMatch(/dev.en\.yaml:1: \[en\] "passport" expected passport-public-affairs/);
    const skipped = await run(['eval', '--cases', dir, '--knowledge', FIXTURE_KNOWLEDGE, '--skip-blind']);
    const withoutBlind = JSON.parse(skipped.out.at(-1)!);
    expect(withoutBlind.blind).toBeNull();
    expect(withoutBlind.dev).toMatchObject({ cases: 2 });
    // The dev folder alone is its own set.
    const devOnly = await run(['eval', '--cases', path.join(dir, 'dev'), '--knowledge', FIXTURE_KNOWLEDGE]);
    expect(JSON.parse(devOnly.out.at(-1)!)).toMatchObject({ set: 'dev', cases: 2, dev: null, blind: null });
  });

  it('kb tune fits on the tuning cases, with --with-dev their dev/ folder too, never blind/', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fao-cases-'));
    writeFileSync(
      path.join(dir, 'tuning.yaml'),
      `- {q: "service passport please", expect: passport-service, lang: en}\n`
    );
    mkdirSync(path.join(dir, 'dev'));
    writeFileSync(
      path.join(dir, 'dev', 'en.yaml'),
      `- {q: "passport", expect: passport-public-affairs, lang: en}
- {q: "what time is the train to Guangzhou", expect: null, lang: en}
`
    );
    mkdirSync(path.join(dir, 'blind'));
    writeFileSync(
      path.join(dir, 'blind', 'en.yaml'),
      `- {q: "service passport", expect: passport-service, lang: en}\n`
    );
    const tune = (...more: string[]) =>
      run(['tune', '--cases', dir, '--knowledge', FIXTURE_KNOWLEDGE, '--dry-run', ...more]);
    const without = await tune();
    expect(without.code).toBe(0);
    expect(without.out.join('\n')).toMatch(/cases: 1, of which the development set 0;/);
    const withDev = await tune('--with-dev');
    expect(withDev.out.join('\n')).toMatch(/cases: 3, of which the development set 2;/);
  });

  it('exits 2 with file:line on a bad case file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fao-cases-'));
    writeFileSync(
      path.join(dir, 'bad.yaml'),
      '- {q: "x", expect: no-such-entry, lang: en}\n- {q: "y", expect: null, lang: fr}\n'
    );
    const { code, err } = await run(['eval', '--cases', dir, '--knowledge', FIXTURE_KNOWLEDGE]);
    expect(code).toBe(2);
    expect(err[0]).toMatch(/bad\.yaml:1: expect: "no-such-entry" is not an entry id/);
    expect(err[1]).toMatch(/bad\.yaml:2: lang: must be one of en, zh-Hans, zh-Hant/);
  });
});

describe('kb ask', () => {
  it('shows the decision, candidates with scores and the reply the user would see', async () => {
    const { code, out } = await run(['ask', '公務護照怎麼辦理？', '--knowledge', FIXTURE_KNOWLEDGE]);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^decision: answer/);
    expect(text).toMatch(/1\. \d\.\d{3} {2}passport-service/);
    expect(text).toContain('公務護照由肇慶市外事辦公室頒發');
  });

  it('explains usage on a bad command', async () => {
    const { code, err } = await run(['frobnicate']);
    expect(code).toBe(2);
    expect(err[0]).toMatch(/unknown command "frobnicate"/);
  });
});
