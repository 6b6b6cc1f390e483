import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { runReport } from '../../src/cli/report';
import { groupSimilarQuestions, questionKey, type AskedQuestion } from '../../src/cli/report/cluster';
import { jaccard } from '../../src/search/similarity';
import { tokenize } from '../../src/search';
import { parseLogLine } from '../../src/cli/report/logRecords';
import { escapeHtml } from '../../src/http/html';
import { FIXTURE_KNOWLEDGE, messageActivity, postActivity, startApp } from '../helpers/server';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runReport(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) }
  });
  return { code, stdout, stderr };
}

const line = (time: string, event: string, fields: Record<string, unknown>) =>
  JSON.stringify({ level: 'info', time, service: 'fao-assistant', event, ...fields, msg: event });

describe('question grouping', () => {
  it('treats case, punctuation, width and script as the same wording', () => {
    expect(questionKey('How do I get a VISA??')).toBe(questionKey('how do i get a visa'));
    expect(questionKey('簽證怎麼辦？')).toBe(questionKey('签证怎么办'));
  });

  it('groups similar wordings, most frequent first, and keeps different questions apart', () => {
    const groups = groupSimilarQuestions([
      { text: 'How do I get a work visa?', locale: 'en' },
      { text: 'how do i get a work visa', locale: 'en' },
      { text: 'How can I get a work visa', locale: 'en' },
      { text: 'work visa how to get', locale: 'en' },
      { text: '工作签证怎么办理', locale: 'zh-Hans' },
      { text: '工作簽證怎麼辦理', locale: 'zh-Hant' },
      { text: 'Where is the nearest hospital?', locale: 'en' }
    ]);
    expect(groups.map((g) => g.count)).toEqual([4, 2, 1]);
    expect(groups[0]!.text).toBe('How do I get a work visa?');
    expect(groups[1]!.locales).toEqual({ 'zh-Hans': 1, 'zh-Hant': 1 });
    expect(groups[2]!.text).toMatch(/hospital/);
  });

  it('computes Jaccard overlap', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3);
    expect(jaccard(new Set(), new Set(['a']))).toBe(0);
  });

  it('skips lines that are not log records and ignores other events', () => {
    expect(parseLogLine('    at Object.<anonymous> (x.js:1:1)')).toBeNull();
    expect(parseLogLine('{"broken": ')).toBeNull();
    expect(parseLogLine(line('2026-11-20T01:00:00.000Z', 'server.started', {}))).toBeUndefined();
    expect(
      parseLogLine(JSON.stringify({ event: 'message.unmatched', time: 1763600000000, text: 'x' }))
    ).toMatchObject({ event: 'message.unmatched', time: 1763600000000 });
  });
});

describe('kb report', () => {
  let dir: string;
  let plain: string;
  let gzipped: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kb-report-'));
    // A real log: the real bot answering real questions over HTTP.
    const running = await startApp({ RATE_LIMIT_PER_SECOND: '0' });
    const asked = [
      'How do I apply for a service passport?',
      '公务护照怎么办理？',
      '公務護照怎麼辦理？',
      'public affairs passport',
      'How do I apply for a service passport?',
      'Where can I buy train tickets?',
      'where can i buy train tickets',
      'Where can I buy a train ticket? my phone is 13812345678',
      '哪里可以看病',
      'What is the weather like tomorrow?',
      'passport'
    ];
    for (const text of asked) await postActivity(running.baseUrl, messageActivity(text));
    await running.close();
    const lines = running.logs.map((l) => JSON.stringify(l));
    // Events the bot of this branch may not emit yet, in the logged shape of the context's contract.
    lines.push(
      line('2026-11-20T02:10:00.000Z', 'feedback.given', {
        entryId: 'passport-service',
        locale: 'en',
        value: 'helpful'
      }),
      line('2026-11-20T02:11:00.000Z', 'feedback.given', {
        entryId: 'passport-service',
        locale: 'en',
        value: 'not-helpful'
      }),
      line('2026-11-20T02:12:00.000Z', 'feedback.given', {
        entryId: 'passport-service',
        locale: 'zh-Hans',
        value: 'not-helpful'
      }),
      line('2026-11-20T02:13:00.000Z', 'suggestion.chosen', {
        entryId: 'passport-public-affairs',
        locale: 'en'
      }),
      // Logged since buttons say which list offered them: a did-you-mean pick and a follow-up click.
      line('2026-11-20T02:14:00.000Z', 'suggestion.chosen', {
        entryId: 'passport-public-affairs',
        locale: 'en',
        via: 'suggestion'
      }),
      line('2026-11-20T02:15:00.000Z', 'suggestion.chosen', {
        entryId: 'passport-service',
        locale: 'en',
        via: 'followup'
      }),
      line('2026-11-19T03:00:00.000Z', 'message.unmatched', {
        text: 'An <script>alert(1)</script> question | with a pipe',
        locale: 'en'
      }),
      'Error: something else wrote to this file',
      '    at somewhere (file.js:1:1)'
    );
    plain = path.join(dir, 'bot.log');
    gzipped = path.join(dir, 'bot.log.1.gz');
    writeFileSync(plain, `${lines.join('\n')}\n`);
    writeFileSync(gzipped, gzipSync(`${lines.join('\n')}\n`));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a real log as JSON: totals, unanswered groups, answers per entry and language', async () => {
    const { code, stdout, stderr } = await run([
      '--format',
      'json',
      '--knowledge',
      FIXTURE_KNOWLEDGE,
      '--timezone',
      'Asia/Shanghai',
      plain
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/2 of \d+ lines were not bot log records/);
    const report = JSON.parse(stdout);
    // The follow-up click is an answer, but not a did-you-mean choice.
    expect(report.totals).toMatchObject({
      answered: 5,
      feedback: 3,
      suggestionsChosen: 2,
      otherButtonAnswers: 1
    });
    expect(report.totals.questions).toBe(
      report.totals.answered + report.totals.suggested + report.totals.unmatched
    );
    const train = report.unanswered.find((g: { text: string }) => /train/i.test(g.text));
    expect(train.count).toBe(3);
    expect(report.unanswered[0].count).toBe(3); // most frequent first
    expect(JSON.stringify(report)).not.toContain('13812345678');
    expect(JSON.stringify(report)).toContain('[phone]');
    const service = report.answersPerEntry.find((e: { entryId: string }) => e.entryId === 'passport-service');
    expect(service).toMatchObject({
      topic: 'passports',
      total: 5,
      perLocale: { en: 3, 'zh-Hans': 1, 'zh-Hant': 1 }
    });
    // Picked buttons are answers too (the English ones above).
    expect(report.answersPerLocale).toMatchObject({ en: 6, 'zh-Hans': 1, 'zh-Hant': 1 });
    expect(report.feedback[0]).toMatchObject({ entryId: 'passport-service', helpful: 1, notHelpful: 2 });
    expect(
      report.didYouMean.entries.find((e: { entryId: string }) => e.entryId === 'passport-public-affairs')
    ).toMatchObject({ chosen: 2 });
    expect(
      report.didYouMean.entries.find((e: { entryId: string }) => e.entryId === 'passport-service')
    ).toMatchObject({ chosen: 0 }); // offered once; the follow-up click is not a pick
    expect(report.answersPerTopic[0]).toEqual({ topic: 'passports', total: 8 });
    expect(report.busiestHours[0].questions).toBeGreaterThan(0);
  });

  it('reads gzip logs the same as plain ones', async () => {
    const asJson = (file: string) =>
      run(['--format', 'json', '--knowledge', FIXTURE_KNOWLEDGE, '--timezone', 'UTC', file]);
    const fromPlain = await asJson(plain);
    const fromGzip = await asJson(gzipped);
    expect(fromGzip.code).toBe(0);
    expect(fromGzip.stdout).toBe(fromPlain.stdout);
    const both = JSON.parse((await run(['--format', 'json', '--timezone', 'UTC', plain, gzipped])).stdout);
    expect(both.totals.answered).toBe(10);
  });

  it('filters by --since and --until, whole days in the report time zone', async () => {
    const onlyNov19 = JSON.parse(
      (
        await run([
          '--format',
          'json',
          '--timezone',
          'UTC',
          '--since',
          '2026-11-19',
          '--until',
          '2026-11-19',
          plain
        ])
      ).stdout
    );
    expect(onlyNov19.totals).toMatchObject({ questions: 1, unmatched: 1, answered: 0 });
    const exact = JSON.parse(
      (
        await run([
          '--format',
          'json',
          '--since',
          '2026-11-20T02:11:30Z',
          '--until',
          '2026-11-20T02:12:30Z',
          plain
        ])
      ).stdout
    );
    expect(exact.totals).toMatchObject({ feedback: 1, questions: 0 });
  });

  it('prints markdown tables for staff, with user text that cannot break the table', async () => {
    const { code, stdout } = await run(['--knowledge', FIXTURE_KNOWLEDGE, plain]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# FAO Assistant - usage report/);
    for (const title of [
      'Questions without an answer',
      'Did-you-mean choices offered',
      'Feedback per entry',
      'Answers per entry',
      'Answers per language',
      'Busiest hours'
    ]) {
      expect(stdout).toContain(`## ${title}`);
    }
    expect(stdout).toContain('question \\| with a pipe');
  });

  it('writes one self-contained HTML file with bar charts and escaped text', async () => {
    const { code, stdout } = await run([
      '--format=html',
      '--knowledge',
      FIXTURE_KNOWLEDGE,
      '--timezone',
      'UTC',
      plain
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^<!doctype html>/);
    expect(stdout).toContain('<svg role="img" aria-label="Answers per topic"');
    expect(stdout).toContain('aria-label="Answers per day"');
    expect(stdout).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(stdout).not.toMatch(/<script|<link|src="http|href="http|@import/i);
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it.each([
    [[], /no log file given/],
    [['--format', 'pdf', 'x.log'], /--format "pdf"/],
    [['--since', 'last tuesday', 'x.log'], /--since "last tuesday" is not a date/],
    [['--timezone', 'Mars/Olympus', 'x.log'], /not a known time zone/],
    [['--top', '0', 'x.log'], /--top "0"/],
    [['--bogus', 'x.log'], /unknown option --bogus/],
    [['--since'], /--since needs a value/]
  ])('refuses bad arguments %j with a clear message and exit code 2', async (argv, message) => {
    const { code, stderr } = await run(argv as string[]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('Usage: kb report');
  });

  it('names a missing or unreadable file and exits 1', async () => {
    const missing = await run([path.join(dir, 'nope.log')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.log: no such file/);
    const corrupt = path.join(dir, 'corrupt.gz');
    writeFileSync(corrupt, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
    const bad = await run([corrupt]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/cannot read .*corrupt\.gz/);
  });

  it('prints help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--format FORMAT');
  });
});

describe('kb report on hostile log lines', () => {
  it('skips impossible times and counts ids named like Object.prototype members', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fao-report-junk-'));
    const file = path.join(dir, 'bot.log');
    const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 'info', ...fields });
    writeFileSync(
      file,
      [
        line({ time: 1e300, event: 'message.answered', entryId: 'a', locale: 'en' }),
        line({
          time: '2026-11-20T08:00:00Z',
          event: 'message.answered',
          entryId: 'hasOwnProperty',
          locale: 'en'
        }),
        line({
          time: '2026-11-20T09:00:00Z',
          event: 'message.answered',
          entryId: 'hasOwnProperty',
          locale: 'en'
        })
      ].join('\n')
    );
    try {
      const out: string[] = [];
      const code = await runReport(['--format', 'json', '--knowledge', FIXTURE_KNOWLEDGE, file], {
        stdout: { write: (t: string) => out.push(t) },
        stderr: { write: () => true }
      });
      expect(code).toBe(0);
      const text = out.join('');
      expect(text).not.toContain('native code');
      expect(text).toMatch(/"hasOwnProperty"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('question grouping finds the same groups as comparing with every group', () => {
  /** The reference: every existing group is a candidate; the most similar, earliest on ties, wins. */
  function bruteForce(asked: AskedQuestion[], threshold = 0.5): { text: string; count: number }[] {
    const counts = new Map<string, { text: string; count: number }>();
    for (const q of asked) {
      const key = questionKey(q.text);
      const w = counts.get(key) ?? { text: q.text.trim(), count: 0 };
      w.count++;
      counts.set(key, w);
    }
    const ordered = [...counts.values()].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));
    const groups: { text: string; count: number; tokens: Set<string> }[] = [];
    for (const w of ordered) {
      const tokens = new Set(tokenize(w.text));
      let best: (typeof groups)[number] | undefined;
      let bestScore = threshold;
      for (const g of groups) {
        const score = jaccard(tokens, g.tokens);
        if (score > bestScore || (score === bestScore && !best)) {
          best = g;
          bestScore = score;
        }
      }
      if (best) best.count += w.count;
      else groups.push({ text: w.text, count: w.count, tokens });
    }
    return groups
      .map(({ text, count }) => ({ text, count }))
      .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));
  }

  it('on 2,000 wordings sharing common words and characters', () => {
    const words = [
      'how',
      'do',
      'i',
      'get',
      'visa',
      'passport',
      'office',
      'phone',
      'apply',
      'the',
      'for',
      'fee'
    ];
    const han = '护照签证办理怎么外办电话地址申请的吗在哪里';
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const asked: AskedQuestion[] = [];
    for (let i = 0; i < 2000; i++) {
      if (i % 2 === 0) {
        const n = 3 + random(5);
        asked.push({ text: Array.from({ length: n }, () => words[random(words.length)]).join(' ') });
      } else {
        const n = 4 + random(6);
        asked.push({ text: Array.from({ length: n }, () => han[random(han.length)]).join('') });
      }
    }
    const fast = groupSimilarQuestions(asked).map(({ text, count }) => ({ text, count }));
    expect(fast).toEqual(bruteForce(asked));
    expect(fast.length).toBeGreaterThan(50);
  });
});
