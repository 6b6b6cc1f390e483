/** The chat page's and the embed button's own words, per language. Bot replies live in locales/. */
import type { Locale } from '../language/locale';

export interface PageStrings {
  title: string;
  automated: string;
  privacy: string;
  languageLabel: string;
  chatLabel: string;
  connecting: string;
  /** {{phones}} is replaced with the office's phone numbers. */
  failed: string;
  /** `failed` and `noscript` for an office that publishes no phone number. */
  failedNoPhone: string;
  retry: string;
  noscript: string;
  noscriptNoPhone: string;
  skipToChat: string;
  /** Label before the phone numbers, with its colon. */
  phone: string;
  /** Label before the website link, with its colon. */
  website: string;
  /** Footer note when the office publishes neither an address nor a phone number. */
  contactNotPublished: string;
  /** The floating button's default label and the panel's close button. */
  open: string;
  close: string;
}

export const PAGE_STRINGS: Record<Locale, PageStrings> = {
  en: {
    title: 'Online enquiries',
    automated: 'This is an automated assistant, not a member of staff.',
    privacy: 'Please do not type passport, ID-card or bank card numbers.',
    languageLabel: 'Language',
    chatLabel: 'Chat with the assistant',
    connecting: 'Connecting to the assistant…',
    failed: 'The chat could not start. Please try again, or call the office at {{phones}}.',
    retry: 'Try again',
    noscript: 'The chat needs JavaScript. You can also call the office at {{phones}}.',
    failedNoPhone: 'The chat could not start. Please try again in a moment.',
    noscriptNoPhone: 'The chat needs JavaScript.',
    skipToChat: 'Skip to the chat',
    phone: 'Phone: ',
    website: 'Website: ',
    contactNotPublished: "The office's address and telephone numbers are not published here.",
    open: 'Ask us',
    close: 'Close chat'
  },
  'zh-Hans': {
    title: '在线咨询',
    automated: '这是自动应答助手，不是人工客服。',
    privacy: '请勿输入护照号、身份证号或银行卡号。',
    languageLabel: '语言',
    chatLabel: '与智能助手对话',
    connecting: '正在连接智能助手……',
    failed: '对话未能启动。请重试，或致电本办：{{phones}}。',
    retry: '重试',
    noscript: '对话需要启用 JavaScript。您也可以致电本办：{{phones}}。',
    failedNoPhone: '对话未能启动。请稍后重试。',
    noscriptNoPhone: '对话需要启用 JavaScript。',
    skipToChat: '跳到对话',
    phone: '电话：',
    website: '网站：',
    contactNotPublished: '此处未公布本办的地址和电话。',
    open: '在线咨询',
    close: '关闭对话'
  },
  'zh-Hant': {
    title: '線上諮詢',
    automated: '這是自動應答助手，不是人工客服。',
    privacy: '請勿輸入護照號、身份證號或銀行卡號。',
    languageLabel: '語言',
    chatLabel: '與智能助手對話',
    connecting: '正在連接智能助手……',
    failed: '對話未能啟動。請重試，或致電本辦：{{phones}}。',
    retry: '重試',
    noscript: '對話需要啟用 JavaScript。您也可以致電本辦：{{phones}}。',
    failedNoPhone: '對話未能啟動。請稍後重試。',
    noscriptNoPhone: '對話需要啟用 JavaScript。',
    skipToChat: '跳到對話',
    phone: '電話：',
    website: '網站：',
    contactNotPublished: '此處未公佈本辦的地址和電話。',
    open: '線上諮詢',
    close: '關閉對話'
  }
};

/** Names of the languages in themselves, for the language switch. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: 'English',
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文'
};

/** Web Chat's own UI locale for each of ours (its strings for send box, timestamps, etc.). */
export const WEBCHAT_LOCALES: Record<Locale, string> = {
  en: 'en-US',
  'zh-Hans': 'zh-CN',
  'zh-Hant': 'zh-TW'
};
