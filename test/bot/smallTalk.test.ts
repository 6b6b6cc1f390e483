/** Small talk and handoff requests from the knowledge's phrase lists (knowledge/smalltalk.yaml). */
import path from 'node:path';
import { compileSmallTalk, matchSmallTalk, questionPart } from '../../src/bot/smallTalk';
import { buildKnowledge, readKnowledge } from '../../src/knowledge';

const ROOT = path.resolve(__dirname, '..', '..');
const { knowledge, problems } = readKnowledge(path.join(ROOT, 'knowledge'));
const smallTalk = compileSmallTalk(knowledge!.smallTalk);
const intentOf = (text: string) => matchSmallTalk(text, smallTalk)?.intent;

describe('small talk in the shipped knowledge', () => {
  it('loads', () => expect(problems.filter((p) => p.severity === 'error')).toEqual([]));

  it.each([
    ['hi', 'greeting'],
    ['Hello!', 'greeting'],
    ['Good morning :)', 'greeting'],
    ['你好', 'greeting'],
    ['您好！', 'greeting'],
    ['你好呀～', 'greeting'],
    ['早晨', 'greeting'],
    ['thanks', 'thanks'],
    ['Thank you so much!', 'thanks'],
    ['👍 thanks', 'thanks'],
    ['谢谢', 'thanks'],
    ['謝謝你們', 'thanks'],
    ['唔該晒', 'thanks'],
    ['好的，谢谢！', 'thanks'],
    ['ok谢谢', 'thanks'],
    ['bye', 'goodbye'],
    ["That's all, thanks!", 'goodbye'],
    ['拜拜', 'goodbye'],
    ['who are you?', 'identity'],
    ['Are you a robot?', 'identity'],
    ['你是机器人吗？', 'identity'],
    ['你係咪機械人？', 'identity']
  ])('%s is %s', (text, intent) => {
    expect(matchSmallTalk(text, smallTalk)).toEqual({ intent, kind: 'social' });
  });

  it.each([
    ['a real person', 'human'],
    ['Can I talk to a real person please?', 'human'],
    ['hello, I want to speak to a human', 'human'],
    ['人工', 'human'],
    ['人工客服', 'human'],
    ['转人工', 'human'],
    ['轉人工', 'human'],
    ['搵真人', 'human'],
    ['我要投诉', 'complaint'],
    ['我要投訴', 'complaint'],
    ['投诉护照办理太慢', 'complaint'],
    ['I want to complain about the service', 'complaint'],
    ['How do I make a complaint?', 'complaint']
  ])('%s asks for a person (%s)', (text, intent) => {
    expect(matchSmallTalk(text, smallTalk)).toEqual({ intent, kind: 'handoff' });
  });

  it.each([
    'thanks, and where is your office?',
    'hi, how do I apply for a service passport',
    '你好，公务护照怎么办理',
    '谢谢，外办电话是多少？',
    '人工智能',
    'human rights',
    'tour operator',
    'please',
    'Who are you responsible for?',
    '',
    '   ',
    '!!!'
  ])('%s is not small talk', (text) => {
    expect(intentOf(text)).toBeUndefined();
  });

  it('never breaks on odd input', () => {
    for (const text of ['\u0000', '🙂'.repeat(500), 'a'.repeat(5000), '谢'.repeat(2000), '(?<=x)[', '\\']) {
      expect(() => matchSmallTalk(text, smallTalk)).not.toThrow();
    }
  });
});

describe('small talk in the knowledge', () => {
  const office = `office:\n  name: {en: Office, zh-Hans: 外事办公室}\n  address: {en: Road 1, zh-Hans: 江滨路1号}\n  phones: ["0758-2828903"]\n  divisions:\n    - {id: general-office, name: {en: General Office, zh-Hans: 办公室}, handles: {en: all, zh-Hans: 全部}}\n`;

  it('is merged from every file and read by staff-written phrases', () => {
    const result = buildKnowledge([
      { file: 'office.yaml', text: office },
      { file: 'a.yaml', text: 'smalltalk:\n  thanks:\n    en: [cheers mate]\n' },
      { file: 'b.yaml', text: 'smalltalk:\n  thanks:\n    zh-Hans: [感恩]\n  fillers:\n    en: [so much]\n' }
    ]);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const compiled = compileSmallTalk(result.knowledge!.smallTalk);
    expect(matchSmallTalk('Cheers mate!', compiled)?.intent).toBe('thanks');
    expect(matchSmallTalk('感恩', compiled)?.intent).toBe('thanks');
    expect(matchSmallTalk('thanks', compiled)).toBeUndefined();
  });

  it('reports mistakes at their file and line', () => {
    const result = buildKnowledge([
      { file: 'office.yaml', text: office },
      {
        file: 'smalltalk.yaml',
        text: 'smalltalk:\n  thanks:\n    en: thanks\n  greting:\n    en: [hi]\n  goodbye:\n    fr: [au revoir]\n'
      },
      { file: 'bad.yaml', text: 'smalltalk: [hi]\n' }
    ]);
    const lines = result.problems.map((p) => `${p.file}:${p.line}: ${p.field}: ${p.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^smalltalk\.yaml:3: smalltalk\.thanks\.en: must be a list/),
        expect.stringMatching(
          /^smalltalk\.yaml:4: smalltalk\.greting: unknown field "greting" - did you mean "greeting"\?/
        ),
        expect.stringMatching(/^smalltalk\.yaml:7: smalltalk\.goodbye\.fr: unknown language "fr"/),
        expect.stringMatching(/^bad\.yaml:1: smalltalk: must map intents/)
      ])
    );
    expect(result.knowledge).toBeUndefined();
  });
});

describe('the question part of a message', () => {
  it.each([
    ['谢谢，你们办公室在哪里？', '你们办公室在哪里？'],
    ['thanks, and where is your office?', 'and where is your office?'],
    ['Hello! How do I apply for a service passport?', 'How do I apply for a service passport?'],
    ['公务护照怎么办理，谢谢', '公务护照怎么办理'],
    ['where is it? thanks!', 'where is it'],
    ['hi how do I apply for a passport', 'hi how do I apply for a passport'],
    ['谢谢', '谢谢'],
    ['', '']
  ])('%s -> %s', (text, expected) => {
    expect(questionPart(text, smallTalk)).toBe(expected);
  });
});
