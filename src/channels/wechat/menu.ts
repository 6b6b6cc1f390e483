/**
 * The account's custom menu: knowledge/wechat-menu.yaml -> the body of WeChat's menu/create API.
 * Pure apart from reading the file. Problems are reported as `file:line: field: message`, like the
 * knowledge's, and a click button's key is what inbound.ts turns back into the bot's button value.
 */
import { readFileSync } from 'node:fs';
import { parseYaml, YamlSyntaxError, type YamlPath } from '../../knowledge/yamlSource';
import { isSupportedLocale } from '../../language/locale';
import { menuKeyValue } from './inbound';

/** WeChat's limits (自定义菜单创建接口). */
const MAX_BUTTONS = 3;
const MAX_ITEMS = 5;
const MAX_BUTTON_NAME_BYTES = 16;
const MAX_ITEM_NAME_BYTES = 60;
const MAX_KEY_BYTES = 128;
const MAX_URL_BYTES = 1024;

export type WeChatMenuButton =
  | { type: 'click'; name: string; key: string }
  | { type: 'view'; name: string; url: string }
  | { name: string; sub_button: WeChatMenuButton[] };

export interface WeChatMenu {
  button: WeChatMenuButton[];
}

export interface MenuProblem {
  file: string;
  line: number;
  field: string;
  message: string;
}

export interface MenuResult {
  menu?: WeChatMenu;
  problems: MenuProblem[];
  /** Knowledge topics the menu lists, to check against the knowledge. */
  topics: string[];
}

export function formatMenuProblem(problem: MenuProblem): string {
  return `${problem.file}:${problem.line}: ${problem.field}: ${problem.message}`;
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readMenuFile(file: string): MenuResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { problems: [{ file, line: 1, field: '', message: `cannot read: ${reason}` }], topics: [] };
  }
  return parseMenu(text, file);
}

export function parseMenu(text: string, file: string): MenuResult {
  let parsed;
  try {
    parsed = parseYaml(text, file);
  } catch (error) {
    const syntax = error instanceof YamlSyntaxError ? error : new YamlSyntaxError(1, String(error));
    return {
      problems: [{ file, line: syntax.line, field: '', message: `YAML syntax: ${syntax.reason}` }],
      topics: []
    };
  }
  const problems: MenuProblem[] = [];
  const topics: string[] = [];
  const report = (path: YamlPath, message: string) =>
    problems.push({ file, line: parsed.lineOf(path), field: path.join('.'), message });

  const data = parsed.data;
  const buttons = isMapping(data) ? data.wechatMenu : undefined;
  if (!Array.isArray(buttons) || buttons.length === 0) {
    report(['wechatMenu'], 'must be a list of 1 to 3 buttons ("- name: ...")');
    return { problems, topics };
  }
  if (buttons.length > MAX_BUTTONS)
    report(['wechatMenu'], `WeChat shows at most ${MAX_BUTTONS} buttons; found ${buttons.length}`);

  /** One clickable button or item: its action as a click key or a link. */
  const action = (
    value: Record<string, unknown>,
    path: YamlPath,
    name: string
  ): WeChatMenuButton | undefined => {
    switch (value.action) {
      case 'topic': {
        if (typeof value.topic !== 'string' || !/^[a-z0-9-]+$/.test(value.topic)) {
          report([...path, 'topic'], 'a topic action needs topic: (a knowledge topic such as passports)');
          return undefined;
        }
        topics.push(value.topic);
        return { type: 'click', name, key: `topic:${value.topic}` };
      }
      case 'contact': {
        const contactKey = 'contact';
        return { type: 'click', name, key: contactKey };
      }
      case 'language':
        if (!isSupportedLocale(value.locale)) {
          report([...path, 'locale'], 'a language action needs locale: en, zh-Hans or zh-Hant');
          return undefined;
        }
        return { type: 'click', name, key: `language:${value.locale}` };
      case 'url': {
        const url = typeof value.url === 'string' ? value.url.trim() : '';
        if (!/^https?:\/\/\S+$/.test(url) || bytes(url) > MAX_URL_BYTES) {
          report(
            [...path, 'url'],
            `a url action needs url: an http(s) address of at most ${MAX_URL_BYTES} bytes`
          );
          return undefined;
        }
        return { type: 'view', name, url };
      }
      default:
        report([...path, 'action'], 'must be topic, contact, language or url');
        return undefined;
    }
  };

  const entry = (
    value: unknown,
    path: YamlPath,
    maxNameBytes: number,
    allowItems: boolean
  ): WeChatMenuButton | undefined => {
    if (!isMapping(value)) {
      report(path, 'must be a mapping with name: and action: (or items:)');
      return undefined;
    }
    const name = typeof value.name === 'string' ? value.name.trim() : '';
    if (!name) report([...path, 'name'], 'is required');
    else if (bytes(name) > maxNameBytes)
      report(
        [...path, 'name'],
        `"${name}" is ${bytes(name)} bytes; WeChat allows ${maxNameBytes} (a Chinese character is 3)`
      );
    if (value.items !== undefined) {
      if (!allowItems) {
        report([...path, 'items'], 'an item cannot have items of its own');
        return undefined;
      }
      if (value.action !== undefined)
        report([...path, 'action'], 'a button has either items: or action:, not both');
      if (!Array.isArray(value.items) || value.items.length === 0 || value.items.length > MAX_ITEMS) {
        report([...path, 'items'], `must be a list of 1 to ${MAX_ITEMS} items`);
        return undefined;
      }
      const items = value.items.map((item, i) =>
        entry(item, [...path, 'items', i], MAX_ITEM_NAME_BYTES, false)
      );
      return { name, sub_button: items.filter((b): b is WeChatMenuButton => b !== undefined) };
    }
    const button = action(value, path, name);
    if (button && 'key' in button && (bytes(button.key) > MAX_KEY_BYTES || !menuKeyValue(button.key)))
      report(path, `cannot be turned into a menu key`);
    return button;
  };

  const menu: WeChatMenu = {
    button: buttons
      .map((button, i) => entry(button, ['wechatMenu', i], MAX_BUTTON_NAME_BYTES, true))
      .filter((b): b is WeChatMenuButton => b !== undefined)
  };
  return problems.length > 0 ? { problems, topics } : { menu, problems, topics };
}
