/** kb check: near-duplicate questions across entries, and a YAML syntax error reported alone. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/kb';
import { findDuplicateQuestions } from '../../src/cli/check';
import { loadKnowledge } from '../../src/knowledge';

const KNOWLEDGE = path.resolve(__dirname, '..', '..', 'knowledge');

async function check(dir: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['check', '--knowledge', dir],
    { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
    {}
  );
  return { code, out, err };
}

function copyOfKnowledge(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fao-check-'));
  cpSync(KNOWLEDGE, dir, { recursive: true });
  return dir;
}

/** Adds a question to the first entry of a file, in one language, by editing the text. */
function addQuestion(dir: string, file: string, locale: 'en' | 'zh-Hans', question: string): void {
  const full = path.join(dir, 'entries', file);
  const text = readFileSync(full, 'utf8');
  const at = text.indexOf(`      ${locale}:\n`);
  const next = text.indexOf('\n', at) + 1;
  writeFileSync(full, `${text.slice(0, next)}        - ${question}\n${text.slice(next)}`);
}

describe('kb check', () => {
  it('passes the shipped knowledge without warnings', async () => {
    const { code, out } = await check(KNOWLEDGE);
    expect(code).toBe(0);
    expect(out.at(-1)).toMatch(/0 errors, 0 warnings$/);
  });

  it("warns when a new question is nearly the same as another entry's, naming both entries", async () => {
    const dir = copyOfKnowledge();
    // passport-public-affairs gets a question that is passport-service's title in other words.
    addQuestion(dir, 'passports.yaml', 'en', 'how can I apply for the service passport please');
    addQuestion(dir, 'passports.yaml', 'zh-Hans', '请问怎样申请公务护照呢');
    const { code, out } = await check(dir);
    expect(code).toBe(0);
    const warnings = out.filter((l) => l.includes('warning:'));
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(
      /passport-service: questions\.en: .*"how can I apply for the service passport please" of entry passport-public-affairs/
    );
    expect(warnings.join('\n')).toMatch(
      /passport-service: questions\.zh-Hans: .*"请问怎样申请公务护照呢" of entry passport-public-affairs/
    );
  });

  it('after a YAML syntax error reports only that error, not its consequences elsewhere', async () => {
    const dir = copyOfKnowledge();
    const file = path.join(dir, 'entries', 'passports.yaml');
    // One space too few before a field of the first entry: the whole file cannot be read.
    writeFileSync(file, readFileSync(file, 'utf8').replace('    keywords:', '   keywords:'));
    const { code, out, err } = await check(dir);
    expect(code).toBe(1);
    expect(out.filter((l) => l.includes('warning:'))).toEqual([]);
    expect(err).toEqual([
      expect.stringMatching(
        /^entries\/passports\.yaml:\d+: YAML syntax: bad indentation of a sequence entry \(/
      ),
      expect.stringMatching(/1 errors, 0 warnings - the bot will not load this knowledge$/)
    ]);
  });

  describe('what a running server would refuse as a reload', () => {
    const git = (dir: string, ...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=Staff', '-c', 'user.email=staff@example.invalid', ...args], {
        cwd: dir,
        stdio: 'ignore'
      });

    it('warns when more than 20% of the committed entries are gone', async () => {
      const dir = copyOfKnowledge();
      try {
        git(dir, 'init', '-q');
        git(dir, 'add', '.');
        git(dir, 'commit', '-q', '-m', 'knowledge');
        expect((await check(dir)).out.join('\n')).not.toMatch(/last commit/);
        for (const file of ['contact.yaml', 'exchanges.yaml', 'overseas-chinese.yaml'])
          unlinkSync(path.join(dir, 'entries', file));
        const { code, out } = await check(dir);
        expect(code).toBe(0); // a warning: staff may mean it, and restart the server
        expect(out.join('\n')).toMatch(
          /compared with the last commit \(24 entries\), the reload would drop 13 of 24 entries \(54%/
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('fails a folder without entries', async () => {
      const dir = copyOfKnowledge();
      try {
        for (const file of readdirSync(path.join(dir, 'entries')))
          unlinkSync(path.join(dir, 'entries', file));
        const { code, err } = await check(dir);
        expect(code).toBe(1);
        expect(err.join('\n')).toMatch(/no entries: the server does not serve/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('findDuplicateQuestions', () => {
  it('finds exactly the pairs every-pair comparison finds (its prefix filter misses none)', () => {
    // The shipped knowledge with near-copies of other entries' questions planted across entries.
    const knowledge = loadKnowledge(KNOWLEDGE);
    const entries = knowledge.entries.map((entry, i) => {
      const donor = knowledge.entries[(i + 1) % knowledge.entries.length]!;
      // One word more than the donor's question: nearly the same, not the same.
      const plant = (list: readonly string[], word: string) => list.slice(0, 6).map((q) => `${q} ${word}`);
      return {
        ...entry,
        questions: {
          ...entry.questions,
          en: [...entry.questions.en, ...plant(donor.questions.en, 'quickly')],
          'zh-Hans': [...entry.questions['zh-Hans'], ...plant(donor.questions['zh-Hans'], '呀')]
        }
      };
    });
    const planted = { ...knowledge, entries };
    const found = findDuplicateQuestions(planted);
    expect(found.filter((p) => p.message.includes(' is nearly the same as ')).length).toBeGreaterThan(10);
    expect(found).toEqual(findDuplicateQuestions(planted, { everyPair: true }));
  });
});
