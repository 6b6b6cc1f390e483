import { isLoopbackAddress, mayShowDetails } from '../../src/http/adminAccess';

const TOKEN = 'admin-token-0123456789abcdef';

describe('who sees operational details', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['::ffff:10.0.0.5', false],
    ['203.0.113.7', false],
    ['127.0.0.1.example', false],
    [undefined, false]
  ])('%s is loopback: %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });

  it('loopback without a proxy in between; not what a local proxy forwards', () => {
    expect(mayShowDetails({ socketAddress: '127.0.0.1', headers: {} }, '')).toBe(true);
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip'])
      expect(mayShowDetails({ socketAddress: '127.0.0.1', headers: { [header]: '203.0.113.7' } }, '')).toBe(
        false
      );
  });

  it('the admin token, as a Bearer token, from anywhere; nothing else', () => {
    const from = (authorization: string) =>
      mayShowDetails({ socketAddress: '203.0.113.7', headers: { authorization } }, TOKEN);
    expect(from(`Bearer ${TOKEN}`)).toBe(true);
    expect(from(`bearer  ${TOKEN}`)).toBe(true);
    expect(from(`Bearer ${TOKEN}0`)).toBe(false);
    expect(from(`Basic ${TOKEN}`)).toBe(false);
    expect(from(TOKEN)).toBe(false);
    expect(from('Bearer ')).toBe(false);
    // No token configured: no token opens it.
    expect(mayShowDetails({ socketAddress: '203.0.113.7', headers: { authorization: 'Bearer x' } }, '')).toBe(
      false
    );
  });
});
