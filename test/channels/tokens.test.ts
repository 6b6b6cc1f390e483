import { bearerToken, issueToken, verifyToken } from '../../src/channels/directline/tokens';

const SECRET = 'a-test-secret-that-is-long-enough-123456';
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('Direct Line tokens', () => {
  const { token, claims } = issueToken({ conversationId: 'conv-1', userId: 'dl_user' }, SECRET, 1800, NOW);

  it('round-trips: signed, scoped to one conversation and user, expiring after the TTL', () => {
    expect(claims).toEqual({ conv: 'conv-1', user: 'dl_user', iat: NOW / 1000, exp: NOW / 1000 + 1800 });
    expect(verifyToken(token, SECRET, NOW + 1000)).toEqual({ ok: true, claims });
    expect(verifyToken(token, SECRET, NOW + 1000, 'conv-1')).toEqual({ ok: true, claims });
    // A JWT, so Direct Line JS can read the bound user id.
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())).toMatchObject({
      user: 'dl_user'
    });
  });

  it('refuses another conversation, an expired token, a wrong secret and tampering', () => {
    expect(verifyToken(token, SECRET, NOW, 'conv-2')).toEqual({ ok: false, reason: 'conversation' });
    expect(verifyToken(token, SECRET, NOW + 1800 * 1000)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken(token, `${SECRET}x`, NOW)).toEqual({ ok: false, reason: 'signature' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, conv: 'conv-2' })).toString('base64url');
    expect(verifyToken(`${header}.${forged}.${signature}`, SECRET, NOW, 'conv-2')).toEqual({
      ok: false,
      reason: 'signature'
    });
  });

  it.each([
    [''],
    ['not-a-token'],
    ['a.b'],
    ['a.b.c.d'],
    ['eyJhbGciOiJub25lIn0.e30.'],
    [`${'x'.repeat(10)}.${'y'.repeat(10)}.${'z'.repeat(10)}`],
    ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.%%%.abc']
  ])('calls %j malformed or unsigned, never valid', (bad) => {
    const check = verifyToken(bad, SECRET, NOW);
    expect(check.ok).toBe(false);
  });

  it('refuses a correctly signed payload that is not token claims', () => {
    const header = token.split('.')[0]!;
    const payload = Buffer.from('{"conv": 1}').toString('base64url');
    const { createHmac } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const sig = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url');
    expect(verifyToken(`${header}.${payload}.${sig}`, SECRET, NOW)).toEqual({
      ok: false,
      reason: 'malformed'
    });
  });

  it('reads the bearer token from an Authorization header', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer   abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
