/** A typed command (`help`, `restart`, ...): the topic menu; `restart` first forgets the conversation. */
import { detectScript } from '../../language/script';
import type { Command } from '../commands';
import { menuReply } from '../replies';
import type { Turn } from '../turn';

export async function runCommand(turn: Turn, command: Command, text: string): Promise<void> {
  const locale = turn.resolve(detectScript(text));
  if (command === 'restart') turn.state.updateConversation(() => ({}));
  const intro = turn.t(locale, command === 'restart' ? 'commands.restarted' : 'commands.menu');
  await turn.reply(menuReply(turn.view.knowledge, intro, locale, turn.services.translate), locale);
}
