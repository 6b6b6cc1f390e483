/** Reads the public benchmark sets: JSONL `{text, label}` per split; out-of-scope rows are labelled `oos`. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const OUT_OF_SCOPE = 'oos';

export interface Example {
  text: string;
  label: string;
}

export interface Dataset {
  name: string;
  language: 'en' | 'zh-Hans';
  train: Example[];
  /** In-scope validation questions (thresholds are chosen here); empty when the set has none. */
  val: Example[];
  /** Out-of-scope validation questions; empty when the set has none. */
  oosVal: Example[];
  test: Example[];
  oosTest: Example[];
}

/** Parses JSONL text; a bad line is an error naming the file and line, never a silent skip. */
export function parseJsonl(text: string, file: string): Example[] {
  const examples: Example[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (error) {
      throw new Error(`${file}:${index + 1}: not JSON (${(error as Error).message})`);
    }
    const { text: t, label } = (row ?? {}) as Record<string, unknown>;
    if (typeof t !== 'string' || (typeof label !== 'string' && typeof label !== 'number')) {
      throw new Error(`${file}:${index + 1}: expected {"text": string, "label": string}`);
    }
    examples.push({ text: t, label: String(label) });
  });
  return examples;
}

function readSplit(dir: string, name: string): Example[] {
  const file = path.join(dir, `${name}.jsonl`);
  return existsSync(file) ? parseJsonl(readFileSync(file, 'utf8'), file) : [];
}

/** Han characters in most training texts: the set is Chinese. */
export function languageOf(examples: readonly Example[]): 'en' | 'zh-Hans' {
  const han = examples.filter((e) => /\p{Script=Han}/u.test(e.text)).length;
  return han * 2 > examples.length ? 'zh-Hans' : 'en';
}

export function readDataset(dataDir: string, name: string): Dataset {
  const dir = path.join(dataDir, name);
  if (!existsSync(dir)) throw new Error(`data set "${name}" not found: ${dir} does not exist`);
  const train = readSplit(dir, 'train').filter((e) => e.label !== OUT_OF_SCOPE);
  if (train.length === 0)
    throw new Error(`data set "${name}": ${path.join(dir, 'train.jsonl')} is missing or empty`);
  const splitScope = (examples: Example[]): [Example[], Example[]] => [
    examples.filter((e) => e.label !== OUT_OF_SCOPE),
    examples.filter((e) => e.label === OUT_OF_SCOPE)
  ];
  const [val, oosInVal] = splitScope(readSplit(dir, 'val'));
  const [test, oosInTest] = splitScope(readSplit(dir, 'test'));
  if (test.length === 0)
    throw new Error(`data set "${name}": ${path.join(dir, 'test.jsonl')} is missing or empty`);
  return {
    name,
    language: languageOf(train),
    train,
    val,
    oosVal: [...oosInVal, ...readSplit(dir, 'oos_val')],
    test,
    oosTest: [...oosInTest, ...readSplit(dir, 'oos_test')]
  };
}
