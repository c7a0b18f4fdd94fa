import { describe, expect, it } from '@jest/globals';
import { CONSOLE_CSP } from '../../infra/console/consolePage.js';
import { openSharing, useConsoleScene, BROWSER_TEST_MS } from '../support/consoleBrowser.js';
import { OWNER, shareBody, SHARES } from '../support/fixtures.js';

// Browser globals: only the page.evaluate() callbacks use them, and those run in the page.
declare const document: any;
declare const getComputedStyle: any;
declare const window: any;

const scene = useConsoleScene();

/** A CSP header's directives, by name. */
function directives(policy: string | null): Record<string, string[]> {
  return Object.fromEntries(
    (policy ?? '')
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('the console’s Content-Security-Policy', () => {
  it.each([
    ['GET', '/console'],
    ['GET', '/console/'],
    ['GET', '/console/console.js'],
    ['GET', '/console/console.css'],
    ['GET', '/console/no-such-file'],
    ['POST', '/console/'],
  ])('is on the answer to %s %s', async (method, path) => {
    const answer = await fetch(`${scene().service.url}${path}`, { method });
    const policy = answer.headers.get('Content-Security-Policy');
    expect(policy).toBe(CONSOLE_CSP);
    expect(directives(policy)).toMatchObject({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
    expect(policy).not.toMatch(/unsafe-|data:|https?:/);
    expect(answer.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it(
    'blocks an inline script and an inline style sheet in the page',
    async () => {
      const page = await scene().newPage();
      await page.goto(scene().consoleUrl);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      const outcome = await page.evaluate(async () => {
        const violations: string[] = [];
        document.addEventListener('securitypolicyviolation', (event: { effectiveDirective: string }) =>
          violations.push(event.effectiveDirective),
        );
        const script = document.createElement('script');
        script.textContent = 'window.inlineScriptRan = true';
        document.body.append(script);
        const style = document.createElement('style');
        style.textContent = 'body { background: rgb(255, 0, 0) }';
        document.head.append(style);
        await new Promise((resolve) => setTimeout(resolve, 100));
        return {
          ran: (window as unknown as { inlineScriptRan?: boolean }).inlineScriptRan ?? false,
          background: getComputedStyle(document.body).backgroundColor,
          violations,
        };
      });
      expect(outcome.ran).toBe(false);
      expect(outcome.background).not.toBe('rgb(255, 0, 0)');
      expect(outcome.violations).toEqual(expect.arrayContaining(['script-src-elem', 'style-src-elem']));
      await page.context().close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'fetches nothing from another origin, from signing in to Shared with me',
    async () => {
      const owner = await scene().service.sign(OWNER);
      await scene().service.call('POST', SHARES, { token: owner, body: shareBody() });
      const page = await scene().newPage();
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      await scene().signIn(page, owner);
      await openSharing(page, 'demo', 'nginx');
      await page.getByRole('rowheader', { name: 'partner' }).waitFor();
      await page.getByRole('link', { name: 'Shared with me' }).click();
      await page.getByRole('heading', { name: 'Shared with me' }).waitFor();
      expect(requested.length).toBeGreaterThan(3);
      expect(requested.filter((url) => new URL(url).origin !== scene().service.url)).toEqual([]);
      await page.context().close();
    },
    BROWSER_TEST_MS,
  );
});
