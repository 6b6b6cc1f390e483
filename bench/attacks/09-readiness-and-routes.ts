/**
 * Issue 14 attack 9, full size: /readyz is public and not rate limited, so it is probed hard from
 * outside (through the proxy: X-Forwarded-For); 404 probes with hostile paths; HEAD on every GET
 * route. Nothing may show KNOWLEDGE_DIR, entry counts or problems, no 404 may repeat its path,
 * every HEAD is answered, and visitors keep getting answers.
 */
import { rssPeak, visitors } from './support';
import type { Attack } from './types';

const READYZ_PROBES = 20_000;
const NOT_FOUND_PROBES = 2_000;
const HEAD_ROUTES = ['/', '/healthz', '/readyz', '/embed.js', '/static/chat.css', '/static/chat.js'];

export default {
  name: '9 /readyz details, 404 echo, HEAD',
  run: async (ctx) => {
    const server = await ctx.startServer({ TRUST_PROXY: '1' });
    const peak = rssPeak(server);
    const others = visitors(server.url, 'How do I apply for a service passport?', /Service Passport/);
    const outside = { 'x-forwarded-for': '198.51.100.9' };
    let requests = 0;
    let leaks = 0;
    let echoes = 0;
    let headFailures = 0;
    const jobs = Array.from({ length: READYZ_PROBES }, (_, i) => i);
    const worker = async () => {
      for (let i = jobs.shift(); i !== undefined; i = jobs.shift()) {
        const text = await (await fetch(`${server.url}/readyz`, { headers: outside })).text();
        requests++;
        if (/entries|problems|knowledgeDir|directory|\/tmp|\/work|\/home/.test(text)) leaks++;
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    for (let i = 0; i < NOT_FOUND_PROBES; i++) {
      // From 100 addresses: the per-address limit is not what this attack is about.
      const marker = `probe${i}x${'<svg onload=alert(1)>'.slice(0, i % 20)}`;
      const response = await fetch(`${server.url}/${encodeURIComponent(marker)}/admin`, {
        headers: { 'x-forwarded-for': `198.51.100.${(i % 100) + 10}` }
      });
      requests++;
      if ((await response.text()).includes(`probe${i}x`)) echoes++;
    }
    for (const route of HEAD_ROUTES) {
      for (let i = 0; i < 50; i++) {
        const response = await fetch(`${server.url}${route}`, {
          method: 'HEAD',
          headers: { 'x-forwarded-for': `198.51.102.${(i % 50) + 1}` }
        });
        requests++;
        if (response.status !== 200 || (await response.arrayBuffer()).byteLength !== 0) headFailures++;
      }
    }
    const seen = await others.stop();
    return {
      attack: '9 /readyz details, 404 echo, HEAD',
      requests,
      peakRssMb: peak(),
      errorsForOthers: seen.failed,
      held: leaks === 0 && echoes === 0 && headFailures === 0 && seen.failed === 0,
      note: `/readyz from outside x${READYZ_PROBES}: ${leaks} showed details; 404 bodies echoing the path: ${echoes}/${NOT_FOUND_PROBES}; HEAD not answered: ${headFailures}/${HEAD_ROUTES.length * 50}`
    };
  }
} satisfies Attack;
