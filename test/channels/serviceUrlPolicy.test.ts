import { decideServiceUrl, isEmulatorUrl } from '../../src/channels/serviceUrlPolicy';

describe('decideServiceUrl', () => {
  const local = { hasCredentials: false, allowLocalServiceUrls: false };
  const emulatorAllowed = { hasCredentials: false, allowLocalServiceUrls: true };

  it('local mode: expectReplies only, by default', () => {
    expect(
      decideServiceUrl({ deliveryMode: 'expectReplies', serviceUrl: 'http://10.0.0.1' }, local).allowed
    ).toBe(true);
    for (const serviceUrl of [
      'http://localhost:5000',
      'http://127.0.0.1:9/internal/admin?x=',
      'https://example.com',
      undefined
    ])
      expect(decideServiceUrl({ channelId: 'emulator', serviceUrl }, local).allowed).toBe(false);
  });

  it('with ALLOW_LOCAL_SERVICE_URLS: the Emulator on loopback, nothing else', () => {
    expect(
      decideServiceUrl({ channelId: 'emulator', serviceUrl: 'http://localhost:5000' }, emulatorAllowed)
        .allowed
    ).toBe(true);
    expect(
      decideServiceUrl({ channelId: 'emulator', serviceUrl: 'http://[::1]:5000/' }, emulatorAllowed).allowed
    ).toBe(true);
    expect(
      decideServiceUrl({ channelId: 'webchat', serviceUrl: 'http://localhost:5000' }, emulatorAllowed).allowed
    ).toBe(false);
    expect(
      decideServiceUrl({ channelId: 'emulator', serviceUrl: 'http://10.0.0.1:5000' }, emulatorAllowed).allowed
    ).toBe(false);
  });

  it('with credentials the channel token decides, not the serviceUrl', () => {
    expect(
      decideServiceUrl(
        { serviceUrl: 'https://smba.trafficmanager.net/apac/' },
        { hasCredentials: true, allowLocalServiceUrls: false }
      ).allowed
    ).toBe(true);
  });
});

describe('isEmulatorUrl', () => {
  it.each([
    ['http://localhost:58303', true],
    ['https://127.0.0.1:1', true],
    ['http://127.8.9.10:3000/', true],
    ['http://[::1]:3000', true],
    ['http://localhost:58303/internal/admin', false],
    ['http://localhost:58303/?x=1', false],
    ['http://localhost:58303/#a', false],
    ['http://user:pw@localhost:58303', false],
    ['http://localhost.example.com:58303', false],
    ['http://127.0.0.1.nip.io', false],
    ['http://0.0.0.0:3000', false],
    ['http://[::ffff:127.0.0.1]:3000', false],
    ['file:///etc/passwd', false],
    ['ftp://localhost', false],
    ['not a url', false],
    [42, false]
  ])('%s -> %s', (value, expected) => {
    expect(isEmulatorUrl(value)).toBe(expected);
  });
});
