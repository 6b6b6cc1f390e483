/** "Or did you mean": an answer carries up to two close runners-up as buttons (TestAdapter, real knowledge). */
import path from 'node:path';
import { loadKnowledge } from '../../src/knowledge';
import { Matcher } from '../../src/search';
import { createBotHarness, send } from '../helpers/bot';

const KNOWLEDGE = path.resolve(__dirname, '..', '..', 'knowledge');

describe('an answer with close runners-up', () => {
  // A question the matcher answers while two other entries score close (found, not assumed).
  const matcher = new Matcher(loadKnowledge(KNOWLEDGE));
  const question = [
    '我想办 passport',
    'passport application',
    '护照怎么办理',
    'how do I get a passport'
  ].find((q) => {
    const r = matcher.match(q);
    return r.decision === 'answer' && r.alternatives.length > 0;
  });

  it('exists in the shipped knowledge', () => {
    expect(question).toBeDefined();
  });

  it('shows the answer, "or did you mean" and the runners-up as buttons before the feedback', async () => {
    const result = matcher.match(question!);
    const { adapter, logs } = createBotHarness({ knowledgeDir: KNOWLEDGE, defaultLocale: 'zh-Hans' });
    const replies = await send(adapter, { type: 'message', text: question!, locale: 'zh-CN' });
    const message = replies.find((r) => r.type === 'message')!;
    expect(message.text).toMatch(/(Or did you mean:|或者您是想问：)/);
    const values = (message.suggestedActions?.actions ?? []).map((a) => JSON.stringify(a.value));
    // Each runner-up is a button: offered as "did you mean", or already there as a follow-up.
    for (const id of result.alternatives)
      expect(values.some((v) => v.includes(`"entryId":"${id}"`))).toBe(true);
    expect(values.some((v) => v.includes('"via":"suggestion"'))).toBe(true);
    expect(values.at(-1)).toMatch(/feedback/);
    expect(logs.find((l) => l.event === 'message.answered')).toMatchObject({
      entryId: result.candidates[0]!.id
    });
  });

  it('a clear answer has no "or did you mean"', async () => {
    const { adapter } = createBotHarness({ knowledgeDir: KNOWLEDGE, defaultLocale: 'en' });
    const replies = await send(adapter, {
      type: 'message',
      text: 'How do I apply for a service passport?',
      locale: 'en-US'
    });
    const message = replies.find((r) => r.type === 'message')!;
    expect(message.text).toMatch(/Service Passport/);
    expect(message.text).not.toMatch(/Or did you mean/);
  });
});
