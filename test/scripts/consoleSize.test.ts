import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { builtConsoleSize } from '../../scripts/consoleSize.js';

describe("the web console's size", () => {
  it('is the one docs/console.md states, within half a KiB (npm test builds the console first)', () => {
    const docs = readFileSync(new URL('../../docs/console.md', import.meta.url), 'utf8');
    const [, stated, statedGzipped] =
      /\*\*([\d.]+) KiB\*\* for the page, script and style sheet together, \*\*([\d.]+) KiB gzipped\*\*/.exec(docs)!;
    const { kib, gzippedKib } = builtConsoleSize();
    expect(Math.abs(kib - Number(stated))).toBeLessThanOrEqual(0.5);
    expect(Math.abs(gzippedKib - Number(statedGzipped))).toBeLessThanOrEqual(0.5);
  });
});
