/**
 * Issue 14 attack 6 (personal data in logs): the variants the attack found in the logs - glued to a
 * word, dots, spaces, "(at)", split ID cards - sent through the real server (Direct Line and
 * /api/messages); none reaches the log lines or the transcript served back, and a passport number
 * gets the privacy note.
 */
import { DirectLineClient } from '../helpers/directLine';
import { messageActivity, postActivity, startApp, type RunningApp } from '../helpers/server';

/** Typed variant -> the parts of it that must appear nowhere afterwards. */
const VARIANTS: [string, string[]][] = [
  ['my passportE12345678 expired, how do I renew it?', ['E12345678', '12345678']],
  ['please call me 138.0013.8000', ['0013.8000', '8000']],
  ['ID 440102 19900101 123X lost', ['19900101', '123X', '440102']],
  ['my number is 1 3 9 0 0 1 3 9 0 0 0', ['9 0 0 1 3 9']],
  ['write to li.ming(at)example.com please', ['li.ming', 'example.com']],
  ['护照号码ＥＡ１２３４５６７', ['EA1234567', '1234567']]
];

describe('personal-data variants never reach the log or the transcript', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({
      DIRECTLINE_TOKEN_SECRET: 'test-token-secret-0123456789-abcdefghij',
      RATE_LIMIT_PER_SECOND: '0'
    });
  });
  afterAll(async () => running.close());

  it.each(VARIANTS)('Direct Line: %s', async (typed, secrets) => {
    const client = await DirectLineClient.start(running.baseUrl, 'en-US');
    await client.poll();
    const posted = await client.send(typed);
    expect(posted.status).toBe(200);
    await client.poll();
    const transcript = JSON.stringify((await client.activities('0')).body);
    const logs = running.logs.map((l) => JSON.stringify(l)).join('\n');
    for (const secret of secrets) {
      expect(transcript).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });

  it("keeps the office's own number as typed, in the transcript and the log, and masks the caller's", async () => {
    const office = running.app.store.current().knowledge.office.phones[0]!;
    const client = await DirectLineClient.start(running.baseUrl, 'en-US');
    await client.poll();
    const typed = `I called ${office} but nobody answered, my number is 139 0013 9000`;
    const posted = await client.send(typed);
    const echo = (await client.poll()).find((a) => a.id === posted.body.id)!;
    expect(echo.text).toBe(`I called ${office} but nobody answered, my number is [phone]`);
    const logged = running.logs.map((l) => JSON.stringify(l)).join('\n');
    expect(logged).toContain(office);
    expect(logged).not.toContain('0013 9000');
  });

  it('/api/messages: the same variants are masked in the logs', async () => {
    for (const [typed, secrets] of VARIANTS) {
      const replies = await postActivity(running.baseUrl, messageActivity(typed));
      expect(replies.status).toBe(200);
      const logs = running.logs.map((l) => JSON.stringify(l)).join('\n');
      for (const secret of secrets) expect(logs).not.toContain(secret);
    }
  });

  it('a passport number glued to the word gets the privacy note', async () => {
    const replies = await postActivity(running.baseUrl, messageActivity('passportE12345678'));
    expect(replies.activities.map((a) => a.text ?? '').join('\n')).toMatch(
      /I do not need passport, ID-card or bank card numbers/
    );
  });
});
