/**
 * The matcher a reload hands over from its worker thread matches exactly as one built in place:
 * same candidates, scores, decisions and alternatives for every question of the evaluation files
 * (and a few misspelt or homophone ones), over the shipped knowledge.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { load } from 'js-yaml';
import { readKnowledge } from '../../src/knowledge';
import { Matcher } from '../../src/search';
import { MatcherAssembler, transferChunks, transferList } from '../../src/runtime/matcherTransfer';

const ROOT = path.join(__dirname, '..', '..');

/** Questions of the tuning cases (never the blind set), as the evaluation reads them. */
function questions(): string[] {
  const dir = path.join(ROOT, 'test', 'cases');
  const out: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'q' && typeof inner === 'string') out.push(inner);
          else walk(inner);
        }
      }
    };
    walk(load(readFileSync(path.join(dir, file), 'utf8')));
  }
  return out;
}

describe('the matcher moved from the worker matches as the one built in place', () => {
  it('gives identical results, through a real message channel (structured clone, transferred arrays)', () => {
    const { knowledge } = readKnowledge(path.join(ROOT, 'knowledge'));
    if (!knowledge) throw new Error('knowledge/ does not load');
    const direct = new Matcher(knowledge);
    const assembler = new MatcherAssembler();
    const { port1, port2 } = new MessageChannel();
    try {
      for (const chunk of transferChunks(knowledge, new Matcher(knowledge))) {
        port1.postMessage(chunk, transferList(chunk));
        assembler.apply(receiveMessageOnPort(port2)!.message as typeof chunk);
      }
    } finally {
      port1.close();
    }
    const moved = assembler.finish();
    expect(moved.knowledge.entries.map((e) => e.id)).toEqual(knowledge.entries.map((e) => e.id));
    expect(moved.knowledge.byId.get('passport-service')?.answer).toEqual(
      knowledge.byId.get('passport-service')?.answer
    );
    const asked = [...questions(), '户照怎么办', 'pasport renewl', 'serivce passport', '', '!!!'];
    expect(asked.length).toBeGreaterThan(100);
    for (const question of asked) expect(moved.matcher.match(question)).toEqual(direct.match(question));
  });

  it('refuses to finish a transfer that lost chunks', () => {
    const { knowledge } = readKnowledge(path.join(ROOT, 'test', 'fixtures', 'knowledge'));
    const assembler = new MatcherAssembler();
    const chunks = [...transferChunks(knowledge!, new Matcher(knowledge!))];
    for (const chunk of chunks.filter((c) => c.kind !== 'entries')) assembler.apply(chunk);
    expect(() => assembler.finish()).toThrow(/incomplete/);
  });
});
