/** Simplified/Traditional Chinese conversion with OpenCC. */

interface OpenCCModule {
  Converter(options: { from: string; to: string }): (text: string) => string;
}
// opencc-js ships ESM types only, but its "require" export is a CommonJS (UMD) build we can load.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const OpenCC = require('opencc-js') as OpenCCModule;

// Built once: building a converter parses its dictionaries (tens of milliseconds). Hong Kong ->
// Simplified also folds standard (and Taiwan) Traditional forms, so one converter serves all.
const traditionalToSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });
const simplifiedToHongKong = OpenCC.Converter({ from: 'cn', to: 'hk' });

/** Per Han character: does folding it alone change it? Bounded by the Han block sizes. */
const foldsAlone = new Map<string, boolean>();

function hasTraditionalCharacter(text: string): boolean {
  for (const ch of text) {
    if (ch < '\u2e80') continue; // below the CJK blocks: Latin, digits, punctuation
    let folds = foldsAlone.get(ch);
    if (folds === undefined) {
      folds = traditionalToSimplified(ch) !== ch;
      foldsAlone.set(ch, folds);
    }
    if (folds) return true;
  }
  return false;
}

/**
 * Folds any Traditional characters (Hong Kong, Taiwan or standard forms) to Simplified. Text with
 * no character that folds on its own is returned as it is: most input is Simplified already, and
 * the converter's phrase tables cost far more than this check.
 */
export function toSimplified(text: string): string {
  return hasTraditionalCharacter(text) ? traditionalToSimplified(text) : text;
}

/** Generates Hong Kong Traditional text from Simplified, for entries staff wrote in zh-Hans only. */
export function toTraditional(text: string): string {
  let converted = simplifiedToHongKong(text);
  for (const [wrong, right] of HONG_KONG_FIXES)
    if (converted.includes(wrong)) converted = converted.split(wrong).join(right);
  return converted;
}

// OpenCC's Hong Kong table writes these differently from Hong Kong government usage (簽注 on travel documents).
const HONG_KONG_FIXES: readonly [string, string][] = [['簽註', '簽注']];
