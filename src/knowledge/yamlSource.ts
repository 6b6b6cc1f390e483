/**
 * Parses a YAML file with js-yaml's safe core schema and remembers the line of every key and
 * sequence item, so validation errors can name file, line and field.
 */
import { CORE_SCHEMA, EVENT_ID, getScalarValue, load, parseEvents, YAMLException, type Event } from 'js-yaml';

/** Path of a value inside a document: keys and sequence indexes, e.g. ['entries', 3, 'answer', 'en']. */
export type YamlPath = ReadonlyArray<string | number>;

export interface ParsedYaml {
  data: unknown;
  /** 1-based line of the value at `path`, or of its nearest ancestor that has one. */
  lineOf(path: YamlPath): number;
}

export class YamlSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string
  ) {
    super(reason);
    this.name = 'YamlSyntaxError';
  }
}

const MAX_NESTING = 64;

export function parseYaml(text: string, filename: string): ParsedYaml {
  let data: unknown;
  let events: Event[];
  try {
    data = load(text, { schema: CORE_SCHEMA, filename, maxDepth: MAX_NESTING });
    events = parseEvents(text, { filename, maxDepth: MAX_NESTING });
  } catch (error) {
    if (error instanceof YAMLException) {
      const reason = error.reason || error.message;
      throw new YamlSyntaxError((error.mark?.line ?? 0) + 1, `${reason}${syntaxHint(reason)}`);
    }
    throw new YamlSyntaxError(1, error instanceof Error ? error.message : String(error));
  }
  const offsets = collectOffsets(events, text);
  const lineStarts = computeLineStarts(text);
  return {
    data,
    lineOf(path) {
      for (let depth = path.length; depth >= 0; depth--) {
        const offset = offsets.get(pathKey(path.slice(0, depth)));
        if (offset !== undefined) return lineAt(lineStarts, offset);
      }
      return 1;
    }
  };
}

/**
 * js-yaml's reasons name the symptom, often on the line after the real mistake; staff need the
 * likely cause.
 */
export function syntaxHint(reason: string): string {
  if (/deficient indentation|unexpected end of the stream/.test(reason)) {
    return ' (look also at the line above: a quote or bracket opened there and not closed, or a line indented less than its neighbours)';
  }
  if (/bad indentation of a mapping entry/.test(reason)) {
    return ' (a text containing ": " must be put in quotes; otherwise check that this line lines up with its neighbours)';
  }
  if (/multiline key|block mapping entry|end of the stream or a document separator/.test(reason)) {
    return ' (a line is indented less than the text it continues - every line of an answer under "en: |" must be indented further than "en:")';
  }
  if (/tab characters/.test(reason)) return ' (use spaces to indent, never tabs)';
  if (/duplicated mapping key/.test(reason)) return ' (the same field is written twice in one place)';
  return '';
}

function pathKey(path: YamlPath): string {
  return JSON.stringify(path);
}

interface Frame {
  kind: 'mapping' | 'sequence';
  path: (string | number)[];
  index: number;
  /** For mappings: the key just read, waiting for its value. */
  pendingKey?: string;
}

/** Walks the event stream and records, for each path, where its key (or sequence item) starts. */
function collectOffsets(events: Event[], source: string): Map<string, number> {
  const offsets = new Map<string, number>();
  const stack: Frame[] = [];
  // A value's path comes from its parent frame; mappings alternate key and value.
  const childPath = (offset: number): (string | number)[] | undefined => {
    const parent = stack[stack.length - 1];
    if (!parent) return [];
    if (parent.kind === 'sequence') {
      const path = [...parent.path, parent.index++];
      if (!offsets.has(pathKey(path))) offsets.set(pathKey(path), offset);
      return path;
    }
    if (parent.pendingKey === undefined) return undefined; // this node is a key
    const path = [...parent.path, parent.pendingKey];
    parent.pendingKey = undefined;
    return path;
  };

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const path = childPath(event.start) ?? [];
        if (!offsets.has(pathKey(path))) offsets.set(pathKey(path), event.start);
        stack.push({ kind: event.type === EVENT_ID.MAPPING ? 'mapping' : 'sequence', path, index: 0 });
        break;
      }
      case EVENT_ID.SCALAR:
      case EVENT_ID.ALIAS: {
        const start = event.type === EVENT_ID.SCALAR ? event.valueStart : event.anchorStart;
        const parent = stack[stack.length - 1];
        if (parent?.kind === 'mapping' && parent.pendingKey === undefined) {
          // A key: its line is where the field is named, which is what staff look for.
          const key = event.type === EVENT_ID.SCALAR ? getScalarValue(source, event) : '*';
          parent.pendingKey = key;
          const keyPath = pathKey([...parent.path, key]);
          if (!offsets.has(keyPath)) offsets.set(keyPath, start);
        } else {
          const path = childPath(start);
          if (path && !offsets.has(pathKey(path))) offsets.set(pathKey(path), start);
        }
        break;
      }
      case EVENT_ID.POP:
        stack.pop();
        break;
      default:
        break;
    }
  }
  return offsets;
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineAt(lineStarts: number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}
