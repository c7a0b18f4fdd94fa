/**
 * The registry token endpoint's per-request cost against its floor: one GetItem and one
 * ES256 signature, measured side by side in one process (registryTokenLoop.ts).
 */
import { fileURLToPath } from 'node:url';
import { forkLoop } from './forkLoop.js';
import type { TokenLoopOptions, TokenLoopResult } from './registryTokenLoop.js';
import { batchMedians } from './requestOverhead.js';
import { pairedRatios, summarize } from './stats.js';
import { fixed, medianIqr, type Section } from './table.js';

const LOOP = fileURLToPath(new URL('./registryTokenLoop.ts', import.meta.url));

export const TOKEN_OVERHEAD_TARGET = 1.3;

export async function measureRegistryTokenOverhead(options: TokenLoopOptions): Promise<Section> {
  const { samples, batchSize } = await forkLoop<TokenLoopResult>(LOOP, options);
  const floorRounds = batchMedians(samples.floor, batchSize);
  const row = (label: string, values: number[]) => {
    const all = summarize(values);
    const ratio = summarize(pairedRatios(batchMedians(values, batchSize), floorRounds));
    return { ratio, cells: [label, String(all.count), fixed(all.median, 3), fixed(all.p99, 3), medianIqr(ratio, 2)] };
  };
  const floor = row('floor: GetItem + ES256 signature', samples.floor);
  const full = row('GET /registry/token (pull through a share)', samples.full);
  return {
    title: '6. Registry token endpoint',
    description:
      `One process, one embedded dynalite, requests one at a time: ${options.requests} token requests per variant after ` +
      `${options.warmup} untimed ones, interleaved in batches of ${batchSize}. The handler is built as the function builds ` +
      `it and signs with a local P-256 key; the floor reads the same share and signs a token of the same size. ` +
      `Times in ms per request; "× floor" = batch median over the floor's in the same round.`,
    columns: ['variant', 'requests', 'median ms', 'p99 ms', 'median × floor'],
    rows: [floor.cells, full.cells],
    targets: [
      { name: 'token endpoint median vs GetItem + signature', measured: full.ratio.median, limit: TOKEN_OVERHEAD_TARGET, kind: 'atMost', unit: '×' },
    ],
    notes: [],
  };
}
