/**
 * `kb ask "question"`: the matcher's decision and scores, then the reply exactly as a user would get
 * it, produced by the real bot through botbuilder's TestAdapter.
 */
import { MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import pino from 'pino';
import { FaoBot } from '../bot/faoBot';
import { createTranslator, DEFAULT_LOCALES_DIR, readLocaleResources } from '../language/i18n';
import { formatProblem } from '../knowledge';
import type { Locale } from '../language/locale';
import { removePersonalData } from '../logging/redact';
import { KnowledgeStore } from '../runtime/knowledgeStore';
import type { CliIO } from './args';

/** One reply as terminal text: the message, then its buttons and cards. */
export function renderActivity(activity: Partial<Activity>): string {
  const lines: string[] = [];
  if (activity.text) lines.push(activity.text);
  for (const attachment of activity.attachments ?? []) {
    const content = attachment.content as
      { title?: string; subtitle?: string; text?: string; body?: unknown } | undefined;
    const parts = [content?.title, content?.subtitle, content?.text].filter(Boolean);
    lines.push(
      `[card ${attachment.contentType}] ${parts.length ? parts.join(' / ') : JSON.stringify(content?.body ?? content).slice(0, 500)}`
    );
  }
  for (const action of activity.suggestedActions?.actions ?? []) lines.push(`  [button] ${action.title}`);
  return lines.join('\n');
}

export async function runAsk(
  knowledgeDir: string,
  question: string,
  locale: Locale | undefined,
  io: CliIO
): Promise<number> {
  const store = new KnowledgeStore(knowledgeDir);
  const outcome = store.reload();
  if (!outcome.ok) {
    for (const p of outcome.problems.filter((p) => p.severity === 'error')) io.stderr(formatProblem(p));
    return 1;
  }
  const { knowledge, matcher } = store.current();
  const result = matcher.match(removePersonalData(question));
  io.stdout(`decision: ${result.decision}   (terms: ${result.terms.join(' ') || '-'})`);
  io.stdout(
    `thresholds: answer >= ${knowledge.matching.answerThreshold}, suggest >= ${knowledge.matching.suggestThreshold}, margin >= ${knowledge.matching.minMargin}`
  );
  result.candidates.forEach((c, i) =>
    io.stdout(`  ${i + 1}. ${c.score.toFixed(3)}  ${c.id}  <- "${c.matchedQuestion}"`)
  );

  const bot = new FaoBot({
    knowledge: store,
    translate: createTranslator(readLocaleResources(DEFAULT_LOCALES_DIR)),
    storage: new MemoryStorage(),
    logger: pino({ level: 'silent' }),
    defaultLocale: locale ?? 'zh-Hans',
    maxMessageChars: 1000
  });
  const adapter = new TestAdapter((context) => bot.run(context));
  await adapter.receiveActivity({ type: 'message', text: question, locale });
  io.stdout('\n--- reply ---');
  for (const reply of adapter.activeQueue.splice(0)) {
    if (reply.type === 'message') io.stdout(`${renderActivity(reply)}\n`);
  }
  return 0;
}
