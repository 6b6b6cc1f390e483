/**
 * `kb init DIR --office "Name" [--locale en|zh-Hans]`: a new office's knowledge folder that passes
 * `kb check` from the start: office.yaml (the name; every other fact commented out until the office
 * publishes it), config.yaml, one commented example entry and an evaluation file in cases/.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CASES_FOLDER } from '../knowledge';
import { parse, UsageError, type CliIO } from './args';

type AuthoredLocale = 'en' | 'zh-Hans';

export interface InitOptions {
  dir: string;
  office: string;
  locale: AuthoredLocale;
  /** The review date written into the example entry (today). */
  today: string;
}

/** A YAML double-quoted string (the office name may contain ":" or quotes). */
function quoted(text: string): string {
  return JSON.stringify(text);
}

export function officeYaml({ office, locale }: InitOptions): string {
  const other: AuthoredLocale = locale === 'en' ? 'zh-Hans' : 'en';
  const otherHint = other === 'en' ? "the office's official English name" : '本办的中文名称';
  return `# The office's facts, written once: answers use them through placeholders ({{office.name}}, ...).
# Write only what the office officially publishes; leave a field out rather than guess. Without an
# address and phone numbers the contact card says they are not published (and points to the website,
# if one is given). See knowledge/README.md, "The office".
office:
  name:
    ${locale}: ${quoted(office)}
    # ${other}: ${otherHint}
  # website: https://www.example.gov.cn/
  # address: {en: "...", zh-Hans: "..."}
  # postcode: "000000"
  # phones: ["010-12345678"]          # in quotes, or YAML drops the leading zero
  # fax: "010-12345678"
  # email: office@example.gov.cn
  # hours:                            # only hours the office has announced
  #   timezone: Asia/Shanghai
  #   mon: "09:00-12:00, 14:00-17:00"
  # divisions:                        # the office's divisions, as published
  #   - id: general-office
  #     name: {en: General Office, zh-Hans: 办公室}
  #     handles: {en: "...", zh-Hans: "..."}
`;
}

export function configYaml(): string {
  return `# How sure the assistant must be before it answers (scores in [0, 1]). Measure every change with
# \`npm run kb -- eval --knowledge <this folder>\` (it reads ${CASES_FOLDER}/). See knowledge/README.md, "Tuning".
matching:
  answerThreshold: 0.34   # answer directly at or above this score
  suggestThreshold: 0.2   # between the two: "Did you mean ...?" with up to 3 choices
  minMargin: 0            # answer only when the best entry leads the second by this much
`;
}

export function exampleEntryYaml({ today }: InitOptions): string {
  return `# One entry, to copy for each question citizens ask. Every field is explained in knowledge/README.md,
# "An entry". Replace this example with the office's own topics, from its official material only.
entries:
  - id: about-this-assistant        # lowercase words joined by hyphens; unique in all files
    topic: office                   # groups entries for the menu and the weekly report
    questions:                      # how people ask: at least 6 per language; the first is the button title
      en:
        - What can this assistant help with?
        - what can you do
        - what can I ask you
        - how does this chat work
        - are you a real person
        - what is this service
      zh-Hans:
        - 这个助手能帮我做什么？
        - 你能做什么
        - 我可以问你什么
        - 这个在线咨询怎么用
        - 你是真人吗
        - 这是什么服务
    keywords:                       # optional: short, distinctive words
      en: [assistant, chat, bot, robot, automated]
      zh-Hans: [助手, 在线咨询, 机器人, 自动]
    answer:                         # Markdown; office facts only through placeholders
      en: |
        I am the automated assistant of the {{office.name}}. I answer questions about the office's work from its official information, in English, Simplified and Traditional Chinese.
      zh-Hans: |
        我是{{office.name}}的自动问答助手，根据本办公开的信息解答有关本办工作的问题，支持简体中文、繁体中文和英文。
    # division: general-office      # optional: the division that helps (an id from office.yaml)
    # followups: [another-entry-id] # optional: related entries, offered as buttons
    source: {en: "Set up with kb init (replace with the official source of each answer)", zh-Hans: "由 kb init 生成（请改为每条答案的官方出处）"}
    reviewed: ${today}              # the date someone last checked this answer
`;
}

export function casesYaml(): string {
  return `# Evaluation questions: how citizens would ask, with the entry that should answer (expect: null = out
# of scope, must not be answered). Write them BEFORE the entry and never copy them into the entries:
# they measure the assistant, they do not teach it. \`npm run kb -- eval --knowledge <this folder>\`.
- {q: "Is this chat automated?", expect: about-this-assistant, lang: en}
- {q: "what can the assistant help me with", expect: about-this-assistant, lang: en}
- {q: "你是机器人吗", expect: about-this-assistant, lang: zh-Hans}
- {q: "這個助手能做甚麼", expect: about-this-assistant, lang: zh-Hant}
- {q: "Where can I buy train tickets?", expect: null, lang: en}
- {q: "明天天气怎么样", expect: null, lang: zh-Hans}
`;
}

/** Writes the folder; refuses to touch a folder that already has files (nothing is ever overwritten). */
export function initKnowledge(options: InitOptions): string[] {
  if (existsSync(options.dir) && readdirSync(options.dir).length > 0)
    throw new UsageError(`${options.dir} already exists and is not empty; kb init only creates a new folder`);
  const files: [string, string][] = [
    ['office.yaml', officeYaml(options)],
    ['config.yaml', configYaml()],
    [path.join('entries', 'example.yaml'), exampleEntryYaml(options)],
    [path.join(CASES_FOLDER, 'example.yaml'), casesYaml()]
  ];
  for (const [name, text] of files) {
    const full = path.join(options.dir, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text, { flag: 'wx' });
  }
  return files.map(([name]) => name);
}

export function runInit(argv: string[], io: CliIO, now = new Date()): number {
  const { values, positionals } = parse(argv, { office: { type: 'string' }, locale: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('init needs one folder: kb init DIR --office "Name"');
  const office = values.office?.trim();
  if (!office) throw new UsageError('init needs --office "the office\'s name"');
  const locale = values.locale ?? 'zh-Hans';
  if (locale !== 'en' && locale !== 'zh-Hans')
    throw new UsageError(
      `--locale must be en or zh-Hans (the language the name is written in; Traditional is generated)`
    );
  const dir = path.resolve(positionals[0]!);
  const written = initKnowledge({ dir, office, locale, today: now.toISOString().slice(0, 10) });
  io.stdout(`Created ${dir}:`);
  for (const name of written) io.stdout(`  ${name}`);
  io.stdout(
    [
      '',
      'Next:',
      `  npm run kb -- check --knowledge ${positionals[0]}     # 0 errors, 0 warnings`,
      `  npm run kb -- eval --knowledge ${positionals[0]}      # reads ${CASES_FOLDER}/`,
      `  KNOWLEDGE_DIR=${positionals[0]} npm start              # serve it`,
      "Then add the office's facts to office.yaml and its topics to entries/ (knowledge/README.md)."
    ].join('\n')
  );
  return 0;
}
