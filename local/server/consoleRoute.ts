import type { APIGatewayProxyResult } from 'aws-lambda';
import { noSuchRoute } from '../../lambda/errors.js';
import { errorResponse } from '../../lambda/http/responses.js';
import {
  builtConsoleFile,
  CONSOLE_FILES,
  CONSOLE_HEADERS,
  CONSOLE_PAGE_TYPE,
  CONSOLE_PATH,
  type ConsoleFile,
  type ConsolePageSettings,
  consolePage,
} from '../../infra/console/consolePage.js';

/** Answers the console's paths the way the stack's API Gateway routes do; undefined for any other path. */
export type ConsoleRoute = (method: string, pathname: string) => APIGatewayProxyResult | undefined;

/**
 * The web console at /console/ on the local server: its page, its two built files, and a
 * 404 in the API's format for anything else below it, every answer with the console's CSP.
 * The files are read once, when the server starts (npm start builds them first).
 */
export function consoleRoute(settings: ConsolePageSettings): ConsoleRoute {
  const page = consolePage(`${CONSOLE_PATH}/`, settings);
  const files = new Map(Object.entries(CONSOLE_FILES).map(([name, type]) => [name, { type, body: builtConsoleFile(name as ConsoleFile) }]));
  return (method, pathname) => {
    if (pathname !== CONSOLE_PATH && !pathname.startsWith(`${CONSOLE_PATH}/`)) return undefined;
    const file = files.get(pathname.slice(CONSOLE_PATH.length + 1));
    const found = pathname === CONSOLE_PATH || pathname === `${CONSOLE_PATH}/` ? { type: CONSOLE_PAGE_TYPE, body: page } : file;
    if (!found || (method !== 'GET' && method !== 'HEAD')) {
      const error = errorResponse(noSuchRoute());
      return { ...error, headers: { ...error.headers, ...CONSOLE_HEADERS } };
    }
    return { statusCode: 200, headers: { 'Content-Type': found.type, ...CONSOLE_HEADERS }, body: method === 'HEAD' ? '' : found.body };
  };
}
