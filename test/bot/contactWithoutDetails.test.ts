/** An office that publishes no address, phone or fax: every place that shows contact details says so. */
import { contactDetails, contactHeroCard, contactPlainText } from '../../src/bot/contactCard';
import { createTranslator, DEFAULT_LOCALES_DIR, readLocaleResources } from '../../src/language/i18n';
import { buildKnowledge, type Office } from '../../src/knowledge';
import { renderChatPage, type PageInput } from '../../src/web/page';

const t = createTranslator(readLocaleResources(DEFAULT_LOCALES_DIR));
const NOW = new Date('2026-12-03T03:00:00Z');
const ENTRY = `entries:
  - id: about
    topic: office
    questions: {en: [What do you do?], zh-Hans: [你们做什么？]}
    answer: {en: "The {{office.name}}. {{office.hours}}", zh-Hans: "{{office.name}}。{{office.hours}}"}
    source: About us
    reviewed: 2026-12-01
`;

function officeOf(officeYaml: string, entry = ENTRY) {
  return buildKnowledge([
    { file: 'office.yaml', text: officeYaml },
    { file: 'entries.yaml', text: entry }
  ]);
}

describe('an office without published contact details', () => {
  const bare = officeOf('office:\n  name: {en: Example Office, zh-Hans: 示例办公室}\n');
  const withSite = officeOf(
    'office:\n  name: {en: Example Office, zh-Hans: 示例办公室}\n  website: https://www.example.gov.cn/\n'
  );

  it('loads with name only: address, phones and fax are optional', () => {
    expect(bare.problems).toEqual([]);
    expect(bare.knowledge!.office).toMatchObject({ phones: [], address: undefined, fax: undefined });
    // {{office.hours}} without a phone number does not tell users to call.
    expect(bare.knowledge!.entries[0]!.answer.en).toBe(
      'The Example Office. Opening hours are not published here.'
    );
  });

  it('rejects an answer that promises a fact the office does not publish', () => {
    const result = officeOf(
      'office:\n  name: {en: Example Office, zh-Hans: 示例办公室}\n',
      ENTRY.replace('{{office.hours}}"', 'Call {{office.phones}}."')
    );
    expect(result.knowledge).toBeUndefined();
    expect(result.problems.map((p) => p.message)).toEqual([
      '{{office.phones}} is used, but office.yaml has no phones: say where users can find out instead (e.g. the website or the division)'
    ]);
  });

  it.each(['en', 'zh-Hans', 'zh-Hant'] as const)(
    'the contact card in %s says the details are not published',
    (locale) => {
      const details = contactDetails(bare.knowledge!, undefined, NOW, locale, t);
      expect(details.lines).toEqual([]);
      expect(contactPlainText(details)).toBe(
        `${bare.knowledge!.office.name[locale]}\n${t(locale, 'contact.notPublished')}`
      );
      expect(contactHeroCard(details, locale, t).content).toMatchObject({ buttons: [] });
    }
  );

  it('points to the official website when one is configured', () => {
    const details = contactDetails(withSite.knowledge!, undefined, NOW, 'en', t);
    expect(contactPlainText(details)).toBe(
      [
        'Example Office',
        `${t('en', 'contact.notPublished')} ${t('en', 'contact.seeWebsite')}`,
        'Website: https://www.example.gov.cn/'
      ].join('\n')
    );
    expect(contactHeroCard(details, 'en', t).content).toMatchObject({
      buttons: [{ type: 'openUrl', value: 'https://www.example.gov.cn/' }]
    });
  });

  it('the chat page never says "call the office" without a number, and links the website', () => {
    const office = (o: Office) => ({ name: o.name.en, address: '', phones: o.phones, website: o.website });
    const input = (o: Office): PageInput => ({
      locale: 'en',
      embed: false,
      offices: { en: office(o), 'zh-Hans': office(o), 'zh-Hant': office(o) },
      assets: { webChat: '/w.js', script: '/c.js', style: '/c.css' },
      tokenUrl: '/v3/directline/tokens/generate'
    });
    const bareHtml = renderChatPage(input(bare.knowledge!.office));
    expect(bareHtml).not.toMatch(/call the office|\{\{phones\}\}/);
    expect(bareHtml).toContain('The office&#39;s address and telephone numbers are not published here.');
    expect(bareHtml).toContain('The chat could not start. Please try again in a moment.');
    const siteHtml = renderChatPage(input(withSite.knowledge!.office));
    expect(siteHtml).toContain(
      'Website: </span><a href="https://www.example.gov.cn/" rel="noopener" target="_blank">'
    );
  });
});
