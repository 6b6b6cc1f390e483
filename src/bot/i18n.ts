/** The bot's own strings: the translator lives with the other language tools, in src/language/i18n.ts. */
export {
  createTranslator,
  DEFAULT_LOCALES_DIR,
  readLocaleResources,
  type LocaleResources,
  type Translate
} from '../language/i18n';
