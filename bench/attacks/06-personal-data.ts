/**
 * Issue 14 attack 6, full size: personal numbers in every variant the attack found (glued to words,
 * dots, spaces, split ID cards, "(at)"), 1,200 messages on /api/messages and 120 Direct Line chats;
 * not one may reach the log or a transcript, and visitors keep getting answers.
 */
import { ask, rssPeak, sleep, visitors } from './support';
import type { Attack } from './types';

/** Typed text -> what must appear nowhere afterwards. */
const VARIANTS: [string, string[]][] = [
  ['my passportE12345678 expired', ['12345678']],
  ['PASSPORTE87654321 renew', ['87654321']],
  ['call 138.0013.8000 please', ['0013.8000', '0013']],
  ['ID 440102 19900101 123X', ['19900101', '123X']],
  ['4401 0219 9001 0112 3X is my id', ['0219 9001', '0112 3X']],
  ['number 1 3 9 0 0 1 3 9 0 0 0', ['9 0 0 1 3 9']],
  ['mail li.ming(at)example.com', ['li.ming']],
  ['mail wang [at] example [dot] cn', ['wang [at]']],
  ['护照号码ＥＡ７６５４３２１', ['7654321', 'ＥＡ']],
  ['身份证440102-1990-0101-123X谢谢', ['1990-0101', '123X']],
  ['card 6222 0202 0011 2233 446', ['2233 446']],
  ['+86 139 0013 9000 is my phone', ['0013 9000']]
];
const ROUNDS = 100;
const CHATS = 120;

async function directLineChat(url: string, text: string, ip: string): Promise<string> {
  const headers = { 'content-type': 'application/json', 'x-forwarded-for': ip };
  const token = (await (
    await fetch(`${url}/v3/directline/tokens/generate`, { method: 'POST', headers, body: '{}' })
  ).json()) as { token: string };
  const auth = { ...headers, authorization: `Bearer ${token.token}` };
  const started = (await (
    await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: auth, body: '{}' })
  ).json()) as { conversationId: string };
  const base = `${url}/v3/directline/conversations/${started.conversationId}/activities`;
  await fetch(base, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ type: 'message', from: { id: 'user' }, text })
  });
  // The transcript as a reconnecting page reads it back.
  await sleep(200);
  return await (await fetch(`${base}?watermark=0`, { headers: auth })).text();
}

export default {
  name: '6 personal data in logs (variants)',
  run: async (ctx) => {
    const server = await ctx.startServer({ TRUST_PROXY: '1' });
    const peak = rssPeak(server);
    const others = visitors(server.url, 'How do I apply for a service passport?', /Service Passport/);
    let requests = 0;
    let leaks = 0;
    let failures = 0;
    const secrets = VARIANTS.flatMap(([, parts]) => parts);
    // Four attackers at a time, each message from one of 50 addresses (under the per-address limit).
    const jobs = Array.from({ length: ROUNDS * VARIANTS.length }, (_, i) => i);
    const worker = async () => {
      for (let i = jobs.shift(); i !== undefined; i = jobs.shift()) {
        const [text] = VARIANTS[i % VARIANTS.length]!;
        const { status } = await ask(server.url, text, `198.51.100.${(i % 50) + 1}`).catch(() => ({
          status: 0
        }));
        requests++;
        if (status !== 200) failures++;
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    for (let i = 0; i < CHATS; i++) {
      const [text] = VARIANTS[i % VARIANTS.length]!;
      const transcript = await directLineChat(server.url, text, `198.51.101.${(i % 50) + 1}`);
      requests += 5;
      if (secrets.some((s) => transcript.includes(s))) leaks++;
    }
    const log = server.logs?.() ?? '';
    const loggedLeaks = secrets.filter((s) => log.includes(s));
    const seen = await others.stop();
    return {
      attack: '6 personal data in logs (variants)',
      requests,
      peakRssMb: peak(),
      errorsForOthers: seen.failed,
      held: leaks === 0 && loggedLeaks.length === 0 && failures === 0 && seen.failed === 0 && log !== '',
      note: `${VARIANTS.length} variants; leaked in transcripts: ${leaks}, in the log: ${loggedLeaks.length}${loggedLeaks.length ? ` (${loggedLeaks.join(', ')})` : ''}; attacker requests refused: ${failures}; visitors asked ${seen.asked}`
    };
  }
} satisfies Attack;
