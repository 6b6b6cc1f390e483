import { RateLimiter } from '../../src/http/rateLimit';
import { messageActivity, startApp } from '../helpers/server';

describe('RateLimiter', () => {
  it('allows a burst, then refuses with a Retry-After until tokens refill', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 3, 10, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b').allowed).toBe(true);
    now += 500;
    expect(limiter.take('a').allowed).toBe(true);
  });

  it('keeps memory bounded under many distinct clients: the least recent are forgotten', () => {
    const now = 0; // a frozen clock: nothing refills, so a remembered client stays refused
    const limiter = new RateLimiter(1, 1, 100, () => now);
    for (let i = 0; i < 10_000; i++) expect(limiter.take(`client-${i}`).allowed).toBe(true);
    // The newest 100 are remembered (their one token is spent); every older one was forgotten.
    expect(limiter.take('client-9999').allowed).toBe(false);
    expect(limiter.take('client-9900').allowed).toBe(false);
    expect(limiter.take('client-0').allowed).toBe(true);
    expect(limiter.take('client-9000').allowed).toBe(true);
  });
});

describe('rate limit over HTTP', () => {
  it('answers 429 with Retry-After past the burst, and /healthz stays exempt', async () => {
    const running = await startApp({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '3' });
    try {
      // Sent at once: one after another on a saturated CPU took over a second each, refilling a token
      // per request (a stress run passed the limit that way).
      const started = Date.now();
      const responses = await Promise.all(
        Array.from({ length: 8 }, () =>
          fetch(`${running.baseUrl}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(messageActivity('service passport'))
          })
        )
      );
      const seconds = Math.floor((Date.now() - started) / 1000);
      let retryAfter: string | null = null;
      const statuses: number[] = [];
      for (const response of responses) {
        statuses.push(response.status);
        if (response.status === 429) {
          retryAfter = response.headers.get('retry-after');
          expect(await response.json()).toMatchObject({ code: 'TooManyRequests' });
        } else await response.arrayBuffer();
      }
      const ok = statuses.filter((s) => s === 200).length;
      // The burst of 3 passes, plus at most one per second the requests took; the rest are refused.
      expect(ok).toBeGreaterThanOrEqual(3);
      expect(ok).toBeLessThanOrEqual(3 + seconds);
      expect(statuses.filter((s) => s === 429).length).toBe(8 - ok);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect((await fetch(`${running.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
