/** HTTP: bare restify, a botbuilder echo bot and our /api/messages, one after another, same machine and settings. */
import path from 'node:path';
import { hammer, ROOT, startChildServer, type LoadResult } from '../common';

export interface HttpRow extends LoadResult {
  name: string;
}

const SERVERS = [
  { name: 'bare restify (JSON)', script: path.join('bench', 'http', 'bareServer.ts') },
  { name: 'botbuilder echo bot', script: path.join('bench', 'http', 'echoServer.ts') },
  { name: 'FAO Assistant /api/messages', script: path.join('dist', 'index.js') }
];

export async function runHttpBench(
  knowledgeDir: string,
  seconds: number,
  warmupSeconds: number
): Promise<HttpRow[]> {
  const rows: HttpRow[] = [];
  for (const { name, script } of SERVERS) {
    const server = await startChildServer(path.join(ROOT, script), {
      KNOWLEDGE_DIR: knowledgeDir,
      KNOWLEDGE_WATCH: 'false'
    });
    try {
      await hammer(server.url, warmupSeconds);
      rows.push({ name, ...(await hammer(server.url, seconds)) });
    } finally {
      await server.stop();
    }
  }
  return rows;
}
