// Minimal typings for the benchmark peers (bench/package.json). Declared here so the root type check
// passes even when bench dependencies are not installed; only what the harness uses is described.
declare module 'node-nlp' {
  export interface NlpClassification {
    intent: string;
    score: number;
  }
  export interface NlpResult {
    intent: string;
    score: number;
    classifications: NlpClassification[];
  }
  export class NlpManager {
    constructor(settings: Record<string, unknown>);
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<NlpResult>;
  }
}

declare module 'minisearch' {
  export interface SearchResult {
    id: number;
    score: number;
    [field: string]: unknown;
  }
  export interface MiniSearchOptions {
    fields: string[];
    storeFields?: string[];
    tokenize?: (text: string) => string[];
  }
  export default class MiniSearch<T = unknown> {
    constructor(options: MiniSearchOptions);
    addAll(documents: readonly T[]): void;
    search(query: string): SearchResult[];
  }
}
