/** Simplified/Traditional Chinese conversion with OpenCC's dictionaries (opencc-js's data, our compact engine). */
import { buildConverter, type Converter, type OpenCCConfig } from './opencc';

interface OpenCCModule {
  Locale: { configs: Record<string, OpenCCConfig> };
}

// opencc-js ships ESM types only, but its "require" exports are CommonJS (UMD) builds we can load. Its
// t2cn build holds only the (small) dictionaries to Simplified; cn2t, the large ones, is loaded on first use.
function openccConfig(build: 't2cn' | 'cn2t', name: string): OpenCCConfig {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = (require(`opencc-js/${build}`) as OpenCCModule).Locale.configs[name];
  if (!config) throw new Error(`opencc-js/${build} has no ${name} config`);
  return config;
}

// Hong Kong -> Simplified also folds standard (and Taiwan) Traditional forms, so one converter serves all.
const traditionalToSimplified = buildConverter(openccConfig('t2cn', 'hk2s'));

let simplifiedToHongKong: Converter | undefined;

/**
 * Built on first use, as its dictionaries are the large ones: the server needs it (knowledge written in
 * zh-Hans only, detectScript), tools that only fold to Simplified do not.
 */
function hongKongConverter(): Converter {
  simplifiedToHongKong ??= buildConverter(openccConfig('cn2t', 's2hk'));
  return simplifiedToHongKong;
}

/**
 * Characters whose presence lets the text change on folding. A table changes text only where one of its
 * keys whose value differs is found, and then every character of that key is in the text: one character
 * per such key suffices, the first where key and value differ (瞭 for 一目瞭然 -> 一目了然), which is rarely
 * a common Simplified one. Tables run one after the other, but while none has changed the text, each
 * sees the original text, so this holds for the whole chain. BMP characters in an array, astral in a set.
 */
const foldingBmp = new Uint8Array(0x10000);
const foldingAstral = new Set<string>();
for (const table of traditionalToSimplified.tables) {
  const visit = (key: string, value: string): void => {
    if (key === value) return;
    let i = 0;
    while (i < key.length && key.codePointAt(i) === value.codePointAt(i)) i += codePointLength(key, i);
    if (i >= key.length) i = 0;
    const cp = key.codePointAt(i)!;
    if (cp > 0xffff) foldingAstral.add(String.fromCodePoint(cp));
    else foldingBmp[cp] = 1;
  };
  for (const [unit, value] of table.units) visit(String.fromCharCode(unit), value);
  for (const [key, value] of table.values) visit(key, value);
}

function codePointLength(s: string, i: number): number {
  return s.codePointAt(i)! > 0xffff ? 2 : 1;
}

function hasTraditionalCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        if (foldingAstral.has(text.slice(i, i + 2))) return true;
        i++;
        continue;
      }
    }
    if (foldingBmp[unit] === 1) return true;
  }
  return false;
}

/**
 * Folds any Traditional characters (Hong Kong, Taiwan or standard forms) and phrases (一目瞭然) to
 * Simplified. Text with none of the characters above is returned as it is: most input is Simplified
 * already, and the converter's phrase tables cost more than this check.
 */
export function toSimplified(text: string): string {
  return hasTraditionalCharacter(text) ? traditionalToSimplified.convert(text) : text;
}

/** toSimplified(text) !== text, usually without converting all of the text. */
export function changesWhenSimplified(text: string): boolean {
  return hasTraditionalCharacter(text) && traditionalToSimplified.changes(text);
}

/**
 * Phrase corrections for generated Traditional text, from the knowledge (staff edit them): where OpenCC's
 * Hong Kong table writes a phrase otherwise than Hong Kong and Mainland usage (换发 is 換發, not 換髮;
 * 签注 is 簽注, not 簽註). Each Simplified phrase, where it occurs, is written as given; the text around
 * it is converted by OpenCC.
 */
export interface PhraseCorrection {
  readonly simplified: string;
  readonly traditional: string;
}

export interface PhraseCorrections {
  readonly list: readonly PhraseCorrection[];
  /** Simplified phrases by first UTF-16 unit, longest first. */
  readonly byFirstUnit: ReadonlyMap<string, readonly PhraseCorrection[]>;
}

export const NO_CORRECTIONS: PhraseCorrections = phraseCorrections([]);

export function phraseCorrections(list: readonly PhraseCorrection[]): PhraseCorrections {
  const byFirstUnit = new Map<string, PhraseCorrection[]>();
  for (const correction of list) {
    if (correction.simplified === '') continue;
    const first = correction.simplified[0]!;
    const group = byFirstUnit.get(first) ?? [];
    group.push(correction);
    byFirstUnit.set(first, group);
  }
  for (const group of byFirstUnit.values()) group.sort((a, b) => b.simplified.length - a.simplified.length);
  return { list, byFirstUnit };
}

/** What OpenCC alone makes of Simplified text (the mis-conversions corrections exist for). */
export function toTraditionalByOpenCC(text: string): string {
  return hongKongConverter().convert(text);
}

/**
 * Generates Hong Kong Traditional text from Simplified, for text staff wrote in zh-Hans only: the
 * corrections' phrases as given (longest first, left to right), the rest by OpenCC.
 */
export function toTraditional(text: string, corrections: PhraseCorrections = NO_CORRECTIONS): string {
  if (corrections.byFirstUnit.size === 0) return toTraditionalByOpenCC(text);
  let out = '';
  let pending = 0;
  for (let i = 0; i < text.length;) {
    const match = corrections.byFirstUnit.get(text[i]!)?.find((c) => text.startsWith(c.simplified, i));
    if (match === undefined) {
      i++;
      continue;
    }
    out += toTraditionalByOpenCC(text.slice(pending, i)) + match.traditional;
    i += match.simplified.length;
    pending = i;
  }
  return out + toTraditionalByOpenCC(text.slice(pending));
}

/** toTraditionalByOpenCC(text) !== text, usually without converting all of the text. */
export function changesWhenTraditional(text: string): boolean {
  return hongKongConverter().changes(text);
}
