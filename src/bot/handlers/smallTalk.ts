/**
 * Small talk (greetings, thanks, goodbye, "who are you") and requests for a person or to complain,
 * recognised before the knowledge is searched (the phrases are the knowledge's smalltalk lists).
 */
import type { Locale } from '../../language/locale';
import { LogEvents } from '../../logging/logger';
import { candidateDivision, contactDetails } from '../contactCard';
import { handoffReply, smallTalkReply } from '../replies';
import { compileSmallTalk, matchSmallTalk } from '../smallTalk';
import type { Turn } from '../turn';

/** Answers the message when it is small talk or asks for a person; false when it is a question. */
export async function answerSmallTalk(turn: Turn, question: string, locale: Locale): Promise<boolean> {
  const { knowledge, matcher } = turn.view;
  const { translate: t, logger: log, now } = turn.services;
  const talk = matchSmallTalk(question, compileSmallTalk(knowledge.smallTalk));
  if (!talk) return false;
  const channel = turn.context.activity.channelId;
  if (talk.intent === 'human' || talk.intent === 'complaint') {
    // "A real person about my passport": the question part still names the division most likely to help.
    const top = talk.intent === 'human' ? matcher.match(question).candidates[0] : undefined;
    const division = candidateDivision(knowledge, top);
    log.info(
      { event: LogEvents.handoffRequested, reason: talk.intent, locale, division: division?.id, channel },
      'handoff requested'
    );
    const contact = contactDetails(knowledge, division, now(), locale, t);
    await turn.reply(handoffReply(talk.intent, contact, knowledge, locale, t), locale);
    return true;
  }
  log.info({ event: LogEvents.smallTalkAnswered, intent: talk.intent, locale, channel }, 'small talk');
  await turn.reply(smallTalkReply(talk.intent, knowledge, locale, t), locale);
  return true;
}
