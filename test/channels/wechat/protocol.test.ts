/** The pure parts of the WeChat protocol: signatures, AES, XML, pushes -> activities, replies -> texts. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  isEncodingAesKey,
  pkcs7Pad,
  pkcs7Unpad,
  WeChatCrypto,
  WeChatCryptoError
} from '../../../src/channels/wechat/crypto';
import { dedupeKey, menuKeyValue, toActivity } from '../../../src/channels/wechat/inbound';
import { activityText, MAX_TEXT_BYTES, splitMessage } from '../../../src/channels/wechat/outbound';
import { signatureMatches, timestampIsFresh, wechatSignature } from '../../../src/channels/wechat/signature';
import { buildWeChatXml, parseWeChatXml, WeChatXmlError } from '../../../src/channels/wechat/xml';
import { FakeCipher } from '../../helpers/fakeWeChat';

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wx5823bf96d3bd56c7';

describe('signatures', () => {
  it('is the SHA-1 of the sorted parts, concatenated', () => {
    // sort(["token", "1409304348", "xxxxxx"]) = "1409304348", "token", "xxxxxx"
    expect(wechatSignature('token', '1409304348', 'xxxxxx')).toBe(
      execFileSync('sh', ['-c', 'printf %s 1409304348tokenxxxxxx | sha1sum']).toString().split(' ')[0]
    );
    expect(wechatSignature('b', 'a')).toBe(wechatSignature('a', 'b'));
  });

  it('compares in constant time and refuses anything but the same hex', () => {
    const expected = wechatSignature('t', '1', 'n');
    expect(signatureMatches(expected, expected)).toBe(true);
    expect(signatureMatches(expected.toUpperCase(), expected)).toBe(true);
    expect(signatureMatches(expected.slice(1), expected)).toBe(false);
    expect(signatureMatches(undefined, expected)).toBe(false);
    expect(signatureMatches(['x'], expected)).toBe(false);
    expect(
      signatureMatches(`${expected.slice(0, -1)}0` === expected ? 'x' : `${expected.slice(0, -1)}0`, expected)
    ).toBe(false);
  });

  it('accepts timestamps within 5 minutes only', () => {
    const now = 1_800_000_000_000;
    expect(timestampIsFresh('1800000000', now)).toBe(true);
    expect(timestampIsFresh('1799999701', now)).toBe(true);
    expect(timestampIsFresh('1799999699', now)).toBe(false);
    expect(timestampIsFresh('1800000301', now)).toBe(false);
    for (const bad of ['', '1e9', '-1', '1800000000.5', ' 1800000000', undefined, 1800000000])
      expect(timestampIsFresh(bad, now)).toBe(false);
  });
});

describe('AES (safe and compatible mode)', () => {
  const crypto = new WeChatCrypto(KEY, APP_ID);
  const fake = new FakeCipher(KEY, APP_ID);

  it('knows a well-formed EncodingAESKey', () => {
    expect(isEncodingAesKey(KEY)).toBe(true);
    expect(isEncodingAesKey(KEY.slice(1))).toBe(false);
    expect(isEncodingAesKey(`${KEY.slice(1)}!`)).toBe(false);
    expect(() => new WeChatCrypto('short', APP_ID)).toThrow(/43/);
  });

  it('pads with PKCS#7 to 32-byte blocks (a full block when already aligned)', () => {
    for (let length = 0; length <= 65; length++) {
      const padded = pkcs7Pad(Buffer.alloc(length, 7));
      expect(padded.length % 32).toBe(0);
      const amount = padded.length - length;
      expect(amount).toBeGreaterThanOrEqual(1);
      expect(amount).toBeLessThanOrEqual(32);
      expect(padded.subarray(length).every((b) => b === amount)).toBe(true);
      expect(pkcs7Unpad(padded)).toEqual(Buffer.alloc(length, 7));
    }
    expect(pkcs7Unpad(Buffer.from([1, 2, 3, 0]))).toBeUndefined();
    expect(pkcs7Unpad(Buffer.from([1, 2, 33]))).toBeUndefined();
    expect(pkcs7Unpad(Buffer.from([1, 3, 2, 2, 3]))).toBeUndefined();
  });

  it('round-trips with the independent fake implementation, for every padding length', () => {
    for (let extra = 0; extra < 33; extra++) {
      const message = `<xml><Content><![CDATA[${'护'.repeat(extra)}x${'a'.repeat(extra)}]]></Content></xml>`;
      expect(crypto.decrypt(fake.encrypt(message))).toBe(message);
      const back = fake.decrypt(crypto.encrypt(message));
      expect(back).toMatchObject({ xml: message, appId: APP_ID });
    }
  });

  const opensslIt = existsSync('/usr/bin/openssl') ? it : it.skip;
  opensslIt(
    'produces what OpenSSL decrypts as AES-256-CBC with IV = the key start (no padding of its own)',
    () => {
      const key = Buffer.from(`${KEY}=`, 'base64');
      const dir = mkdtempSync(path.join(tmpdir(), 'wechat-aes-'));
      const file = path.join(dir, 'cipher.bin');
      writeFileSync(file, Buffer.from(crypto.encrypt('<xml>中文</xml>'), 'base64'));
      const plain = execFileSync('openssl', [
        'enc',
        '-d',
        '-aes-256-cbc',
        '-nopad',
        '-K',
        key.toString('hex'),
        '-iv',
        key.subarray(0, 16).toString('hex'),
        '-in',
        file
      ]);
      const body = Buffer.from('<xml>中文</xml>');
      expect(plain.readUInt32BE(16)).toBe(body.length);
      expect(plain.subarray(20, 20 + body.length)).toEqual(body);
      const rest = plain.subarray(20 + body.length);
      const pad = rest[rest.length - 1]!;
      expect(plain.length % 32).toBe(0);
      expect(rest.subarray(0, rest.length - pad).toString()).toBe(APP_ID);
    }
  );

  it('refuses another app id, another key, and garbage', () => {
    expect(() => crypto.decrypt(fake.encrypt('<xml/>', 'wx0000000000000000'))).toThrow(
      expect.objectContaining({ reason: 'appId' })
    );
    const other = new FakeCipher('ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut', APP_ID);
    expect(() => crypto.decrypt(other.encrypt('<xml/>'))).toThrow(WeChatCryptoError);
    for (const garbage of ['', 'not base64!!', 'QUJD', Buffer.alloc(32).toString('base64')])
      expect(() => crypto.decrypt(garbage)).toThrow(WeChatCryptoError);
  });

  it('uses fresh random bytes for every message', () => {
    expect(crypto.encrypt('same')).not.toBe(crypto.encrypt('same'));
  });
});

describe('XML', () => {
  it('reads the flat fields as text, keeping 64-bit MsgIds exact', () => {
    const fields = parseWeChatXml(
      '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType>' +
        '<Content><![CDATA[a & b <c>]]></Content><MsgId>24181920143214123456</MsgId><ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo></xml>'
    );
    expect(fields).toEqual({
      ToUserName: 'gh_1',
      CreateTime: '1348831860',
      MsgType: 'text',
      Content: 'a & b <c>',
      MsgId: '24181920143214123456'
    });
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['hello', /Malformed XML/],
    ['<xml><a>1</a>', /Unclosed tag 'xml'/],
    ['<xml><a>1', /<xml>, <a> are never closed/],
    ['<xml><a>1</b></xml>', /Malformed XML at line 1: Expected closing tag 'a'/],
    ['<other><a>1</a></other>', /one <xml> root/],
    ['<xml><a>1</a></xml><xml/>', /one <xml> root/],
    ['<xml><a>1</a><a>2</a></xml>', /<a> appears more than once/],
    ['<!DOCTYPE xml [<!ENTITY x "y">]><xml><a>&x;</a></xml>', /DOCTYPE/],
    ['<?xml version="1.0"?><!DOCTYPE xml SYSTEM "file:///etc/passwd"><xml/>', /DOCTYPE/],
    ['<xml><!ENTITY lol "lol"><a>1</a></xml>', /entity/]
  ])('refuses %j clearly', (text, message) => {
    expect(() => parseWeChatXml(text)).toThrow(WeChatXmlError);
    expect(() => parseWeChatXml(text)).toThrow(message);
  });

  it('builds CDATA that survives "]]>" and drops characters XML forbids', () => {
    const xml = buildWeChatXml({ Content: 'a]]>b\u0001c', CreateTime: 5 });
    expect(xml).toBe(
      '<xml><Content><![CDATA[a]]]]><![CDATA[>bc]]></Content><CreateTime>5</CreateTime></xml>'
    );
    expect(parseWeChatXml(xml)).toEqual({ Content: 'a]]>bc', CreateTime: '5' });
  });
});

describe('pushes become activities', () => {
  const now = new Date('2026-12-03T08:00:00Z');
  const base = { ToUserName: 'gh_fao', FromUserName: 'oOpenId1', CreateTime: '1796284800' };

  it('text: a message from the OpenID, locale from the script, zh-Hans otherwise', () => {
    const cases: [string, string][] = [
      ['How do I apply for a passport?', 'en'],
      ['护照怎么办理', 'zh-Hans'],
      ['護照怎麼辦理', 'zh-Hant'],
      ['2', 'zh-Hans'],
      ['您好', 'zh-Hans']
    ];
    for (const [text, locale] of cases) {
      const push = toActivity({ ...base, MsgType: 'text', Content: text, MsgId: '123' }, now);
      expect(push).toMatchObject({
        kind: 'activity',
        activity: {
          type: 'message',
          channelId: 'wechat',
          id: '123',
          text,
          locale,
          from: { id: 'oOpenId1' },
          conversation: { id: 'oOpenId1' },
          recipient: { id: 'gh_fao' }
        }
      });
    }
  });

  it('voice with recognition is text; without, pictures, stickers, locations and links are attachments only', () => {
    expect(toActivity({ ...base, MsgType: 'voice', Recognition: '护照怎么办' }, now)).toMatchObject({
      activity: { type: 'message', text: '护照怎么办' }
    });
    for (const type of [
      'voice',
      'image',
      'location',
      'link',
      'video',
      'shortvideo',
      'file',
      'somethingNew'
    ]) {
      const push = toActivity({ ...base, MsgType: type, PicUrl: 'http://x', Url: 'http://y' }, now);
      expect(push.kind).toBe('activity');
      if (push.kind !== 'activity') continue;
      expect(push.activity.text).toBe('');
      expect(push.activity.attachments).toHaveLength(1);
      // Nothing the user sent (their picture's address, their location) is passed on.
      expect(JSON.stringify(push.activity)).not.toMatch(/http:\/\/[xy]/);
    }
  });

  it('following is the welcome; a menu click a button press; other events nothing', () => {
    expect(toActivity({ ...base, MsgType: 'event', Event: 'subscribe' }, now)).toMatchObject({
      activity: {
        type: 'conversationUpdate',
        membersAdded: [{ id: 'oOpenId1' }],
        recipient: { id: 'gh_fao' }
      }
    });
    expect(
      toActivity({ ...base, MsgType: 'event', Event: 'CLICK', EventKey: 'topic:passports' }, now)
    ).toMatchObject({
      activity: { type: 'message', text: '', value: { action: 'topic', topic: 'passports' } }
    });
    for (const Event of ['unsubscribe', 'VIEW', 'LOCATION', 'SCAN', 'TEMPLATESENDJOBFINISH', ''])
      expect(toActivity({ ...base, MsgType: 'event', Event }, now).kind).toBe('ignore');
    expect(toActivity({ ...base, MsgType: 'event', Event: 'CLICK', EventKey: 'nonsense' }, now).kind).toBe(
      'ignore'
    );
  });

  it('refuses pushes without sender, account or type', () => {
    expect(toActivity({ MsgType: 'text', Content: 'x' }, now).kind).toBe('invalid');
  });

  it('identifies a push by MsgId, an event by sender and time', () => {
    expect(dedupeKey({ ...base, MsgId: '9' })).toBe('msg:9');
    expect(dedupeKey({ ...base, MsgType: 'event' })).toBe('event:oOpenId1:1796284800');
    expect(dedupeKey({ MsgType: 'event' })).toBeUndefined();
  });

  it('maps menu keys to the button contract', () => {
    expect(menuKeyValue('contact')).toEqual({ action: 'contact' });
    expect(menuKeyValue('language:zh-Hant')).toEqual({ action: 'language', locale: 'zh-Hant' });
    expect(menuKeyValue('topic:')).toBeUndefined();
    expect(menuKeyValue('contact:x')).toBeUndefined();
    expect(menuKeyValue('topic:a:b')).toBeUndefined();
  });
});

describe('replies become WeChat texts', () => {
  it('spells out cards and buttons that have no WeChat form', () => {
    expect(
      activityText({
        type: 'message',
        text: 'See below',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.hero',
            content: {
              title: 'Office',
              text: 'Phone: 0758-2828903',
              buttons: [{ type: 'openUrl', title: 'Website', value: 'https://example.gov.cn' }]
            }
          }
        ],
        suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Passports', value: 'Passports' }] }
      })
    ).toBe('See below\n\nOffice\nPhone: 0758-2828903\nWebsite: https://example.gov.cn\n\n1. Passports');
    expect(activityText({ type: 'typing' })).toBeUndefined();
    expect(activityText({ type: 'message', text: '  ' })).toBeUndefined();
  });

  it('splits long replies under the byte limit at paragraph, line or sentence ends, losing nothing', () => {
    const paragraphs = Array.from(
      { length: 12 },
      (_, i) => `第${i + 1}段。${'因公护照由外事办公室办理。'.repeat(20)}`
    );
    const text = paragraphs.join('\n\n');
    const parts = splitMessage(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(MAX_TEXT_BYTES);
    expect(parts.join('\n\n')).toBe(text);
    // One unbroken run of characters is cut at a character boundary, never inside one.
    const run = '护'.repeat(2000);
    const cut = splitMessage(run, 100);
    expect(cut.join('')).toBe(run);
    for (const part of cut) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(100);
    expect(splitMessage('short')).toEqual(['short']);
    expect(splitMessage('')).toEqual([]);
  });
});
