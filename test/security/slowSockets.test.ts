/**
 * Issue 14 attack 5 (descriptor exhaustion), on a small scale: a flood of slow-header sockets from one
 * address meets the per-address cap at once and the header timeout at its value (Node's 30 s check
 * interval no longer stretches it), and a real request from another address is answered throughout.
 * The full size (20k sockets) is bench/attacks/05-slow-sockets.ts.
 */
import net from 'node:net';
import { checkingIntervalMs } from '../../src/http/connectionLimits';
import { messageActivity, startApp, type RunningApp } from '../helpers/server';
import { waitFor } from '../helpers/wait';

/** Opens a socket from `localAddress` that sends half a request line and then nothing. */
function slowSocket(
  port: number,
  localAddress: string
): Promise<{ socket: net.Socket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const opened = Date.now();
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - opened)));
    socket.on('error', () => undefined);
    // Read what the server sends (its 408), or the half-closed socket would never report 'close'.
    socket.resume();
    socket.once('connect', () => {
      socket.write('POST /api/messages HTTP/1.1\r\nHost: x\r\n');
      resolve({ socket, closed });
    });
    socket.once('error', reject);
  });
}

async function realRequest(baseUrl: string): Promise<number> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messageActivity('service passport'))
  });
  await response.text();
  return response.status;
}

describe('checkingIntervalMs', () => {
  it('checks often enough that a timeout overshoots by at most a quarter, and never busy-loops', () => {
    expect(checkingIntervalMs(10_000)).toBe(1000);
    expect(checkingIntervalMs(1000)).toBe(250);
    expect(checkingIntervalMs(100)).toBe(100);
  });
});

describe('slow sockets', () => {
  let running: RunningApp;
  let port: number;
  beforeAll(async () => {
    running = await startApp({
      RATE_LIMIT_PER_SECOND: '0',
      HEADERS_TIMEOUT_MS: '1000',
      REQUEST_TIMEOUT_MS: '2000',
      MAX_CONNECTIONS: '200',
      MAX_CONNECTIONS_PER_CLIENT: '40'
    });
    port = Number(new URL(running.baseUrl).port);
  });
  afterAll(async () => {
    await running.close();
  });

  it('cuts slow-header sockets at the header timeout, caps one address, and keeps answering others', async () => {
    // 127.0.0.2 is the attacker (Linux routes all of 127/8 to loopback); the test's fetch comes from 127.0.0.1.
    const flood = await Promise.all(Array.from({ length: 60 }, () => slowSocket(port, '127.0.0.2')));
    const lifetimes = await Promise.all(flood.map((s) => s.closed.then((ms) => ms)).slice(40));
    // Past the per-address cap of 40: closed as soon as they were accepted, long before any timeout.
    expect(Math.max(...lifetimes)).toBeLessThan(900);
    // Meanwhile a real visitor is answered.
    expect(await realRequest(running.baseUrl)).toBe(200);
    // The 40 held ones are cut at the 1 s header timeout, give or take the check interval (250 ms).
    const held = await Promise.all(flood.slice(0, 40).map((s) => s.closed));
    expect(Math.min(...held)).toBeGreaterThanOrEqual(900);
    expect(Math.max(...held)).toBeLessThan(2500);
    expect(await realRequest(running.baseUrl)).toBe(200);
  });

  it('the total cap refuses cleanly past MAX_CONNECTIONS, and frees itself at the timeout', async () => {
    // Five addresses x 40 = the total cap of 200; one more address gets closed sockets.
    const addresses = ['127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7'];
    const flood = (
      await Promise.all(
        addresses.map((a) => Promise.all(Array.from({ length: 40 }, () => slowSocket(port, a))))
      )
    ).flat();
    await waitFor(async () => (await connectionCount(running)) >= 200, 'the flood to be held');
    const extra = await slowSocket(port, '127.0.0.8');
    expect(await extra.closed).toBeLessThan(900);
    // After the header timeout the flood is gone and real requests are answered again.
    await Promise.all(flood.map((s) => s.closed));
    expect(await realRequest(running.baseUrl)).toBe(200);
  });
});

function connectionCount(running: RunningApp): Promise<number> {
  return new Promise((resolve) => running.app.server.server.getConnections((_error, n) => resolve(n)));
}
