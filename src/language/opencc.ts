/**
 * A compact OpenCC engine over opencc-js's own dictionaries. Pure.
 *
 * It gives the results of opencc-js's configured converters (its ConverterBuilder: a normalization
 * chain over the whole text, then segmentation by the longest phrase, then each dictionary group of
 * the conversion chain applied to each segment in turn; within a group the first dictionary wins a
 * key, and matching takes the longest key by code point, skipping Ideographic Description Sequences)
 * at a fraction of the memory: one flat Map per dictionary group, keyed by the phrase, plus per first
 * UTF-16 unit (and per first two) a bit mask of the key lengths that exist, instead of a trie of nested Maps
 * (opencc-js's two converters we use took ~44 MB of heap).
 */

/** opencc-js's dictionary: "a alpha|b beta" or [["a", "alpha"], ["b", "beta"]]. */
export type DictLike = string | readonly (readonly [string, string])[];
/** Dictionaries merged into one table; the first dictionary that has a key wins it. */
export type DictGroup = readonly DictLike[];

/** opencc-js's `Locale.configs[name]` (for example hk2s, s2hk). */
export interface OpenCCConfig {
  readonly normalizationChain?: readonly DictGroup[];
  readonly segmentation?: DictLike | DictGroup;
  readonly conversionChain: readonly DictGroup[];
}

/** One dictionary group: replacement per key, and which key lengths start where, so few keys are tried. */
export interface Table {
  /** Keys of one UTF-16 unit, by that unit (no substring to cut and hash). */
  readonly units: ReadonlyMap<number, string>;
  /** Keys of two or more units. */
  readonly values: ReadonlyMap<string, string>;
  /** Per first unit, bit L-1 set: some key of L units (L <= 31) starts with it; bit 31: one longer than 31. */
  readonly lengths: UnitMasks;
  /** The same for keys of two or more units, per first two units. */
  readonly pairs: PairMasks;
  /** Longest key, in UTF-16 units. */
  readonly longest: number;
  /** Keys of `values` this table does not have (a segmentation table sharing a conversion table's). */
  readonly excluded?: ReadonlySet<string>;
}

const LONG = 0x80000000;

function bitFor(length: number): number {
  return length <= 31 ? 1 << (length - 1) : LONG;
}

function pairOf(s: string, i: number): number {
  return (s.charCodeAt(i) << 16) | s.charCodeAt(i + 1);
}

/** Bit masks by UTF-16 unit, in pages of 256 units made only where keys start (CJK: ~100 of 256 pages). */
export class UnitMasks {
  private readonly pages: (Uint32Array | undefined)[] = new Array<Uint32Array | undefined>(256).fill(
    undefined
  );

  add(unit: number, bits: number): void {
    const page = (this.pages[unit >> 8] ??= new Uint32Array(256));
    page[unit & 0xff]! |= bits;
  }

  get(unit: number): number {
    const page = this.pages[unit >> 8];
    return page === undefined ? 0 : page[unit & 0xff]!;
  }
}

/** Bit masks by pair of units in an open-addressing hash table: smaller and faster than a Map of numbers. */
export class PairMasks {
  private readonly pairs: Int32Array;
  private readonly masks: Uint32Array;
  private readonly shift: number;

  constructor(entries: ReadonlyMap<number, number>) {
    let bits = 4;
    while (1 << bits < entries.size * 1.5) bits++;
    this.pairs = new Int32Array(1 << bits);
    this.masks = new Uint32Array(1 << bits);
    this.shift = 32 - bits;
    const wrap = (1 << bits) - 1;
    for (const [pair, mask] of entries) {
      let slot = Math.imul(pair, 0x9e3779b1) >>> this.shift;
      while (this.masks[slot] !== 0) slot = (slot + 1) & wrap;
      this.pairs[slot] = pair;
      this.masks[slot] = mask;
    }
  }

  /** The mask for this pair; 0 when no key starts with it. */
  get(pair: number): number {
    const wrap = this.masks.length - 1;
    for (let slot = Math.imul(pair, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & wrap) {
      const mask = this.masks[slot]!;
      if (mask === 0 || this.pairs[slot] === pair) return mask;
    }
  }
}

function isDictGroup(value: DictLike | DictGroup): value is DictGroup {
  return Array.isArray(value) && value.every((dict) => typeof dict === 'string');
}

/** Entries of one dictionary, in order; only the first two space-separated fields count, as in opencc-js. */
function* entriesOf(dict: DictLike): Generator<readonly [string, string]> {
  if (typeof dict !== 'string') {
    yield* dict;
    return;
  }
  for (const line of dict.split('|')) {
    const [key, value] = line.split(' ');
    if (key === undefined || value === undefined) throw new TypeError(`Invalid dictionary entry: ${line}`);
    yield [key, value];
  }
}

/** Builds one table; later dictionaries are loaded first so that earlier ones overwrite them (opencc-js's order). */
export function buildTable(group: DictGroup): Table {
  const units = new Map<number, string>();
  const values = new Map<string, string>();
  for (let d = group.length - 1; d >= 0; d--) {
    for (const [key, value] of entriesOf(group[d]!)) {
      // An empty key is stored at the trie's root by opencc-js and never matched. A value equal to its
      // key (a phrase that blocks a shorter match, unchanged) shares the key's string.
      if (key.length === 1) units.set(key.charCodeAt(0), value === key ? key : value);
      else if (key !== '') values.set(key, value === key ? key : value);
    }
  }
  const lengths = new UnitMasks();
  for (const unit of units.keys()) lengths.add(unit, 1);
  const pairs = new Map<number, number>();
  let longest = units.size > 0 ? 1 : 0;
  for (const key of values.keys()) {
    lengths.add(key.charCodeAt(0), bitFor(key.length));
    const pair = pairOf(key, 0);
    pairs.set(pair, (pairs.get(pair) ?? 0) | bitFor(key.length));
    longest = Math.max(longest, key.length);
  }
  return { units, values, lengths, pairs: new PairMasks(pairs), longest };
}

/** Value of the key matched by the last successful longestMatch (saves allocating a result per match). */
let matchedValue = '';

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

function matchesAt(table: Table, s: string, i: number, length: number): boolean {
  let value: string | undefined;
  if (length === 1) {
    value = table.units.get(s.charCodeAt(i));
  } else {
    const key = s.slice(i, i + length);
    value = table.values.get(key);
    if (value !== undefined && table.excluded?.has(key) === true) return false;
  }
  if (value === undefined) return false;
  // opencc-js walks code points: a key ending in a lone high surrogate must not match half of a pair.
  const end = i + length;
  if (end < s.length && isHighSurrogate(s.charCodeAt(end - 1)) && isLowSurrogate(s.charCodeAt(end)))
    return false;
  matchedValue = value;
  return true;
}

/** Length in UTF-16 units of the longest key that starts at i, or 0; its value in matchedValue. */
function longestMatch(table: Table, s: string, i: number): number {
  let mask = table.lengths.get(s.charCodeAt(i));
  if (mask === 0) return 0;
  const room = s.length - i;
  if ((mask & ~1) !== 0) mask = (mask & 1) | (room >= 2 ? table.pairs.get(pairOf(s, i)) : 0);
  if ((mask & LONG) !== 0) {
    for (let length = Math.min(table.longest, room); length > 31; length--)
      if (matchesAt(table, s, i, length)) return length;
    mask &= ~LONG;
  }
  if (room < 31) mask &= (1 << room) - 1;
  while (mask !== 0) {
    const bit = 31 - Math.clz32(mask);
    if (matchesAt(table, s, i, bit + 1)) return bit + 1;
    mask ^= 1 << bit;
  }
  return 0;
}

function codePointLength(s: string, i: number): number {
  return s.codePointAt(i)! > 0xffff ? 2 : 1;
}

function ideographicDescriptionArity(cp: number): number {
  if (cp >= 0x2ff0 && cp <= 0x2ff1) return 2;
  if (cp >= 0x2ff2 && cp <= 0x2ff3) return 3;
  if (cp >= 0x2ff4 && cp <= 0x2fff) return 2;
  return 0;
}

/** End of the Ideographic Description Sequence at i, or 0 when there is none (opencc-js leaves one whole). */
function ideographicDescriptionSequenceEnd(s: string, i: number): number {
  const arity = ideographicDescriptionArity(s.codePointAt(i)!);
  if (arity === 0) return 0;
  let end = i + codePointLength(s, i);
  for (let n = 0; n < arity; n++) {
    if (end >= s.length) return 0;
    const childEnd = ideographicDescriptionSequenceEnd(s, end);
    end = childEnd || end + codePointLength(s, end);
  }
  return end;
}

/** How far to step over text no key matches at i: one code point, or a whole description sequence. */
function unmatchedLength(s: string, i: number): number {
  const unit = s.charCodeAt(i);
  if (unit >= 0x2ff0 && unit <= 0x2fff) {
    const end = ideographicDescriptionSequenceEnd(s, i);
    if (end > i) return end - i;
  }
  return isHighSurrogate(unit) && isLowSurrogate(s.charCodeAt(i + 1)) ? 2 : 1;
}

/** Replaces the longest key at each position, left to right (opencc-js's Trie.convert). */
export function convertWith(table: Table, s: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < s.length;) {
    const length = longestMatch(table, s, i);
    if (length > 0) {
      out += s.slice(copied, i) + matchedValue;
      i += length;
      copied = i;
    } else {
      i += unmatchedLength(s, i);
    }
  }
  return copied === 0 ? s : out + s.slice(copied);
}

export interface Converter {
  readonly convert: (text: string) => string;
  /** convert(text) !== text, usually without converting all of it. */
  readonly changes: (text: string) => boolean;
  /** The tables that can change text (normalization and conversion chain), in the order applied. */
  readonly tables: readonly Table[];
}

/**
 * The segmentation table. OpenCC segments by the phrase dictionaries that also lead the first
 * conversion group (s2hk: STPhrases; then STPhrases, STCharacters): then it shares that group's
 * table, less the keys only the other dictionaries have, and the large phrase table is held once.
 * Its length masks may then list lengths it lacks: they only cost a lookup.
 */
function segmentationTable(
  group: DictGroup,
  firstGroup: DictGroup | undefined,
  first: Table | undefined
): Table {
  if (first === undefined || !group.every((dict) => firstGroup?.includes(dict))) return buildTable(group);
  const keys = new Set<string>();
  for (const dict of group) for (const [key] of entriesOf(dict)) keys.add(key);
  const units = new Map<number, string>();
  for (const [unit, value] of first.units) if (keys.has(String.fromCharCode(unit))) units.set(unit, value);
  const excluded = new Set<string>();
  for (const key of first.values.keys()) if (!keys.has(key)) excluded.add(key);
  return { ...first, units, excluded };
}

/** A converter for one opencc-js config, with the semantics of opencc-js's ConverterBuilder. */
export function buildConverter(config: OpenCCConfig): Converter {
  const normalization = (config.normalizationChain ?? []).map(buildTable);
  const chain = config.conversionChain.map(buildTable);
  // As in opencc-js, an empty segmentation dictionary ('') means none.
  const segmentation = config.segmentation
    ? segmentationTable(
        isDictGroup(config.segmentation) ? config.segmentation : [config.segmentation],
        config.conversionChain[0],
        chain[0]
      )
    : undefined;

  const convertSegment = (segment: string): string => {
    for (const table of chain) segment = convertWith(table, segment);
    return segment;
  };

  /** Calls `visit` with each segment of normalized text, in order, until it returns true. */
  const eachSegment = (text: string, visit: (segment: string) => boolean): void => {
    if (segmentation === undefined) {
      visit(text);
      return;
    }
    let unmatchedFrom = -1;
    for (let i = 0; i < text.length;) {
      const length = longestMatch(segmentation, text, i);
      if (length > 0) {
        if (unmatchedFrom >= 0 && visit(text.slice(unmatchedFrom, i))) return;
        unmatchedFrom = -1;
        if (visit(text.slice(i, i + length))) return;
        i += length;
      } else {
        if (unmatchedFrom < 0) unmatchedFrom = i;
        i += unmatchedLength(text, i);
      }
    }
    if (unmatchedFrom >= 0) visit(text.slice(unmatchedFrom));
  };

  const normalize = (text: string): string => {
    for (const table of normalization) text = convertWith(table, text);
    return text;
  };

  const convert = (text: string): string => {
    let out = '';
    eachSegment(normalize(text), (segment) => {
      out += convertSegment(segment);
      return false;
    });
    return out;
  };

  const changes = (text: string): boolean => {
    const normalized = normalize(text);
    if (normalized !== text) return convert(text) !== text;
    // Segments before the first that changes are unchanged; if that one keeps its length, the output
    // differs there. A change of length could in principle be undone by a later segment: compare all.
    let verdict: boolean | undefined;
    eachSegment(normalized, (segment) => {
      const converted = convertSegment(segment);
      if (converted === segment) return false;
      verdict = converted.length === segment.length ? true : convert(text) !== text;
      return true;
    });
    return verdict ?? false;
  };
  return { convert, changes, tables: [...normalization, ...chain] };
}
