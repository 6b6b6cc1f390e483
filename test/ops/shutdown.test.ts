/**
 * The real entry point as a child process: SIGHUP reloads, SIGTERM during load lets every request
 * in flight finish and exits 0 well within 10 s.
 */
import net from 'node:net';
import path from 'node:path';
import { messageActivity } from '../helpers/server';
import { killServerProcesses, startServerProcess as startServer } from '../helpers/serverProcess';
import { waitFor } from '../helpers/wait';

async function post(port: number, text: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messageActivity(text))
  });
  const body = (await response.json()) as { activities?: { text?: string }[] };
  if (response.status === 200 && !body.activities?.[0]?.text) throw new Error('200 without a reply');
  return response.status;
}

/**
 * Opens a request and sends only part of its body, so it is certainly in flight at SIGTERM. `accepted`
 * resolves on the server's "100 Continue": proof the server has read the request head.
 */
function slowRequest(port: number): {
  accepted: Promise<void>;
  finish(): void;
  result: Promise<{ body: string }>;
} {
  const json = JSON.stringify(messageActivity('公务护照怎么办理？'));
  const bytes = Buffer.from(json, 'utf8');
  const socket = net.connect(port, '127.0.0.1');
  socket.write(
    `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\nExpect: 100-continue\r\n\r\n`
  );
  let raw = '';
  socket.setEncoding('utf8');
  let accept: () => void = () => undefined;
  const accepted = new Promise<void>((resolve) => (accept = resolve));
  socket.on('data', (chunk: string) => {
    raw += chunk;
    if (raw.startsWith('HTTP/1.1 100')) accept();
  });
  const result = new Promise<{ body: string }>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('close', () => resolve({ body: raw }));
  });
  return { accepted, finish: () => socket.write(bytes), result };
}

jest.setTimeout(60_000);

// Never leave a server behind, whatever the test did.
afterEach(() => killServerProcesses());

/** The SIGHUP reload happened (the knowledge found unchanged) and the server still answers. */
async function expectSighupReload(child: Awaited<ReturnType<typeof startServer>>): Promise<void> {
  // A reload in a worker thread takes well under a second when quiet, over ten with every core busy.
  await waitFor(() => child.logs.some((l) => l.event === 'knowledge.unchanged'), 'the SIGHUP reload', {
    timeoutMs: 45_000
  });
  expect(child.logs.find((l) => l.event === 'knowledge.unchanged')).toMatchObject({ trigger: 'SIGHUP' });
  expect(await post(child.port, 'service passport')).toBe(200);
}

describe('the server process', () => {
  it('reloads its knowledge on SIGHUP', async () => {
    const child = await startServer();
    try {
      child.process.kill('SIGHUP');
      await expectSighupReload(child);
    } finally {
      child.process.kill('SIGTERM');
      expect((await child.exited).code).toBe(0);
    }
  });

  it('handles a SIGHUP sent while the knowledge loads, before the server listens', async () => {
    // Node's default for SIGHUP is to exit at once: the handler must be there before start-up work.
    const preload = path.join(__dirname, '..', 'helpers', 'signalWhileLoading.cjs');
    const child = await startServer({ NODE_OPTIONS: `--require ${preload}`, SIGNAL_WHILE_LOADING: 'SIGHUP' });
    try {
      const loaded = child.logs.findIndex((l) => l.event === 'knowledge.loaded');
      expect(loaded).toBeGreaterThanOrEqual(0);
      expect(loaded).toBeLessThan(child.logs.findIndex((l) => l.event === 'server.started'));
      await expectSighupReload(child);
    } finally {
      child.process.kill('SIGTERM');
      expect((await child.exited).code).toBe(0);
    }
  });

  it('on SIGTERM during load stops accepting, answers every request in flight and exits 0 within 10 s', async () => {
    const child = await startServer();
    const questions = [
      'How do I apply for a service passport?',
      '公务护照怎么办理？',
      '公務護照怎麼辦理？',
      'public affairs passport'
    ];
    const statuses: number[] = [];
    const failures: string[] = [];
    let refused = 0;
    let reset = 0;
    let signalledAt = 0;
    let stop = false;
    const client = async (n: number) => {
      for (let i = 0; !stop; i++) {
        try {
          statuses.push(await post(child.port, questions[(n + i) % questions.length]!));
        } catch (error) {
          const code = (error as { cause?: { code?: string } }).cause?.code;
          // After the listener closes, new connections are refused: nothing was sent, nothing lost.
          if (code === 'ECONNREFUSED') {
            refused++;
            return;
          }
          // A connection still in the kernel's accept queue when the listener closes is reset before the
          // server ever reads it (EPIPE when the reset lands while the client is still writing its body);
          // the log count check below proves no request the server took was lost.
          if (code === 'ECONNRESET' || code === 'EPIPE') {
            reset++;
            return;
          }
          failures.push(
            `${Date.now() - signalledAt} ${String((error as { cause?: unknown }).cause ?? error)}`
          );
          return;
        }
      }
    };
    const clients = Array.from({ length: 12 }, (_, n) => client(n));
    await waitFor(() => statuses.length > 20, 'answers under load before the signal', { timeoutMs: 30_000 });
    const slow = [slowRequest(child.port), slowRequest(child.port), slowRequest(child.port)];
    await Promise.all(slow.map((s) => s.accepted));
    const answeredBefore = statuses.length;
    signalledAt = Date.now();
    child.process.kill('SIGTERM');
    // The slow requests finish only once the server is stopping and has closed its listener.
    await waitFor(() => child.logs.some((l) => l.event === 'server.stopping') && refused > 0, 'the stop', {
      timeoutMs: 30_000
    });
    for (const request of slow) request.finish();
    const slowResults = await Promise.all(slow.map((s) => s.result));
    const { code, at } = await child.exited;
    stop = true;
    await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(answeredBefore).toBeGreaterThan(20);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(refused).toBeGreaterThan(0); // the clients did run into the closed listener
    for (const result of slowResults) {
      expect(result.body).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/);
      expect(result.body).toMatch(/connection: close/i);
      expect(result.body).toContain('公务护照由肇庆市外事办公室颁发');
    }
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(10_000);
    expect(child.logs.find((l) => l.event === 'server.stopped')).toMatchObject({ abandonedRequests: 0 });
    // Every question the server answered reached its client: nothing taken in was dropped.
    const answered = child.logs.filter((l) => l.event === 'message.answered').length;
    expect(answered).toBe(statuses.length + slow.length);
    // Resets are only the connections that sat in the accept queue at the instant the listener closed:
    // how many depends on scheduling (3 of 12 seen on a loaded machine); most clients must see the refusal.
    expect(reset).toBeLessThanOrEqual(clients.length / 2);
  });
});
