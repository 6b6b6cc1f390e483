import { ConfigError, loadConfig } from '../../src/config';

describe('operations settings in the configuration', () => {
  it('has safe defaults: proxy headers ignored, watching on, bounded state, shutdown inside 10 s', () => {
    const config = loadConfig({}, '/srv/fao');
    expect(config).toMatchObject({
      trustProxyHops: 0,
      watchKnowledge: true,
      reloadDebounceMs: 300,
      shutdownTimeoutMs: 9000,
      keepAliveTimeoutMs: 5000,
      stateMaxItems: 20000,
      stateTtlSeconds: 86400,
      maxBodyBytes: 256 * 1024
    });
    expect(config.shutdownTimeoutMs).toBeLessThan(10_000);
  });

  it('reads yes/no values in the usual spellings', () => {
    expect(loadConfig({ KNOWLEDGE_WATCH: 'off' }).watchKnowledge).toBe(false);
    expect(loadConfig({ KNOWLEDGE_WATCH: 'YES' }).watchKnowledge).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxyHops).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxyHops).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxyHops).toBe(0);
  });

  it('names every bad operations value at once', () => {
    let error: unknown;
    try {
      loadConfig({
        KNOWLEDGE_WATCH: 'maybe',
        TRUST_PROXY: 'nginx',
        SHUTDOWN_TIMEOUT_MS: '5',
        STATE_MAX_ITEMS: '1e9'
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/KNOWLEDGE_WATCH="maybe" is not a yes\/no value/);
    expect(problems).toMatch(/TRUST_PROXY="nginx" is not a yes\/no value/);
    expect(problems).toMatch(/SHUTDOWN_TIMEOUT_MS=5 is out of range/);
    expect(problems).toMatch(/STATE_MAX_ITEMS="1e9" is not a whole number/);
  });
});
