/** kb init: a new office's folder that passes kb check, evaluates, serves, and never overwrites anything. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/kb';
import { createBotHarness, send } from '../helpers/bot';

async function kb(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, {});
  return { code, out, err };
}

const fresh = () => path.join(mkdtempSync(path.join(tmpdir(), 'fao-init-')), 'office');

describe('kb init', () => {
  it('scaffolds office.yaml, config.yaml, an example entry and cases/ that pass kb check and kb eval', async () => {
    const dir = fresh();
    const init = await kb(['init', dir, '--office', '某某市外事办公室: 测试', '--locale', 'zh-Hans']);
    expect(init.code).toBe(0);
    expect(init.out.join('\n')).toContain('entries/example.yaml');
    expect(readFileSync(path.join(dir, 'office.yaml'), 'utf8')).toContain(
      'zh-Hans: "某某市外事办公室: 测试"'
    );

    const check = await kb(['check', '--knowledge', dir]);
    expect(check).toMatchObject({ code: 0, err: [] });
    expect(check.out.at(-1)).toMatch(/1 entries in 3 files, version [0-9a-f]{12}; 0 errors, 0 warnings$/);

    const evaluation = await kb(['eval', '--knowledge', dir]);
    expect(evaluation.code).toBe(0);
    expect(evaluation.out.join('\n')).toContain('cases/example.yaml');

    const { adapter } = createBotHarness({ knowledgeDir: dir, defaultLocale: 'zh-Hans' });
    const [reply] = await send(adapter, { type: 'message', text: '这个助手能帮我做什么？' });
    expect(reply!.text).toContain('我是某某市外事办公室: 测试的自动问答助手');
  });

  it('writes the name in English with --locale en', async () => {
    const dir = fresh();
    expect(
      (await kb(['init', dir, '--office', 'Foreign Affairs Office of Example City', '--locale', 'en'])).code
    ).toBe(0);
    expect(readFileSync(path.join(dir, 'office.yaml'), 'utf8')).toMatch(
      /^ {4}en: "Foreign Affairs Office of Example City"$/m
    );
    expect((await kb(['check', '--knowledge', dir])).code).toBe(0);
  });

  it('refuses a folder that already has files, and bad arguments, without writing anything', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fao-init-'));
    writeFileSync(path.join(dir, 'office.yaml'), 'keep me\n');
    const taken = await kb(['init', dir, '--office', 'X']);
    expect(taken.code).toBe(2);
    expect(taken.err[0]).toMatch(/already exists and is not empty/);
    expect(readFileSync(path.join(dir, 'office.yaml'), 'utf8')).toBe('keep me\n');
    expect((await kb(['init', fresh()])).err[0]).toMatch(/needs --office/);
    expect((await kb(['init', fresh(), '--office', 'X', '--locale', 'zh-Hant'])).err[0]).toMatch(
      /--locale must be en or zh-Hans/
    );
    expect((await kb(['init', '--office', 'X'])).err[0]).toMatch(/needs one folder/);
  });
});
