/**
 * What the bot's logs say about the wording users use for each entry. Pure: log records in, evidence
 * out. Events of one conversation are linked by their `chat` field (a random id the bot keeps in the
 * conversation's state; see ConversationData.chat), never by anything naming the user.
 *
 *   picked     a question got "did you mean" and the user then picked one of the offered entries
 *   retried    a question was answered, the answer got 👎, and the user's next question (or pick) was
 *              answered with another entry
 *   rephrased  a question got no match, and the user's next question (or did-you-mean pick) in the same
 *              chat was answered: the unanswered wording and the answered one are one question
 *   unanswered a question got no match (grouped and placed near an entry later, in proposals.ts)
 */
import { LogEvents } from '../../logging/logger';
import { redact } from '../../logging/redact';
import type { LogRecord } from '../report/logRecords';

export type EvidenceKind = 'picked' | 'retried' | 'rephrased';

/** A question and the entry the user's own actions say it belongs to. */
export interface Evidence {
  kind: EvidenceKind;
  /** The question as logged (masked), masked again here in case the log came from an older bot. */
  text: string;
  locale: string;
  entryId: string;
  time: number;
}

export interface Unanswered {
  text: string;
  locale: string;
  time: number;
}

export interface CollectedEvidence {
  evidence: Evidence[];
  unanswered: Unanswered[];
  /** Question events with no `chat` (logs from before it was logged): picks and 👎 cannot be linked. */
  unlinked: number;
}

/** A second try comes within minutes; later, the user is asking something else. */
const REPHRASE_WITHIN_MS = 5 * 60_000;

interface Asked {
  text: string;
  locale: string;
}

interface ChatState {
  /** The last question that got "did you mean", with the entries offered. */
  suggested?: Asked & { entryIds: readonly string[] };
  /** The last question answered, and with which entry. */
  answered?: Asked & { entryId: string };
  /** A question whose answer got 👎, waiting for the answer the user reaches next. */
  disliked?: Asked & { entryId: string };
  /** The last did-you-mean pick: a 👎 on its answer withdraws it. */
  pick?: Evidence;
  /** A question that got no match, waiting for the user's next try. */
  unmatched?: Asked & { time: number };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Records must be in time order (the reader sorts them). */
export function collectEvidence(records: readonly LogRecord[]): CollectedEvidence {
  const chats = new Map<string, ChatState>();
  const evidence: Evidence[] = [];
  const unanswered: Unanswered[] = [];
  let unlinked = 0;
  const stateOf = (chat: string) => {
    let state = chats.get(chat);
    if (!state) {
      state = {};
      chats.set(chat, state);
    }
    return state;
  };
  /** The answer after a 👎: the disliked question belongs to the entry reached now (if another). */
  const settleDisliked = (state: ChatState, entryId: string, time: number) => {
    const disliked = state.disliked;
    if (!disliked) return;
    state.disliked = undefined;
    if (disliked.entryId !== entryId)
      evidence.push({ kind: 'retried', text: disliked.text, locale: disliked.locale, entryId, time });
  };
  /** The answer after no match: the unanswered wording belongs to the entry reached now. */
  const settleUnmatched = (state: ChatState, entryId: string, time: number) => {
    const unmatched = state.unmatched;
    if (!unmatched) return;
    state.unmatched = undefined;
    if (time - unmatched.time > REPHRASE_WITHIN_MS) return; // a new visit, not a second try
    evidence.push({ kind: 'rephrased', text: unmatched.text, locale: unmatched.locale, entryId, time });
  };

  for (const { event, time, fields } of records) {
    const chat = str(fields.chat);
    const text = redact(str(fields.text) ?? '').trim();
    const locale = str(fields.locale) ?? 'unknown';
    switch (event) {
      case LogEvents.messageUnmatched:
        if (text) unanswered.push({ text, locale, time });
        if (!chat) unlinked++;
        else stateOf(chat).unmatched = text ? { text, locale, time } : undefined;
        break;
      case LogEvents.messageSuggested: {
        if (!chat) {
          unlinked++;
          break;
        }
        if (text) stateOf(chat).suggested = { text, locale, entryIds: stringList(fields.entryIds) };
        break;
      }
      case LogEvents.messageAnswered: {
        const entryId = str(fields.entryId);
        if (!chat) {
          unlinked++;
          break;
        }
        if (!entryId) break;
        const state = stateOf(chat);
        settleDisliked(state, entryId, time);
        settleUnmatched(state, entryId, time);
        state.answered = text ? { text, locale, entryId } : undefined;
        break;
      }
      case LogEvents.suggestionChosen: {
        const entryId = str(fields.entryId);
        if (!chat || !entryId) break;
        const state = stateOf(chat);
        settleDisliked(state, entryId, time);
        // Only a did-you-mean pick says the question meant this entry; a follow-up or topic button is a
        // new question without words.
        const suggested = state.suggested;
        if (fields.via === 'suggestion') settleUnmatched(state, entryId, time);
        if (fields.via === 'suggestion' && suggested && suggested.entryIds.includes(entryId)) {
          const pick: Evidence = {
            kind: 'picked',
            text: suggested.text,
            locale: suggested.locale,
            entryId,
            time
          };
          evidence.push(pick);
          state.pick = pick;
          state.suggested = undefined;
          // A 👎 now is about the picked entry's answer to that question.
          state.answered = { text: suggested.text, locale: suggested.locale, entryId };
        } else {
          state.answered = undefined; // a 👎 now is about a button's answer, not a typed question
        }
        break;
      }
      case LogEvents.feedbackGiven: {
        const entryId = str(fields.entryId);
        if (!chat || !entryId || fields.value !== 'not-helpful') break;
        const state = stateOf(chat);
        if (state.answered?.entryId !== entryId) break;
        state.disliked = state.answered;
        const pick = state.pick;
        if (pick && pick.entryId === entryId && pick.text === state.answered.text) {
          evidence.splice(evidence.lastIndexOf(pick), 1); // the pick was not what the user wanted
          state.pick = undefined;
        }
        break;
      }
      default:
        break;
    }
  }
  return { evidence, unanswered, unlinked };
}
