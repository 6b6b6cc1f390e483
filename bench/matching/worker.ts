/**
 * One matching measurement in a fresh process (run with --expose-gc): `worker.ts real DIR` or
 * `worker.ts SIZE`. Prints one JSON line: build time, heap used by the index, query mean and p99.
 */
import { parse } from '../../src/cli/args';
import { loadKnowledge } from '../../src/knowledge';
import { Matcher } from '../../src/search';
import { QUESTIONS } from '../common';
import { syntheticKnowledge } from './synthetic';

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

function timeQueries(matcher: Matcher, queries: string[]): { mean: number; p99: number } {
  for (const q of queries.slice(0, 200)) matcher.match(q); // warm-up
  const times: number[] = [];
  for (const q of queries) {
    const started = performance.now();
    matcher.match(q);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return {
    mean: round(mean),
    p99: round(times[Math.min(times.length - 1, Math.floor(times.length * 0.99))]!)
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

const [mode, arg] = parse(process.argv.slice(2), {}).positionals;
const before = heapMb();
let knowledge: ConstructorParameters<typeof Matcher>[0];
let queries: { en: string[]; zh: string[] };
if (mode === 'real') {
  knowledge = loadKnowledge(arg!);
  // The real entries' own phrasings plus the benchmark's mixed questions, repeated to 1,000 each.
  const all = [
    ...QUESTIONS,
    ...knowledge.entries.flatMap((e) => [
      ...e.questions.en,
      ...e.questions['zh-Hans'],
      ...e.questions['zh-Hant']
    ])
  ];
  const en = all.filter((q) => !/\p{Script=Han}/u.test(q));
  const zh = all.filter((q) => /\p{Script=Han}/u.test(q));
  const fill = (list: string[]) => Array.from({ length: 1000 }, (_, i) => list[i % list.length]!);
  queries = { en: fill(en), zh: fill(zh) };
} else {
  const synthetic = syntheticKnowledge(Number(mode));
  knowledge = synthetic.knowledge;
  queries = synthetic.queries;
}
const withData = heapMb();
const started = performance.now();
const matcher = new Matcher(knowledge);
const buildMs = performance.now() - started;
const heapUsedMb = heapMb() - withData;
const en = timeQueries(matcher, queries.en);
const zh = timeQueries(matcher, queries.zh);
process.stdout.write(
  `${JSON.stringify({ entries: knowledge.entries.length, buildMs: Math.round(buildMs), indexHeapMb: Math.round(heapUsedMb), totalHeapMb: Math.round(withData - before + heapUsedMb), en, zh })}\n`
);
