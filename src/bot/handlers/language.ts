/** The user picks a language (button or typed request): remembered for the user, confirmed in it. */
import type { Locale } from '../../language/locale';
import { LogEvents } from '../../logging/logger';
import { menuReply } from '../replies';
import type { Turn } from '../turn';

export async function switchLanguage(turn: Turn, locale: Locale): Promise<void> {
  turn.state.updateProfile((profile) => ({ ...profile, locale }));
  turn.services.logger.info({ event: LogEvents.languageChanged, locale }, 'language changed');
  const intro = turn.t(locale, 'language.changed');
  await turn.reply(menuReply(turn.view.knowledge, intro, locale, turn.services.translate), locale);
}
