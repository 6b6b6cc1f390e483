/** Simplified/Traditional Chinese conversion with OpenCC. */

interface OpenCCModule {
  Converter(options: { from: string; to: string }): (text: string) => string;
}
// opencc-js ships ESM types only, but its "require" export is a CommonJS (UMD) build we can load.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const OpenCC = require('opencc-js') as OpenCCModule;

// Built once: building a converter parses its dictionaries (tens of milliseconds).
const traditionalToSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
const hongKongToSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });
const simplifiedToHongKong = OpenCC.Converter({ from: 'cn', to: 'hk' });

/** Folds any Traditional characters (Taiwan or Hong Kong forms) to Simplified. */
export function toSimplified(text: string): string {
  return hongKongToSimplified(traditionalToSimplified(text));
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
