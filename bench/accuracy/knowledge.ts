/**
 * Turns a training split into knowledge YAML (one entry per label, its texts as alternate questions)
 * and loads it through the same loader and knowledge model as the office's own knowledge base.
 */
import { dump } from 'js-yaml';
import { buildKnowledge, type KnowledgeSource } from '../../src/knowledge/loader';
import type { KnowledgeBase } from '../../src/knowledge/types';
import type { Example } from './datasets';

const OFFICE_YAML = `office:
  name: {en: Benchmark office, zh-Hans: 基准测试办公室}
  address: {en: Nowhere, zh-Hans: 无}
  phones: ["0758-0000000"]
`;

/** Stable kebab-case entry ids for labels ("what_is_your_name" -> "label-what-is-your-name"). */
export function entryIdsForLabels(labels: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  labels.forEach((label, index) => {
    const slug = label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    let id = slug === '' ? `label-${index + 1}` : `label-${slug}`;
    if (used.has(id)) id = `${id}-${index + 1}`;
    used.add(id);
    ids.set(label, id);
  });
  return ids;
}

/** The YAML files staff would write for this training data: an office file and an entries file. */
export function trainingKnowledgeSources(
  train: readonly Example[],
  locale: 'en' | 'zh-Hans',
  reviewed: string
): { sources: KnowledgeSource[]; labelOfEntry: Map<string, string> } {
  const questionsByLabel = new Map<string, string[]>();
  for (const { text, label } of train) {
    const trimmed = text.trim();
    if (trimmed === '') continue;
    const list = questionsByLabel.get(label) ?? [];
    list.push(trimmed);
    questionsByLabel.set(label, list);
  }
  const ids = entryIdsForLabels([...questionsByLabel.keys()]);
  const entries = [...questionsByLabel].map(([label, questions]) => ({
    id: ids.get(label)!,
    topic: 'benchmark',
    questions: { [locale]: questions },
    // The same neutral answer everywhere, so answer words favour no entry.
    answer: { [locale]: locale === 'en' ? 'Benchmark answer.' : '基准答案。' },
    source: 'benchmark training split',
    reviewed
  }));
  const labelOfEntry = new Map([...ids].map(([label, id]) => [id, label]));
  return {
    sources: [
      { file: 'office.yaml', text: OFFICE_YAML },
      { file: 'entries.yaml', text: dump({ entries }, { lineWidth: -1 }) }
    ],
    labelOfEntry
  };
}

export function loadTrainingKnowledge(sources: readonly KnowledgeSource[], now: Date): KnowledgeBase {
  const result = buildKnowledge(sources, { now });
  if (!result.knowledge) {
    const errors = result.problems.filter((p) => p.severity === 'error').slice(0, 5);
    throw new Error(
      `training knowledge did not load:\n${errors.map((p) => `${p.file}:${p.line}: ${p.field}: ${p.message}`).join('\n')}`
    );
  }
  return result.knowledge;
}
