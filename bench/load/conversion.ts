/**
 * Chinese conversion, before (opencc-js's trie converters, as src/language/chinese.ts used them) and
 * now, in one process: heap retained by each and time per text. Measurement only, not part of
 * `npm run bench`. Usage: npx tsx --expose-gc bench/load/conversion.ts  (or node --expose-gc --import tsx)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../common';

interface OpenCCModule {
  Converter(options: { from: string; to: string }): (text: string) => string;
}

const gc = (globalThis as { gc?: () => void }).gc;
function heapMb(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1048576;
}

function time(label: string, convert: (text: string) => string, texts: readonly string[]): number {
  const runs: number[] = [];
  for (let run = 0; run < 7; run++) {
    const start = process.hrtime.bigint();
    for (const text of texts) convert(text);
    runs.push(Number(process.hrtime.bigint() - start) / 1000 / texts.length);
  }
  const median = runs.sort((a, b) => a - b)[3]!;
  console.log(`${label.padEnd(40)} ${median.toFixed(2)} µs/text`);
  return median;
}

function main(): void {
  if (!gc) console.log('(run with --expose-gc for heap numbers)');
  // Text as the 10,000-entry matching benchmark makes it: characters of the common CJK block.
  const block = Array.from({ length: 3500 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7) % 0x51a5)));
  let state = 7;
  const next = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };
  const synthetic = Array.from({ length: 5000 }, () =>
    Array.from({ length: 6 + next(10) }, () => block[next(block.length)]).join('')
  );
  // Our own questions and answers, line by line.
  const yamlLines = (file: string) => readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const ours = ['test/cases/passports.yaml', 'test/cases/round2.yaml', 'test/cases/exchanges.yaml']
    .flatMap(yamlLines)
    .filter((line) => /\p{Script=Han}/u.test(line));

  const before = heapMb();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const chinese = require('../../src/language/chinese') as typeof import('../../src/language/chinese');
  chinese.toTraditional('');
  const afterNew = heapMb();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const OpenCC = require('opencc-js') as OpenCCModule;
  const hkToCn = OpenCC.Converter({ from: 'hk', to: 'cn' });
  const cnToHk = OpenCC.Converter({ from: 'cn', to: 'hk' });
  const afterOld = heapMb();
  console.log(
    `heap: ours ${(afterNew - before).toFixed(1)} MB, opencc-js's ${(afterOld - afterNew).toFixed(1)} MB`
  );

  const folding = new Map<string, boolean>();
  const oldToSimplified = (text: string): string => {
    for (const ch of text) {
      if (ch < '\u2e80') continue;
      let folds = folding.get(ch);
      if (folds === undefined) folding.set(ch, (folds = hkToCn(ch) !== ch));
      if (folds) return hkToCn(text);
    }
    return text;
  };
  for (const [name, texts] of [
    ['synthetic CJK', synthetic],
    ['test cases', ours]
  ] as const) {
    console.log(`-- ${name}: ${texts.length} texts`);
    time('toSimplified before', oldToSimplified, texts);
    time('toSimplified now', chinese.toSimplified, texts);
    time('toTraditional before', cnToHk, texts);
    time('toTraditional now', chinese.toTraditional, texts);
    time('toTraditional(t) !== t before', (t) => String(cnToHk(t) !== t), texts);
    time('changesWhenTraditional now', (t) => String(chinese.changesWhenTraditional(t)), texts);
  }
}

main();
