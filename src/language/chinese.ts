/** Simplified/Traditional Chinese conversion with OpenCC's dictionaries (opencc-js's data, our compact engine). */
import { buildConverter, keysOf, type Converter, type OpenCCConfig } from './opencc';

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
 * BMP characters that change when folded alone; astral ones in a set. Only a character that is a key of
 * some table can change alone, so those are all that are tried.
 */
const foldingBmp = new Uint8Array(0x10000);
const foldingAstral = new Set<string>();
for (const table of traditionalToSimplified.tables) {
  for (const key of keysOf(table)) {
    const cp = key.codePointAt(0)!;
    // Single characters only; below U+2E80 (Latin, digits, punctuation) is never looked at.
    if (key.length !== (cp > 0xffff ? 2 : 1) || cp < 0x2e80) continue;
    if (traditionalToSimplified.convert(key) === key) continue;
    if (cp > 0xffff) foldingAstral.add(key);
    else foldingBmp[cp] = 1;
  }
}

function hasTraditionalCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x2e80) continue;
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
 * Folds any Traditional characters (Hong Kong, Taiwan or standard forms) to Simplified. Text with
 * no character that folds on its own is returned as it is: most input is Simplified already, and
 * the converter's phrase tables cost far more than this check.
 */
export function toSimplified(text: string): string {
  return hasTraditionalCharacter(text) ? traditionalToSimplified.convert(text) : text;
}

/** toSimplified(text) !== text, usually without converting all of the text. */
export function changesWhenSimplified(text: string): boolean {
  return hasTraditionalCharacter(text) && traditionalToSimplified.changes(text);
}

/** Generates Hong Kong Traditional text from Simplified, for entries staff wrote in zh-Hans only. */
export function toTraditional(text: string): string {
  let converted = hongKongConverter().convert(text);
  for (const [wrong, right] of HONG_KONG_FIXES)
    if (converted.includes(wrong)) converted = converted.split(wrong).join(right);
  return converted;
}

/**
 * toTraditional(text) !== text, usually without converting all of the text. Text without the fix's
 * strings changes exactly when OpenCC changes it: the fix, applied to OpenCC's output, leaves its
 * replacement there, which the text did not contain. (A second fix must keep this true.)
 */
export function changesWhenTraditional(text: string): boolean {
  for (const [wrong, right] of HONG_KONG_FIXES)
    if (text.includes(wrong) || text.includes(right)) return toTraditional(text) !== text;
  return hongKongConverter().changes(text);
}

// OpenCC's Hong Kong table writes these differently from Hong Kong government usage (簽注 on travel documents).
const HONG_KONG_FIXES: readonly [string, string][] = [['簽註', '簽注']];
