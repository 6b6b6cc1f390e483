/**
 * Real Redis for tests. `TEST_REDIS_URL` (CI starts a throwaway redis-server and sets it) is used
 * when given; under `CI=true` its absence is a failure, never a skip. Locally without it, a private
 * redis-server is started on a free port. Tests that stop and restart Redis always start their own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { freePort } from '../../bench/common';
import { RedisConnection } from '../../src/storage/redisClient';
import { waitFor } from './wait';

async function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
  });
}

/** A redis-server process of our own, which a test may stop and start again on the same port. */
export class RedisServerProcess {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    /** Data directory when persistent (append-only file, synced on every write): data survives a kill. */
    private readonly dir?: string
  ) {}

  static async start(options: { persistent?: boolean } = {}): Promise<RedisServerProcess> {
    const dir = options.persistent ? mkdtempSync(path.join(os.tmpdir(), 'fao-redis-')) : undefined;
    const server = new RedisServerProcess(await freePort(), dir);
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const persistence = this.dir
      ? ['--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always']
      : ['--appendonly', 'no'];
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence],
      { stdio: 'ignore' }
    );
    const child = this.child;
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    await waitFor(() => answersPing(this.port), `redis-server on ${this.port}`);
  }

  /** Kills the server (SIGKILL: an outage, not a clean shutdown) and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Stops the server and removes its data directory. */
  async destroy(): Promise<void> {
    await this.stop();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

let ownServer: Promise<RedisServerProcess> | undefined;

/** The Redis URL for tests: TEST_REDIS_URL, or (not under CI) a private server for this test file. */
export async function testRedisUrl(): Promise<string> {
  const given = process.env.TEST_REDIS_URL?.trim();
  if (given) return given;
  if (process.env.CI === 'true')
    throw new Error(
      'TEST_REDIS_URL is not set: under CI the Redis tests must run (.ci/run starts redis-server)'
    );
  ownServer ??= RedisServerProcess.start();
  return (await ownServer).url;
}

/** Stops the private server testRedisUrl may have started (call in afterAll). */
export async function stopOwnRedis(): Promise<void> {
  if (!ownServer) return;
  const server = await ownServer;
  ownServer = undefined;
  await server.stop();
}

/** A unique key prefix, so tests sharing one Redis never see each other's keys. */
export function uniquePrefix(label: string): string {
  return `test:${label}:${randomBytes(4).toString('hex')}:`;
}

export const quietLogger = pino({ level: 'silent' });

/** A connected RedisConnection with a fresh prefix. */
export async function connectForTest(url: string, label: string, prefix = uniquePrefix(label)) {
  const connection = new RedisConnection({
    url,
    keyPrefix: prefix,
    logger: quietLogger,
    name: label
  }).start();
  await connection.waitUntilReady(5000);
  return connection;
}
