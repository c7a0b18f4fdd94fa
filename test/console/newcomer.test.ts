import { describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROWSER_TEST_MS, launchChromium, shareRow } from '../support/consoleBrowser.js';
import { startMain } from '../support/startMain.js';

describe('a newcomer with npm start', () => {
  it(
    'opens the printed console URL, signs in with the printed token, and shares, edits and revokes',
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'swr-console-start-'));
      const main = await startMain({ PORT: '0', DATA_DIR: dataDir });
      const browser = await launchChromium().catch(async (error: unknown) => {
        await main.stop();
        throw error;
      });
      try {
        const consoleUrl = /web console: (\S+)/.exec(main.banner)![1]!;
        const token = /export TOKEN=(\S+)/.exec(main.banner)![1]!;
        const page = await browser.newPage();
        await page.goto(consoleUrl);
        await page.getByLabel('X-Auth-Token').fill(token);
        await page.getByRole('button', { name: 'Sign in' }).click();
        // The printed token manages namespace demo: the form offers it.
        expect(await page.getByLabel('Namespace').inputValue()).toBe('demo');
        await page.getByLabel('Repository').fill('nginx');
        await page.getByRole('button', { name: 'Open sharing' }).click();

        await page.getByRole('button', { name: 'Share', exact: true }).click();
        await page.getByRole('dialog').getByLabel('Account').fill('partner');
        await page.getByRole('dialog').getByRole('button', { name: 'Share' }).click();
        await shareRow(page, 'partner').getByText('Permanent', { exact: true }).waitFor();

        await page.getByRole('button', { name: 'Edit the share with partner' }).click();
        await page.getByRole('dialog').getByLabel('Description').fill('until the release');
        await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
        await shareRow(page, 'partner').getByText('until the release').waitFor();

        await page.getByRole('button', { name: 'Revoke the share with partner' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
        await page.getByText('Not shared with any account.').waitFor();
      } finally {
        await browser.close();
        expect(await main.stop()).toBe(0);
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    BROWSER_TEST_MS,
  );
});
