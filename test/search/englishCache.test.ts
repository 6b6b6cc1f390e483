import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { englishTokens } from '../../src/search/english';

/** Full garbage collection, so only what is still referenced counts. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('English word caches', () => {
  it('do not keep the long made-up words of user messages (a flood of them must not fill the heap)', () => {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    // 20,000 distinct 990-letter "words" (two-byte letters): cached, they would keep ~80 MB.
    const letters = 'бвгдежзийклмнопрстуф'.repeat(50);
    for (let i = 0; i < 20_000; i++) englishTokens(`${i.toString(36)}q${letters}`.slice(0, 990));
    // And 20,000 distinct word-sized words, each in a long message it must not keep alive (~40 MB).
    for (let i = 0; i < 20_000; i++) englishTokens(`w${i.toString(36)}zzzzzzzzzzzzzzzzzzzz ${letters}`);
    collectGarbage();
    const retainedMb = (process.memoryUsage().heapUsed - before) / 1e6;
    expect(retainedMb).toBeLessThan(25);
  });

  it('still stems long words the same way', () => {
    const word = 'internationalizations';
    expect(englishTokens(`${word} ${word}`)).toEqual(['internation', 'internation']);
  });
});
