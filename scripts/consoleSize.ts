import { gzipSync } from 'node:zlib';
import { builtConsoleFile, CONSOLE_FILES, type ConsoleFile, consolePage } from '../infra/console/consolePage.js';

/** What a browser loads of the built console: the page, the script and the style sheet, in KiB, and gzipped. */
export function builtConsoleSize(): { kib: number; gzippedKib: number } {
  const texts = [
    consolePage('/console/', { maxAccountsPerRepository: '500', localIam: false }),
    ...Object.keys(CONSOLE_FILES).map((name) => builtConsoleFile(name as ConsoleFile)),
  ];
  const sum = (sizes: number[]) => sizes.reduce((total, size) => total + size, 0) / 1024;
  return {
    kib: sum(texts.map((text) => Buffer.byteLength(text))),
    gzippedKib: sum(texts.map((text) => gzipSync(text).length)),
  };
}
