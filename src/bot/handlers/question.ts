/**
 * A question: personal data cut out first (it never reaches the matcher, the language choice or
 * the logs), then the matcher's decision - answer, "did you mean", or the contact card.
 */
import type { KnowledgeEntry } from '../../knowledge/types';
import { detectScript } from '../../language/script';
import { LogEvents } from '../../logging/logger';
import { cutPersonalData, loggableText, publicContacts, scanPersonalData } from '../../logging/redact';
import { candidateDivision, contactDetails } from '../contactCard';
import { includesSensitiveNumbers } from '../input';
import { menuReply, noMatchReply, suggestionReply } from '../replies';
import type { Turn } from '../turn';
import { entryReply } from './answer';
import { compileSmallTalk, questionPart } from '../smallTalk';
import { answerSmallTalk } from './smallTalk';

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export async function answerQuestion(turn: Turn, text: string): Promise<void> {
  const { view, context } = turn;
  const { translate: t, logger: log, now } = turn.services;
  // The office's own phones, fax and e-mail are not personal data: they stay in the log and the question.
  const { office } = view.knowledge;
  const scan = scanPersonalData(text, publicContacts([...office.phones, office.fax, office.email]));
  const question = cutPersonalData(scan);
  const script = detectScript(question);
  const locale = turn.resolve(script);

  if (includesSensitiveNumbers(scan.findings)) {
    log.info(
      { event: LogEvents.messageRejected, reason: 'personalData', locale },
      'personal data in message'
    );
    // The local Direct Line keeps only a masked copy in its transcript; other channels keep their own.
    const channelData = context.activity.channelData as Record<string, unknown> | undefined;
    const masked = channelData?.transcriptMasked === true;
    await turn.say(turn.t(locale, masked ? 'privacy.masked' : 'privacy.notStored'), locale);
    if (!/[\p{L}]/u.test(question)) {
      return turn.reply(menuReply(view.knowledge, turn.t(locale, 'privacy.askQuestion'), locale, t), locale);
    }
  }
  if (script === 'unsupported') {
    log.info({ event: LogEvents.messageRejected, reason: 'unsupportedLanguage', locale }, 'message rejected');
    return turn.reply(
      menuReply(view.knowledge, turn.t(locale, 'input.unsupportedLanguage'), locale, t),
      locale
    );
  }

  if (await answerSmallTalk(turn, question, locale)) return;

  // Small talk around a question ("thanks, and where is your office?") is not part of it.
  const result = view.matcher.match(questionPart(question, compileSmallTalk(view.knowledge.smallTalk)));
  const top = result.candidates[0];
  const base = {
    locale,
    score: top ? round(top.score) : 0,
    text: loggableText(scan),
    channel: context.activity.channelId,
    chat: turn.chat()
  };
  const latencyMs = () => round(performance.now() - turn.started);

  if (result.decision === 'answer' && top) {
    const entry = view.knowledge.byId.get(top.id)!;
    log.info(
      { event: LogEvents.messageAnswered, entryId: entry.id, ...base, latencyMs: latencyMs() },
      'answered'
    );
    const alternatives = result.alternatives
      .map((id) => view.knowledge.byId.get(id))
      .filter((e): e is KnowledgeEntry => e !== undefined);
    return turn.reply(entryReply(turn, entry, locale, alternatives), locale);
  }
  if (result.decision === 'suggest') {
    const entries = result.candidates
      .slice(0, 3)
      .map((c) => view.knowledge.byId.get(c.id))
      .filter((e): e is KnowledgeEntry => e !== undefined);
    log.info(
      {
        event: LogEvents.messageSuggested,
        entryIds: entries.map((e) => e.id),
        ...base,
        latencyMs: latencyMs()
      },
      'suggested'
    );
    return turn.reply(suggestionReply(entries, locale, t), locale);
  }
  // Only a real candidate hints at the division most likely to help; otherwise the general office.
  const division = candidateDivision(view.knowledge, top);
  log.info(
    { event: LogEvents.messageUnmatched, ...base, division: division?.id, latencyMs: latencyMs() },
    'unmatched'
  );
  const contact = contactDetails(view.knowledge, division, now(), locale, t);
  await turn.reply(noMatchReply(contact, view.knowledge, locale, t), locale);
}
