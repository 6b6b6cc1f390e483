/** Renders the chat page. Pure: language, office and settings in, HTML out. */
import { normalizeLocale, SUPPORTED_LOCALES, type Locale } from '../language/locale';
import { LANGUAGE_NAMES, PAGE_STRINGS } from './strings';
import { escapeHtml } from '../http/html';

/**
 * The page language: `?lang=` when it names one of ours, else the first of the browser's
 * Accept-Language tags (by q-value) that does, else the default.
 */
export function pickPageLocale(lang: unknown, acceptLanguage: string | undefined, fallback: Locale): Locale {
  if (typeof lang === 'string') {
    const chosen = normalizeLocale(lang);
    if (chosen) return chosen;
  }
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((t) => t.tag && Number.isFinite(t.q) && t.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const locale = normalizeLocale(tag);
    if (locale) return locale;
  }
  return fallback;
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export interface PageOffice {
  name: string;
  /** Empty when the office publishes none (nothing is invented). */
  address: string;
  phones: readonly string[];
  website?: string;
}

export interface PageInput {
  locale: Locale;
  /** Shown inside the embed iframe: no big header, the host page shows the title. */
  embed: boolean;
  /** The office in each language: the page switches language with the chat, without reloading. */
  offices: Record<Locale, PageOffice>;
  assets: { webChat: string; script: string; style: string };
  /** Where the page asks for a Direct Line token. */
  tokenUrl: string;
  /** Azure's Direct Line base URL in Azure mode; undefined = this server's /v3/directline. */
  directLineDomain?: string;
  /** Web Chat takes activities over the WebSocket stream (true) or polls for them (false, the default). */
  webSocket?: boolean;
}

/** Everything the page shows in one language, for the script to switch to it. */
function localeView(locale: Locale, office: PageOffice) {
  const s = PAGE_STRINGS[locale];
  const phones = office.phones.join(s.listSeparator);
  const contact = [office.name, office.address, phones ? `${s.phone}${phones}` : ''].filter(Boolean);
  if (office.name && !office.address && !phones) contact.push(s.contactNotPublished);
  // Without a published phone number the page never says "call the office at".
  const failed = phones ? s.failed.replace('{{phones}}', phones) : s.failedNoPhone;
  const noscript = phones ? s.noscript.replace('{{phones}}', phones) : s.noscriptNoPhone;
  return {
    webChatLocale: s.webChatLocale,
    documentTitle: office.name ? `${s.title}${s.partSeparator}${office.name}` : s.title,
    text: {
      title: s.title,
      office: office.name,
      automated: s.automated,
      privacy: s.privacy,
      skipToChat: s.skipToChat,
      footer: contact.join(s.partSeparator),
      connecting: s.connecting,
      noscript,
      website: office.website ? s.website : ''
    },
    labels: { languages: s.languageLabel, chat: s.chatLabel },
    strings: {
      connecting: s.connecting,
      ended: s.ended,
      failed,
      retry: s.retry,
      placeholder: s.placeholder,
      avatar: s.avatar,
      avatarLabel: s.avatarLabel
    }
  };
}

export function renderChatPage(input: PageInput): string {
  const { locale } = input;
  const views = Object.fromEntries(
    SUPPORTED_LOCALES.map((l) => [l, localeView(l, input.offices[l])])
  ) as Record<Locale, ReturnType<typeof localeView>>;
  const view = views[locale];
  const config = {
    locale,
    tokenUrl: input.tokenUrl,
    directLineDomain: input.directLineDomain ?? null,
    webSocket: input.webSocket ?? false,
    embed: input.embed,
    locales: views
  };
  const languages = SUPPORTED_LOCALES.map((l) => {
    const href = `?lang=${l}${input.embed ? '&embed=1' : ''}`;
    const current = l === locale ? ' aria-current="true"' : '';
    return `<li><a href="${escapeHtml(href)}" lang="${l}" hreflang="${l}" data-locale="${l}"${current}>${LANGUAGE_NAMES[l]}</a></li>`;
  }).join('');
  const text = (key: keyof typeof view.text) => `data-text="${key}"`;
  const site = input.offices[locale].website;
  const website = site
    ? `${escapeHtml(PAGE_STRINGS[locale].partSeparator)}<span ${text('website')}>${escapeHtml(view.text.website)}</span><a href="${escapeHtml(site)}" rel="noopener" target="_blank">${escapeHtml(site)}</a>`
    : '';
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(view.documentTitle)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(input.assets.style)}">
<script id="fao-config" type="application/json">${scriptJson(config)}</script>
<script src="${escapeHtml(input.assets.webChat)}" defer></script>
<script src="${escapeHtml(input.assets.script)}" defer></script>
</head>
<body class="${input.embed ? 'embed' : 'standalone'}">
<a class="skip-link" href="#chat" ${text('skipToChat')}>${escapeHtml(view.text.skipToChat)}</a>
<header class="site-header">
<div class="brand">
<span class="emblem" aria-hidden="true"></span>
<div><p class="office" ${text('office')}${view.text.office ? '' : ' hidden'}>${escapeHtml(view.text.office)}</p><h1 ${text('title')}>${escapeHtml(view.text.title)}</h1></div>
</div>
<nav class="languages" aria-label="${escapeHtml(view.labels.languages)}"><ul>${languages}</ul></nav>
</header>
<main class="main">
<p class="notice" role="note"><strong ${text('automated')}>${escapeHtml(view.text.automated)}</strong> <span ${text('privacy')}>${escapeHtml(view.text.privacy)}</span></p>
<p class="status" id="chat-status" role="status" aria-live="polite">${escapeHtml(view.text.connecting)}</p>
<section id="chat" class="chat" aria-label="${escapeHtml(view.labels.chat)}" tabindex="-1"></section>
<noscript><p class="status">${escapeHtml(view.text.noscript)}</p></noscript>
</main>
<footer class="site-footer"><p><span ${text('footer')}>${escapeHtml(view.text.footer)}</span>${website}</p></footer>
</body>
</html>
`;
}
