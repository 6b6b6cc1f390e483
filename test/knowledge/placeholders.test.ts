/** The words placeholders generate into answers: from locales/, with each language's punctuation. */
import path from 'node:path';
import { formatHours } from '../../src/knowledge/placeholders';
import { readKnowledge } from '../../src/knowledge';
import type { OpeningHours, TimeRange } from '../../src/knowledge/types';
import { knowledgeWithHours } from '../helpers/knowledgeDirs';

const day = (...ranges: [number, number][]): TimeRange[] => ranges.map(([start, end]) => ({ start, end }));
const WORKDAY = day([8 * 60 + 30, 12 * 60], [14 * 60 + 30, 17 * 60 + 30]);
const HOURS: OpeningHours = {
  timezone: 'Asia/Shanghai',
  weekly: { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY, sat: [], sun: [] }
};

describe('the weekly hours ({{office.hours}})', () => {
  it('groups days with the same hours and uses each language’s punctuation', () => {
    expect(formatHours(HOURS, 'en')).toBe(
      'Monday to Friday 08:30-12:00, 14:30-17:30; Saturday and Sunday closed (Beijing time).'
    );
    expect(formatHours(HOURS, 'zh-Hans')).toBe(
      '周一至周五 08:30-12:00、14:30-17:30；周六、周日休息（北京时间）。'
    );
    expect(formatHours(HOURS, 'zh-Hant')).toBe(
      '週一至週五 08:30-12:00、14:30-17:30；週六、週日休息（北京時間）。'
    );
  });

  it('keeps days apart when their hours differ, names other zones, and adds the note without a space in Chinese', () => {
    const hours: OpeningHours = {
      timezone: 'Europe/London',
      weekly: { ...HOURS.weekly, wed: day([9 * 60, 12 * 60]), sat: day([9 * 60, 11 * 60]) },
      note: { en: 'Closed on public holidays.', 'zh-Hans': '法定节假日休息。', 'zh-Hant': '法定節假日休息。' }
    };
    expect(formatHours(hours, 'en')).toBe(
      'Monday and Tuesday 08:30-12:00, 14:30-17:30; Wednesday 09:00-12:00; Thursday and Friday 08:30-12:00, 14:30-17:30; Saturday 09:00-11:00; Sunday closed (Europe/London). Closed on public holidays.'
    );
    expect(formatHours(hours, 'zh-Hans')).toBe(
      '周一、周二 08:30-12:00、14:30-17:30；周三 09:00-12:00；周四、周五 08:30-12:00、14:30-17:30；周六 09:00-11:00；周日休息（Europe/London）。法定节假日休息。'
    );
  });

  it('says the hours are not published, and to call only when there is a phone', () => {
    expect(formatHours(undefined, 'en')).toBe(
      'Opening hours are not published here; please call before visiting.'
    );
    expect(formatHours(undefined, 'zh-Hant', false)).toBe('此處未公佈辦公時間。');
  });
});

describe('generated lists in answers', () => {
  const knowledge = readKnowledge(knowledgeWithHours(path.resolve(__dirname, '../../knowledge'))).knowledge!;
  const answer = (id: string, locale: 'en' | 'zh-Hans' | 'zh-Hant') =>
    knowledge.entries.find((e) => e.id === id)!.answer[locale];

  it('labels divisions and leaders with a full-width colon and comma in Chinese', () => {
    expect(answer('divisions', 'zh-Hans')).toContain('- **护照签证科**：办理因公普通护照');
    expect(answer('leadership', 'zh-Hant')).toMatch(/- \*\*Lin Jie\*\*，主任：/);
    expect(answer('divisions', 'en')).toMatch(/- \*\*Division of Passport & Visa\*\*: Issuing/);
    expect(answer('leadership', 'en')).toContain('- **Lin Jie**, Director General: ');
  });

  it('leaves no ASCII separator followed by a space before Chinese text', () => {
    for (const entry of knowledge.entries)
      for (const locale of ['zh-Hans', 'zh-Hant'] as const)
        expect([
          entry.id,
          locale,
          /[;:,] (?=\p{Script=Han})|\p{Script=Han} (?=\p{Script=Han})/u.test(entry.answer[locale])
        ]).toEqual([entry.id, locale, false]);
  });
});
