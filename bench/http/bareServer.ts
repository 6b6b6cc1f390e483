/** Baseline (a): bare restify, same parsing and timeouts as ours, returning a small JSON object. */
import restify from 'restify';

const server = restify.createServer({ name: 'bare', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
server.get('/healthz', async (_req, res) => {
  res.json({ status: 'ok' });
});
server.post('/api/messages', async (req, res) => {
  const text = (req.body as { text?: string }).text ?? '';
  res.json({ activities: [{ type: 'message', text }] });
});
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
