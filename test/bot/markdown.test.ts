/** Markdown as Web Chat shows it: emphasis beside CJK punctuation, line breaks in Chinese, tel: links. */
import { linkPhones, phoneLink, telUrl, webMarkdown } from '../../src/bot/markdown';
import { toPlainText } from '../../src/bot/render';

describe('webMarkdown', () => {
  it('moves punctuation at the edges of bold text outside it, so CommonMark opens and closes it', () => {
    expect(webMarkdown('协调开展**“肇庆市荣誉市民”**评选工作')).toBe('协调开展“**肇庆市荣誉市民**”评选工作');
    expect(webMarkdown('須持**「通行證」**及**有效簽注。**然後')).toBe(
      '須持「**通行證**」及**有效簽注**。然後'
    );
    expect(webMarkdown('Call **0758-2828903**, please')).toBe('Call **0758-2828903**, please');
    expect(webMarkdown('**“”**')).toBe('**“”**');
    expect(webMarkdown('事业单位**短期因公出国（境）**团组')).toBe('事业单位**短期因公出国**（境）团组');
    expect(webMarkdown('**（注）请注意**后')).toBe('（注）**请注意**后');
    expect(webMarkdown('协调**“荣誉市民”**评选')).toBe('协调“**荣誉市民**”评选');
  });
  it('keeps links inside bold whole', () => {
    const text = '电话：**[0758-2828903](tel:0758-2828903)、[0758-2837849](tel:0758-2837849)**。';
    expect(webMarkdown(text)).toBe(text);
  });
  it('makes a single line break inside a paragraph a hard break, and leaves lists and paragraphs alone', () => {
    expect(webMarkdown('地址在这里。\n此处未公布办公时间。')).toBe('地址在这里。\\\n此处未公布办公时间。');
    expect(webMarkdown('Line one.\nLine two.')).toBe('Line one.\\\nLine two.');
    const list = 'Intro:\n\n- one\n- two\n\nEnd.';
    expect(webMarkdown(list)).toBe(list);
    expect(webMarkdown('Intro\n- one')).toBe('Intro\n- one');
  });
  it("escapes what Web Chat's typographer would turn into symbols: (c) stays (c), not ©", () => {
    expect(webMarkdown('main responsibilities (c), (e)')).toBe('main responsibilities \\(c), (e)');
    expect(webMarkdown('(R) (tm) (P) 5+-1')).toBe('\\(R) \\(tm) \\(P) 5\\+-1');
    expect(webMarkdown('already \\(c) escaped')).toBe('already \\(c) escaped');
    expect(webMarkdown('“quoted” text (a)')).toBe('“quoted” text (a)');
  });
});

describe('phone links', () => {
  it('dial the number as written', () => {
    expect(telUrl('0758-2828903')).toBe('tel:0758-2828903');
    expect(telUrl('+86 758 282 8903')).toBe('tel:+86-758-282-8903');
    expect(phoneLink('0758-2828903')).toBe('[0758-2828903](tel:0758-2828903)');
  });
  it("link every occurrence of the office's numbers, never twice, never inside longer numbers", () => {
    const phones = ['0758-2828903', '0758-2837849'];
    expect(linkPhones('请致电 0758-2828903、0758-2837849。', phones)).toBe(
      '请致电 [0758-2828903](tel:0758-2828903)、[0758-2837849](tel:0758-2837849)。'
    );
    const linked = linkPhones('Call 0758-2828903.', phones);
    expect(linkPhones(linked, phones)).toBe(linked);
    expect(linkPhones('Ref 10758-28289034', phones)).toBe('Ref 10758-28289034');
    expect(linkPhones('no phones', [])).toBe('no phones');
  });
  it('show as the number alone in plain text', () => {
    expect(toPlainText('Call [0758-2828903](tel:0758-2828903) or see [the site](https://example.org).')).toBe(
      'Call 0758-2828903 or see the site (https://example.org).'
    );
  });
});
