/**
 * Issue 14 attack 8: an activity nested ~4,100 levels was accepted, and every later
 * GET .../activities of that conversation was a 500. Every route that takes client JSON now refuses
 * nesting past MAX_JSON_DEPTH (64) with 400 before parsing it, and the conversation stays readable.
 */
import { jsonNestsDeeperThan, jsonShapeProblem } from '../../src/http/jsonBody';
import { DirectLineClient } from '../helpers/directLine';
import { messageActivity, startApp, type RunningApp } from '../helpers/server';

const nested = (depth: number, leaf = '"x"'): string => '['.repeat(depth) + leaf + ']'.repeat(depth);
/** An object `{"n":{"n":...}}` nested `depth` levels. */
const nestedObject = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { n: value };
  return value;
};

describe('jsonNestsDeeperThan', () => {
  it.each([
    ['{}', 1, false],
    ['{}', 0, true],
    [nested(64), 64, false],
    [nested(65), 64, true],
    ['{"a":[{"b":[1,2,{"c":{}}]}]}', 6, false],
    ['{"a":[{"b":[1,2,{"c":{}}]}]}', 5, true],
    // Brackets inside strings are text, escaped quotes do not end a string.
    [`{"t":"${'['.repeat(500)}"}`, 1, false],
    [`{"t":"a\\"[[[[[[[[[[\\\\"}`, 1, false],
    [`["\\\\",${nested(3)}]`, 3, true],
    [`["\\\\",${nested(3)}]`, 4, false],
    // Siblings do not add up.
    [`[${Array.from({ length: 200 }, () => nested(10)).join(',')}]`, 11, false]
  ])('case %#', (text, limit, deeper) => {
    expect(jsonNestsDeeperThan(text, limit)).toBe(deeper);
  });
});

describe('jsonShapeProblem', () => {
  it('counts objects and arrays, not brackets in strings', () => {
    const many = (n: number) => `[${Array.from({ length: n - 1 }, () => '{}').join(',')}]`;
    expect(jsonShapeProblem(many(5000), 64)).toBeUndefined();
    expect(jsonShapeProblem(many(5001), 64)).toBe('containers');
    expect(jsonShapeProblem(`["${'{}'.repeat(10_000)}"]`, 64)).toBeUndefined();
    expect(jsonShapeProblem(nested(65), 64)).toBe('depth');
  });
});

describe('deeply nested JSON over HTTP', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_PER_SECOND: '0' });
  });
  afterAll(async () => {
    await running.close();
  });

  it('refuses a Direct Line activity nested 4,100 levels with 400, and the conversation stays readable', async () => {
    const client = await DirectLineClient.start(running.baseUrl, 'en');
    const deep = await client.send('hi', { channelData: nestedObject(4100) });
    expect(deep.status).toBe(400);
    expect(JSON.stringify(deep.body)).toMatch(/nested deeper than 64/);
    const justUnder = await client.send('service passport', {
      channelData: { clientActivityID: 'under', nest: nestedObject(60) }
    });
    expect(justUnder.status).toBe(200);
    const page = await client.activities('');
    expect(page.status).toBe(200);
    expect(page.body.activities.some((a) => a.channelData?.clientActivityID === 'under')).toBe(true);
    // The 65-level one is cut at the door too.
    expect((await client.send('hi', { channelData: nestedObject(64) })).status).toBe(400);
    expect((await client.activities('')).status).toBe(200);
  });

  it('refuses deep JSON on /api/messages and on conversation starts', async () => {
    const response = await fetch(`${running.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...messageActivity('hi'), channelData: nestedObject(4100) })
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'BadRequest' });

    const client = new DirectLineClient(running.baseUrl);
    await client.generate();
    const start = await fetch(`${running.baseUrl}/v3/directline/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}` },
      body: nested(200)
    });
    expect(start.status).toBe(400);
    // The server still answers normally.
    expect((await client.startConversation('en')).status).toBe(201);
  });
});
