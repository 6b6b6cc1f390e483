import { gzipSync } from 'node:zlib';
import { CloudAdapterBase } from 'botbuilder';
import { messageActivity, postActivity, startApp, type RunningApp } from '../helpers/server';

describe('HTTP server on loopback', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => {
    await running.close();
  });

  it('answers /healthz', async () => {
    const response = await fetch(`${running.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('reports readiness with entry counts per locale and a version hash', async () => {
    const response = await fetch(`${running.baseUrl}/readyz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      knowledge: { version: string; entriesPerLocale: Record<string, number> };
    };
    expect(body.knowledge.version).toMatch(/^[0-9a-f]{12}$/);
    expect(body.knowledge.entriesPerLocale).toEqual({ en: 5, 'zh-Hans': 5, 'zh-Hant': 5 });
  });

  it.each([
    ['How do I apply for a service passport?', 'en', /Service Passport is issued/],
    ['公务护照怎么办理？', 'zh-Hans', /公务护照由肇庆市外事办公室颁发/],
    ['公務護照怎麼辦理？', 'zh-Hant', /公務護照由肇慶市外事辦公室頒發/]
  ])('answers %s in %s with expectReplies', async (text, locale, pattern) => {
    const replies = await postActivity(running.baseUrl, messageActivity(text));
    expect(replies.status).toBe(200);
    expect(replies.activities).toHaveLength(1);
    expect(replies.activities[0]!.locale).toBe(locale);
    expect(replies.activities[0]!.text).toMatch(pattern);
  });

  it('logs the answer with entry id, score, locale and latency', async () => {
    await postActivity(
      running.baseUrl,
      messageActivity('How do I apply for a service passport? 13812345678')
    );
    const event = running.logs.find(
      (l) => l.event === 'message.answered' && String(l.text).includes('[phone]')
    );
    expect(event).toMatchObject({ entryId: 'passport-service', locale: 'en' });
    expect(typeof event!.score).toBe('number');
    expect(typeof event!.latencyMs).toBe('number');
    expect(JSON.stringify(running.logs)).not.toContain('13812345678');
  });

  it('refuses a 300 KB body with 413 and keeps answering', async () => {
    const big = JSON.stringify(messageActivity('x'.repeat(300 * 1024)));
    const response = await fetch(`${running.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toHaveProperty('message');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js/);
    const replies = await postActivity(running.baseUrl, messageActivity('service passport'));
    expect(replies.status).toBe(200);
    expect(replies.activities[0]!.text).toMatch(/Service Passport/);
  });

  it('rejects malformed JSON and non-activities with 400 JSON errors', async () => {
    const malformed = await fetch(`${running.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": "message", '
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toHaveProperty('message');
    const notActivity = await fetch(`${running.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[1,2,3]'
    });
    expect(notActivity.status).toBe(400);
  });

  it('replies with an apology and the office phone when nothing matches', async () => {
    const replies = await postActivity(
      running.baseUrl,
      messageActivity('What is the weather like tomorrow?')
    );
    expect(JSON.stringify(replies.activities[0]!.attachments)).toContain('0758-2828903');
    expect(running.logs.some((l) => l.event === 'message.unmatched')).toBe(true);
  });

  it('refuses compressed bodies (a gzip bomb would pass the size limit) with 415', async () => {
    const response = await fetch(`${running.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(messageActivity('x'.repeat(1_000_000))))
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ code: 'UnsupportedMediaType' });
    expect((await postActivity(running.baseUrl, messageActivity('service passport'))).status).toBe(200);
  });

  it('without credentials, refuses to send replies to a non-loopback serviceUrl', async () => {
    const response = await fetch(`${running.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        messageActivity('hello', { deliveryMode: undefined, serviceUrl: 'http://10.0.0.1/internal' })
      )
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'Forbidden' });
  });

  it('answers an activity whose locale is not text, and rejects an empty type', async () => {
    const replies = await postActivity(running.baseUrl, messageActivity('公务护照怎么办理？', { locale: 5 }));
    expect(replies.activities[0]!.text).toContain('公务护照');
    const empty = await fetch(`${running.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messageActivity('x', { type: '' }))
    });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ code: 'BadRequest' });
  });

  it('answers an activity without user or conversation id (nothing to remember) without a turn error', async () => {
    const before = running.logs.length;
    const replies = await postActivity(
      running.baseUrl,
      messageActivity('How do I apply for a service passport?', { conversation: undefined, from: undefined })
    );
    expect(replies.status).toBe(200);
    expect(replies.activities[0]!.text).toMatch(/Service Passport/);
    expect(running.logs.slice(before).filter((l) => l.event === 'turn.error')).toEqual([]);
  });
  it('rejects a serviceUrl that is not text with 400 (it would fail inside the adapter)', async () => {
    for (const serviceUrl of [5, {}, ['http://127.0.0.1:1']]) {
      const response = await fetch(`${running.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messageActivity('hello', { serviceUrl }))
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'BadRequest' });
    }
  });

  it('answers an unexpected error as a 500 JSON without its message, and logs the message', async () => {
    // The adapter itself failing (not the bot: its errors get the turn error handler's answer).
    const spy = jest
      .spyOn(
        CloudAdapterBase.prototype as unknown as { processActivity(): Promise<unknown> },
        'processActivity'
      )
      .mockRejectedValueOnce(new TypeError('secret.detail is not a function'));
    try {
      const response = await fetch(`${running.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messageActivity('hello'))
      });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ code: 'Internal', message: 'Internal error' });
      expect(text).not.toContain('secret');
      expect(running.logs.some((l) => JSON.stringify(l).includes('secret.detail'))).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
});
