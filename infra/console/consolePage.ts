/**
 * The web console as its server answers it, on the API's own origin at `<base>/console/`:
 * locally by `npm start` (local/server/consoleRoute.ts), on AWS by API Gateway (ConsoleRoutes.ts).
 * Both take the page, the headers and the built files from here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the console is, below the API's base URL. */
export const CONSOLE_PATH = '/console';

/**
 * Only this origin's own files: no inline script or style, no third party, no framing; a
 * form posts nowhere (the console submits with fetch).
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers of every console answer, its errors included. */
export const CONSOLE_HEADERS = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Small files, deployed with the API: always revalidated, so a deploy is seen at once.
  'Cache-Control': 'no-cache',
} as const;

/** What the page tells the console (as <meta> tags, not an endpoint). */
export interface ConsolePageSettings {
  /** MAX_ACCOUNTS_PER_REPOSITORY, for the "n / 500" counter. */
  maxAccountsPerRepository: string;
  /** Offer the local IAM stand-in's token button (npm start only). */
  localIam: boolean;
}

const escapeAttribute = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * The console's one page. `base` is the URL path of the console's folder (`/console/`,
 * `/prod/console/`): the files and the API are found from it, whichever of `/console` or
 * `/console/` was asked for. Holds no `$` or `#`, so API Gateway's template language leaves
 * it as it is.
 */
export function consolePage(base: string, settings: ConsolePageSettings): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<base href="${escapeAttribute(base)}">`,
    `<meta name="swr-max-accounts-per-repository" content="${escapeAttribute(settings.maxAccountsPerRepository)}">`,
    settings.localIam ? '<meta name="swr-local-iam" content="on">' : '',
    '<title>SWR image sharing</title>',
    '<link rel="stylesheet" href="console.css">',
    '<script src="console.js" defer></script>',
    '</head>',
    '<body>',
    '<header id="top"></header>',
    '<main id="main"><noscript>The console needs JavaScript.</noscript></main>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** The built files beside the page (npm run build:console), by name. */
export const CONSOLE_FILES = {
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
} as const;
export type ConsoleFile = keyof typeof CONSOLE_FILES;

export const CONSOLE_PAGE_TYPE = 'text/html; charset=utf-8';

/** Where npm run build:console writes the files. */
export const CONSOLE_BUILD_DIR = fileURLToPath(new URL('../../console/dist/', import.meta.url));

/** A built file's text. @throws if the console was not built (npm start, npm test and cdk synth build it). */
export function builtConsoleFile(name: ConsoleFile): string {
  try {
    return readFileSync(`${CONSOLE_BUILD_DIR}${name}`, 'utf8');
  } catch (error) {
    throw new Error(`The console is not built (${name} missing): run npm run build:console`, { cause: error });
  }
}
