import { afterAll, beforeAll } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContextOptions, chromium, type Locator, type Page } from 'playwright-core';
import { CONSOLE_PATH } from '../../infra/console/consolePage.js';
import { registryConfigFromEnv } from '../../lambda/runtime/config.js';
import { NOW, OWNER } from './fixtures.js';
import { startTestService, type TestService } from './localService.js';

/**
 * The web console in a real headless Chromium: the system's (Debian's `chromium`, at
 * CHROMIUM_PATH, which jest.config.js defaults), driven by playwright-core, which never
 * downloads a browser. Each launch gets a fresh profile (playwright's own temporary
 * --user-data-dir). The flags keep Chromium from reaching for any network of its own.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) throw new Error('CHROMIUM_PATH is not set (jest.config.js sets its default)');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      // Chromium's sandbox refuses to run as root, as CI does.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Where the run saves its screenshots (gitignored). */
export const SCREENSHOT_DIR = 'test-results/console';

export interface ConsoleScene {
  service: TestService;
  browser: Browser;
  /** The server's clock and the pages': set `now` to move both. */
  clock: { now: Date };
  /** `<server>/console/`. */
  consoleUrl: string;
  /** A new page in a context of its own (its own sessionStorage), its clock the scene's. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Opens the console and signs in by pasting `token` (default: the owner's). */
  signIn(page: Page, token?: string): Promise<void>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** A local server (as npm start runs it) whose clock is fixed at NOW, and a browser. */
export async function startConsoleScene(options: { registryAddress?: string } = {}): Promise<ConsoleScene> {
  const clock = { now: NOW };
  const registry = options.registryAddress ? { ...registryConfigFromEnv({}), address: options.registryAddress } : undefined;
  const service = await startTestService({ now: () => clock.now, ...(registry && { registry }) });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await service.close();
    throw error;
  }
  const consoleUrl = `${service.url}${CONSOLE_PATH}/`;
  const scene: ConsoleScene = {
    service,
    browser,
    clock,
    consoleUrl,
    async newPage(options = {}) {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      await page.clock.setFixedTime(clock.now);
      return page;
    },
    async signIn(page, token) {
      await page.goto(consoleUrl);
      await page.getByLabel('X-Auth-Token').fill(token ?? (await service.sign(OWNER)));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Repositories' }).waitFor();
    },
    async screenshot(page, name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png` });
    },
    async close() {
      await browser.close();
      await service.close();
    },
  };
  return scene;
}

/** How long a browser test may take: a server and a Chromium start, on a shared machine. */
export const BROWSER_TEST_MS = 90_000;

/** One scene for the test file: started before its tests, closed after them. */
export function useConsoleScene(options: { registryAddress?: string } = {}): () => ConsoleScene {
  let scene: ConsoleScene | undefined;
  beforeAll(async () => {
    scene = await startConsoleScene(options);
  }, BROWSER_TEST_MS);
  afterAll(async () => {
    await scene?.close();
  });
  return () => scene!;
}

/** Opens the Sharing page of a repository through the Repositories form. */
export async function openSharing(page: Page, namespace: string, repository: string): Promise<void> {
  await page.getByLabel('Namespace').fill(namespace);
  await page.getByLabel('Repository').fill(repository);
  await page.getByRole('button', { name: 'Open sharing' }).click();
  await page.getByRole('heading', { name: `Sharing: ${namespace}/${repository}` }).waitFor();
}

/** The table row of the share with `account`. */
export const shareRow = (page: Page, account: string): Locator =>
  page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: account, exact: true }) });

/** The error an alert shows: its error_code, error_msg and X-Request-Id as printed. */
export async function alertFields(alert: Locator): Promise<Record<string, string>> {
  await alert.waitFor();
  const terms = await alert.getByRole('term').allTextContents();
  const definitions = await alert.getByRole('definition').allTextContents();
  return Object.fromEntries(terms.map((term, i) => [term, definitions[i]!]));
}
