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
 * Every kind of YAML syntax error js-yaml can report, with the likely cause in staff's words. js-yaml's
 * reasons name the symptom, often on the line after the real mistake. knowledge/README.md's table of
 * mistakes has one row per class, keyed by `says` (a test keeps the two and js-yaml's messages in step).
 */
export interface YamlErrorClass {
  /** What `kb check` prints (the start of js-yaml's reason), as written in the guide's table. */
  says: string;
  pattern: RegExp;
  hint: string;
}

export const YAML_ERROR_CLASSES: readonly YamlErrorClass[] = [
  {
    says: 'deficient indentation',
    pattern: /^deficient indentation/,
    hint: 'look also at the line above: a quote or bracket opened there and not closed, or a line indented less than its neighbours'
  },
  {
    says: 'bad indentation of a mapping entry',
    pattern: /^bad indentation of a mapping entry/,
    hint: 'a text containing ": " must be put in quotes; otherwise check that this line lines up with its neighbours'
  },
  {
    says: 'bad indentation of a sequence entry',
    pattern: /^bad indentation of a sequence entry/,
    hint: 'a field or a "- " item is indented differently from its neighbours; look also at the line above'
  },
  {
    says: 'can not read a block mapping entry; a multiline key may not be an implicit key',
    pattern: /multiline key may not be an implicit key/,
    hint: 'a line is indented less than the text it continues - every line of an answer under "en: |" must be indented further than "en:"'
  },
  {
    says: "expected ':' after a mapping key",
    pattern: /^expected ':' after a mapping key/,
    hint: 'a field name without its colon, or a quoted text on a line of its own where a field is expected'
  },
  {
    says: 'a whitespace character is expected after the key-value separator',
    pattern: /^a whitespace character is expected after the key-value separator/,
    hint: 'write a space after the colon ("en: text", not "en:text"), or put the text in quotes'
  },
  {
    says: 'end of the stream or a document separator is expected',
    pattern: /^end of the stream or a document separator is expected/,
    hint: 'a line is indented less than the text it continues, or text follows a closing quote or bracket'
  },
  {
    says: 'unexpected end of the stream within a double quoted scalar',
    pattern:
      /^unexpected end of the (stream|document) within a (double quoted scalar|single quoted scalar|flow collection)/,
    hint: 'a quote " or \' or a bracket [ { opened and never closed'
  },
  {
    says: 'missed comma between flow collection entries',
    pattern: /^missed comma between flow collection entries|^expected the node content, but found ','/,
    hint: 'in a [a, b] list: a missing or doubled comma, or an item containing a comma or quote that is not in quotes'
  },
  {
    says: 'tab characters must not be used in indentation',
    pattern: /^tab characters must not be used/,
    hint: 'use spaces to indent, never tabs'
  },
  {
    says: 'duplicated mapping key',
    pattern: /^duplicated mapping key/,
    hint: 'the same field is written twice in one place'
  },
  {
    says: 'unknown escape sequence',
    pattern: /^unknown escape sequence|^expected hexadecimal character|^expected valid JSON character/,
    hint: 'a backslash \\ or a control character inside "double quotes": use single quotes, or write \\\\'
  },
  {
    says: 'the stream contains non-printable characters',
    pattern: /^the stream contains non-printable characters/,
    hint: 'an invisible control character was pasted in (often from a word processor); retype the line'
  },
  {
    says: 'nesting exceeded maxDepth',
    pattern: /^nesting exceeded maxDepth/,
    hint: 'lists or fields nested far too deeply: the file is not a knowledge file'
  },
  {
    says: 'unidentified alias',
    pattern:
      /^unidentified alias|alias node|^recursive alias|^aliases exceeded|anchor (node|property)|^duplication of an anchor/,
    hint: 'a text starting with * or & must be put in quotes'
  },
  {
    says: 'unknown scalar tag',
    pattern: /tag|^cannot resolve a node with/,
    hint: 'a text starting with ! must be put in quotes'
  },
  {
    says: 'YAML directive accepts exactly one argument',
    pattern: /directive|^unacceptable YAML version|^directives end mark is expected/,
    hint: 'a line starting with % must be put in quotes'
  },
  {
    says: 'a line break is expected',
    pattern: /^a line break is expected|chomping mode|indentation width/,
    hint: 'after "|" or ">" nothing may follow on the same line; the text starts on the next line'
  },
  {
    says: 'expected a single document in the stream, but found more',
    pattern: /^expected a single document|^can not read a document|^expected a document/,
    hint: 'a line "---" or "..." in the middle of the file: put such text in quotes, or remove the line'
  },
  {
    says: 'cannot merge mappings',
    pattern: /merge/,
    hint: 'a field named "<<": knowledge files do not use YAML merge keys'
  },
  {
    says: 'incomplete mapping pair',
    pattern: /^incomplete mapping pair/,
    hint: 'the file ends in the middle of a field; check its last lines'
  }
];

/** The class of a js-yaml reason, or undefined for a message this table does not know (a test keeps it complete). */
export function classifyYamlError(reason: string): YamlErrorClass | undefined {
  return YAML_ERROR_CLASSES.find((c) => c.pattern.test(reason));
}

/** The likely cause, in parentheses, to print after js-yaml's reason. */
export function syntaxHint(reason: string): string {
  const found = classifyYamlError(reason);
  return found ? ` (${found.hint})` : '';
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
