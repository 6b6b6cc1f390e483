/** The reply for one knowledge entry (with the contact card for `card: contact` entries). */
import type { KnowledgeEntry } from '../../knowledge/types';
import type { Locale } from '../../language/locale';
import { contactDetails, divisionFor } from '../contactCard';
import { answerReply, type Reply } from '../replies';
import type { Turn } from '../turn';

/** `alternatives`: close runners-up offered as "or did you mean" buttons. */
export function entryReply(
  turn: Turn,
  entry: KnowledgeEntry,
  locale: Locale,
  alternatives: readonly KnowledgeEntry[] = []
): Reply {
  const { knowledge } = turn.view;
  const { translate, now } = turn.services;
  const contact =
    entry.card === 'contact'
      ? contactDetails(knowledge, divisionFor(knowledge.office, entry), now(), locale, translate)
      : undefined;
  return answerReply(entry, knowledge, locale, translate, contact, alternatives);
}
