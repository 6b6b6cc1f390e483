/**
 * WeChat tools: `npm run wechat -- <command>`.
 *   menu [--file FILE] [--dry-run]   publish knowledge/wechat-menu.yaml as the account's menu
 */
import path from 'node:path';
import dotenv from 'dotenv';
import { loadConfig, ConfigError } from '../config';
import { WeChatApi } from '../channels/wechat/api';
import { formatMenuProblem, readMenuFile } from '../channels/wechat/menu';
import { MemoryWeChatStore } from '../channels/wechat/store';
import { readKnowledge } from '../knowledge';
import { parse, processIO, UsageError, type CliIO } from './args';

const USAGE = `Usage: npm run wechat -- <command> [options]

  menu [--file FILE] [--dry-run]   publish the custom menu (default FILE: <KNOWLEDGE_DIR>/wechat-menu.yaml)
                                   through WeChat's API; --dry-run prints the request instead of sending it

Needs WECHAT_TOKEN, WECHAT_APP_ID and WECHAT_APP_SECRET (environment or .env), except with --dry-run.`;

export async function main(
  argv: string[],
  io: CliIO = processIO,
  env: Record<string, string | undefined> = process.env
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command !== 'menu')
      throw new UsageError(command ? `unknown command "${command}"` : 'a command is needed');
    const { values } = parse(rest, { file: { type: 'string' }, 'dry-run': { type: 'boolean' } });
    const config = loadConfig(env);
    const file = path.resolve(values.file ?? path.join(config.knowledgeDir, 'wechat-menu.yaml'));
    const { menu, problems, topics } = readMenuFile(file);
    if (!menu) {
      problems.forEach((p) => io.stderr(formatMenuProblem(p)));
      return 1;
    }
    // A topic the knowledge has no entries for would answer "this option is out of date".
    const { knowledge } = readKnowledge(config.knowledgeDir);
    if (knowledge) {
      const known = new Set(knowledge.entries.map((e) => e.topic));
      const unknown = topics.filter((t) => !known.has(t));
      if (unknown.length > 0) {
        io.stderr(`${file}: topics without entries in ${config.knowledgeDir}: ${unknown.join(', ')}`);
        return 1;
      }
    }
    const body = JSON.stringify(menu, null, 2);
    if (values['dry-run']) {
      io.stdout(`POST /cgi-bin/menu/create?access_token=...\n${body}`);
      return 0;
    }
    if (!config.wechat) throw new UsageError('set WECHAT_TOKEN, WECHAT_APP_ID and WECHAT_APP_SECRET first');
    const api = new WeChatApi({
      baseUrl: config.wechat.apiBaseUrl,
      appId: config.wechat.appId,
      appSecret: config.wechat.appSecret,
      store: new MemoryWeChatStore()
    });
    await api.createMenu(menu);
    io.stdout(
      `Menu published (${menu.button.length} buttons). WeChat users see it within a few minutes, or when they re-follow.`
    );
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr(error.message);
      return 2;
    }
    io.stderr(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

if (require.main === module) {
  dotenv.config({ quiet: true }); // as the server: .env is optional, real environment variables win
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
