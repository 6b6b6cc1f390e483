/**
 * Real Chromium for browser tests, through playwright-core: Debian's /usr/bin/chromium, never a
 * downloaded browser. In CI a missing Chromium fails the tests instead of skipping them.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');

/** describe() when Chromium is here or in CI (where its absence must fail), describe.skip() otherwise. */
export function describeWithBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM) || process.env.CI) describe(name, body);
  else describe.skip(`${name} (no ${CHROMIUM}; install chromium to run)`, body);
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Every URL the pages requested. */
  requests: string[];
  /** Console errors and page errors, CSP violations among them. */
  errors: string[];
  close(): Promise<void>;
}

export async function openBrowser(options: { locale?: string } = {}): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(path.join(tmpdir(), 'fao-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: options.locale ?? 'en-US',
    viewport: { width: 1100, height: 820 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  });
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
  };
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  return {
    context,
    page,
    requests,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  };
}

/** Origins of every network request (data: and blob: URLs never leave the browser). */
export function requestedOrigins(requests: readonly string[]): string[] {
  return [...new Set(requests.filter((u) => !/^(data|blob|about):/.test(u)).map((u) => new URL(u).origin))];
}
