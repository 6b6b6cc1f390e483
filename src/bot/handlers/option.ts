/** A chosen option (a button's value, or a number or title typed while options are pending). */
import type { TextScript } from '../../language/locale';
import { LogEvents } from '../../logging/logger';
import { contactDetails, divisionFor } from '../contactCard';
import { menuOptions, topicEntries, topicTitle } from '../menu';
import type { OptionValue } from '../options';
import { contactReply, menuReply, textReply, topicReply } from '../replies';
import type { Turn } from '../turn';
import { entryReply } from './answer';
import { switchLanguage } from './language';

export async function chooseOption(turn: Turn, value: OptionValue, script: TextScript): Promise<void> {
  if (value.action === 'language') return switchLanguage(turn, value.locale);
  const { knowledge } = turn.view;
  const { translate: t, logger: log, now } = turn.services;
  const locale = turn.resolve(script);
  switch (value.action) {
    case 'answer': {
      const entry = knowledge.byId.get(value.entryId);
      if (!entry) break;
      log.info(
        {
          event: LogEvents.suggestionChosen,
          entryId: entry.id,
          locale,
          via: value.via ?? 'unknown',
          chat: turn.chat()
        },
        'suggestion chosen'
      );
      return turn.reply(entryReply(turn, entry, locale), locale);
    }
    case 'topic': {
      const entries = topicEntries(knowledge, value.topic);
      if (entries.length === 0) break;
      const title = topicTitle(value.topic, locale, t) ?? value.topic;
      return turn.reply(topicReply(title, entries, locale, t), locale);
    }
    case 'contact': {
      const contact = contactDetails(knowledge, divisionFor(knowledge.office, undefined), now(), locale, t);
      return turn.reply(contactReply(contact, knowledge, locale, t), locale);
    }
    case 'feedback': {
      const entry = knowledge.byId.get(value.entryId);
      if (!entry) break;
      log.info(
        { event: LogEvents.feedbackGiven, entryId: entry.id, locale, value: value.value, chat: turn.chat() },
        'feedback given'
      );
      if (value.value === 'helpful') return turn.reply(textReply(turn.t(locale, 'feedback.thanks')), locale);
      const contact = contactDetails(knowledge, divisionFor(knowledge.office, entry), now(), locale, t);
      return turn.reply(
        { text: turn.t(locale, 'feedback.sorry'), contact, options: menuOptions(knowledge, locale, t) },
        locale
      );
    }
  }
  // The button belongs to knowledge that has since changed.
  await turn.reply(menuReply(knowledge, turn.t(locale, 'options.stale'), locale, t), locale);
}
