/**
 * Issue 14 attack 4, full size: in local mode (no MicrosoftAppId) /api/messages took a loopback
 * `serviceUrl` without expectReplies and POSTed attacker-shaped JSON to it, and the answer time told
 * an open port from a closed one (a port scan). Now local mode refuses every serviceUrl that is not
 * the Emulator's unless ALLOW_LOCAL_SERVICE_URLS=true. 5,000 such posts aimed at a real listener on
 * loopback (internal paths, the Emulator's form, IPv6, localhost) and at closed ports: the listener must
 * receive nothing, open and closed ports must answer alike, and visitors be served throughout.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Attack, AttackResult } from './types';
import { closeAgents, flood, request, RSS_LIMIT_MB, sampleRss, visitor } from './lib';

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  const port = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export default {
  name: '4 loopback serviceUrl from local mode',
  async run(ctx): Promise<AttackResult> {
    let received = 0;
    const internal = http.createServer((req, res) => {
      received++;
      req.resume();
      res.end('{}');
    });
    const openPort = await listen(internal);
    const closed = await closedPort();
    const server = await ctx.startServer({ RATE_LIMIT_PER_SECOND: '0' });
    const rss = sampleRss(server);
    const others = visitor(server.url, '127.0.9.1');
    const targets = [
      { url: `http://127.0.0.1:${openPort}/internal/admin?x=`, open: true },
      { url: `http://localhost:${openPort}`, open: true, channelId: 'emulator' },
      { url: `http://[::1]:${openPort}/`, open: true },
      { url: `http://127.0.0.1:${closed}/internal/admin?x=`, open: false },
      { url: `http://localhost:${closed}`, open: false, channelId: 'emulator' }
    ];
    const timesMs = { open: [] as number[], closed: [] as number[] };
    let notRefused = 0;
    let requests = 0;
    try {
      await flood(
        60_000,
        8,
        async (n) => {
          const target = targets[n % targets.length]!;
          const started = process.hrtime.bigint();
          const reply = await request(server.url, {
            method: 'POST',
            path: '/api/messages',
            from: '127.0.0.2',
            body: {
              type: 'message',
              text: `{"admin":true,"n":${n}}`,
              channelId: target.channelId ?? 'test',
              serviceUrl: target.url,
              conversation: { id: `scan-${n}` },
              from: { id: 'attacker' },
              recipient: { id: 'bot' }
            }
          });
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          requests++;
          (target.open ? timesMs.open : timesMs.closed).push(ms);
          if (reply.status !== 403) notRefused++;
        },
        5000
      );
      const served = await others.stop();
      const peakRssMb = rss.stop();
      const openMs = median(timesMs.open);
      const closedMs = median(timesMs.closed);
      // A port scan needs open and closed ports to answer differently; refused alike, they cannot.
      const alike = Math.abs(openMs - closedMs) < 20;
      return {
        attack: this.name,
        requests,
        peakRssMb,
        errorsForOthers: served.errors,
        held: received === 0 && notRefused === 0 && alike && served.errors === 0 && peakRssMb < RSS_LIMIT_MB,
        note:
          `requests that reached the loopback listener: ${received}; not refused (403): ${notRefused}; ` +
          `median answer open port ${openMs.toFixed(1)} ms, closed port ${closedMs.toFixed(1)} ms; ${served.visits} visits`
      };
    } finally {
      closeAgents();
      internal.closeAllConnections();
      await new Promise<void>((resolve) => internal.close(() => resolve()));
    }
  }
} satisfies Attack;
