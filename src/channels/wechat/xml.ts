/**
 * The XML WeChat speaks: a flat <xml> element of fields. Parsing refuses DOCTYPE and entity
 * declarations (no XXE, no billion laughs) and reports malformed XML as a clear error; building
 * wraps text in CDATA safely. Pure.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export class WeChatXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeChatXmlError';
  }
}

/** The <xml> element's fields whose content is text; nested elements (e.g. ScanCodeInfo) are left out. */
export type XmlFields = Readonly<Record<string, string>>;

const parser = new XMLParser({
  ignoreAttributes: true,
  // Keep every value as text: MsgId is a 64-bit number JavaScript would round.
  parseTagValue: false,
  // Only XML's five predefined entities and character references; declarations are refused below.
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true
});

const DECLARATION = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

export function parseWeChatXml(text: string): XmlFields {
  if (text.trim() === '') throw new WeChatXmlError('The body is empty; expected WeChat XML');
  if (DECLARATION.test(text))
    throw new WeChatXmlError('DOCTYPE and entity declarations are not accepted in WeChat XML');
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new WeChatXmlError(`Malformed XML at line ${valid.err.line}: ${describe(valid.err.msg)}`);
  const document = parser.parse(text) as Record<string, unknown>;
  const roots = Object.keys(document);
  if (roots.length !== 1 || roots[0] !== 'xml')
    throw new WeChatXmlError('Expected one <xml> root element, as WeChat sends');
  const root = document.xml;
  if (root === '' || root === undefined) return {};
  if (Array.isArray(root)) throw new WeChatXmlError('Expected one <xml> root element, as WeChat sends');
  if (typeof root !== 'object' || root === null)
    throw new WeChatXmlError('Expected an <xml> element with fields');
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(root as Record<string, unknown>)) {
    if (Array.isArray(value)) throw new WeChatXmlError(`<${name}> appears more than once`);
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}

/** fast-xml-parser reports elements left open as a JSON array of their names; say it in words. */
function describe(message: string): string {
  const open = /^Invalid '\[(.*)\]' found\.$/s.exec(message);
  if (!open) return message;
  const names = [...open[1]!.matchAll(/"([^"]*)"/g)].map((m) => `<${m[1]}>`);
  return `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} never closed`;
}

/** Text as one CDATA section or several: "]]>" inside cannot end it early. */
export function cdata(text: string): string {
  // XML 1.0 forbids most control characters even inside CDATA; WeChat would refuse the reply.
  // eslint-disable-next-line no-control-regex -- removing exactly these characters is the point
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
  return `<![CDATA[${clean.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** A flat <xml> document: strings in CDATA, numbers as they are. */
export function buildWeChatXml(fields: Readonly<Record<string, string | number>>): string {
  const body = Object.entries(fields)
    .map(([name, value]) => `<${name}>${typeof value === 'number' ? String(value) : cdata(value)}</${name}>`)
    .join('');
  return `<xml>${body}</xml>`;
}
