// Preloaded into the server under load (node --expose-gc -r bench/load/heapProbe.cjs): on SIGUSR2 it
// runs a full garbage collection and appends heap and RSS to BENCH_HEAP_PROBE_FILE, so the benchmark can
// tell a leak (live heap growing) from V8 merely collecting lazily (RSS before GC wandering).
'use strict';
const { appendFileSync } = require('node:fs');

process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') {
    global.gc();
    global.gc();
  }
  const m = process.memoryUsage();
  const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  appendFileSync(
    process.env.BENCH_HEAP_PROBE_FILE,
    `${JSON.stringify({ heapUsedMb: mb(m.heapUsed), rssMb: mb(m.rss) })}\n`
  );
});
