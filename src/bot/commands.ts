/** Typed commands that steer the conversation rather than ask a question. Pure. */
import { TRAILING_PUNCTUATION, trimTrailing } from './text';

export type Command = 'menu' | 'restart';

const COMMANDS: Record<Command, readonly string[]> = {
  menu: [
    'help',
    'menu',
    'main menu',
    'topics',
    'start',
    '帮助',
    '菜单',
    '幫助',
    '選單',
    '菜單',
    '目录',
    '目錄'
  ],
  restart: ['restart', 'start over', 'reset', '重新开始', '重新開始', '重来', '重來']
};

const LOOKUP = new Map<string, Command>(
  (Object.keys(COMMANDS) as Command[]).flatMap((command) =>
    COMMANDS[command].map((word) => [word, command] as const)
  )
);

/** Trims, folds width and case, and drops a leading "/" (Telegram style) and trailing punctuation. */
export function normalizeCommandText(text: string): string {
  return trimTrailing(
    text.normalize('NFKC').trim().toLowerCase().replace(/^\//, ''),
    TRAILING_PUNCTUATION
  ).replace(/\s+/g, ' ');
}

/** The command a whole message is, or undefined. "help me with my visa" is a question, not a command. */
export function parseCommand(text: string): Command | undefined {
  return LOOKUP.get(normalizeCommandText(text));
}
