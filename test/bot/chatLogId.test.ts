/**
 * The `chat` field of the question, pick and feedback events: one random id per conversation, kept
 * in its state, so `kb suggest` can follow a question to the pick or the 👎 after it - and never the
 * channel's conversation or user id (a WeChat conversation id is the user's OpenID).
 */
import type { Activity } from 'botbuilder';
import { LogEvents } from '../../src/logging/logger';
import { createBotHarness, send } from '../helpers/bot';

const QUESTION_EVENTS: readonly string[] = [
  LogEvents.messageAnswered,
  LogEvents.messageSuggested,
  LogEvents.messageUnmatched,
  LogEvents.suggestionChosen,
  LogEvents.feedbackGiven
];

function valuesOf(reply: Partial<Activity> | undefined): Record<string, unknown>[] {
  const actions = (reply?.suggestedActions?.actions ?? []) as { value?: unknown }[];
  const cards = (reply?.attachments ?? []).flatMap(
    (a) =>
      ((a.content as { buttons?: { value?: unknown }[] } | undefined)?.buttons ?? []) as { value?: unknown }[]
  );
  return [...actions, ...cards]
    .map((a) => a.value)
    .filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
}

describe('the chat id in the logs', () => {
  it('is one random id per conversation on every question, pick and feedback event', async () => {
    const { adapter, logs } = createBotHarness();
    const other = {
      conversation: { id: 'second-conversation', isGroup: false, conversationType: '', name: '' }
    };

    const [suggested] = await send(adapter, 'passport');
    const pick = valuesOf(suggested).find((v) => v.action === 'answer' && v.via === 'suggestion');
    expect(pick).toBeDefined();
    const [answer] = await send(adapter, { type: 'message', value: pick });
    const notHelpful = valuesOf(answer).find((v) => v.action === 'feedback' && v.value === 'not-helpful');
    expect(notHelpful).toBeDefined();
    await send(adapter, { type: 'message', value: notHelpful });
    await send(adapter, { type: 'message', text: 'How do I apply for a service passport?', ...other });
    await send(adapter, 'xyzzy plugh');

    const events = logs.filter((l) => QUESTION_EVENTS.includes(l.event as string));
    expect(events.map((l) => l.event)).toEqual([
      LogEvents.messageSuggested,
      LogEvents.suggestionChosen,
      LogEvents.feedbackGiven,
      LogEvents.messageAnswered,
      LogEvents.messageUnmatched
    ]);
    const chats = events.map((l) => l.chat);
    for (const chat of chats) expect(chat).toMatch(/^[A-Za-z0-9_-]{12}$/);
    const first = chats[0];
    expect([chats[1], chats[2], chats[4]]).toEqual([first, first, first]);
    expect(chats[3]).not.toBe(first);
    // Not derived from the channel's ids.
    const ids = [
      adapter.conversation.conversation.id,
      adapter.conversation.user?.id ?? 'user',
      'second-conversation'
    ];
    for (const line of logs) for (const id of ids) expect(JSON.stringify(line)).not.toContain(id);
  });
});
