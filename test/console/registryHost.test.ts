import { describe, expect, it } from '@jest/globals';
import { BROWSER_TEST_MS, useConsoleScene } from '../support/consoleBrowser.js';
import { OWNER, PARTNER, shareBody, sharesPath } from '../support/fixtures.js';

/** A deployment that names its registry (REGISTRY_ADDRESS; on AWS, the stack's own registry's host). */
const scene = useConsoleScene({ registryAddress: 'registry.example.com' });

describe('Shared with me, on a deployment that names its registry', () => {
  it(
    'gives the login command for that registry and pull commands that name it',
    async () => {
      const owner = await scene().service.sign(OWNER);
      expect((await scene().service.call('POST', sharesPath('redis'), { token: owner, body: shareBody() })).status).toBe(201);
      const page = await scene().newPage();
      await scene().signIn(page, await scene().service.sign(PARTNER));
      await page.getByRole('link', { name: 'Shared with me' }).click();
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'demo/redis' }) });
      await row.waitFor();
      expect(await row.getByText('docker pull registry.example.com/demo/redis:latest').count()).toBe(1);
      expect(await page.getByText('docker login -u partner registry.example.com', { exact: true }).count()).toBe(1);
      expect(await page.getByText('This deployment names no registry host').count()).toBe(0);
      await page.context().close();
    },
    BROWSER_TEST_MS,
  );
});
