/**
 * The registry token endpoint's per-request cost against its floor: one GetItem and one
 * local ES256 signature, measured side by side in one process (registryTokenLoop.ts), with
 * the root key in memory, with the root key in KMS (a stand-in answering after a KMS round
 * trip), and, for comparison, with the design before: a KMS Sign per token. Also how many
 * KMS calls each design makes over 10,000 token requests.
 */
import { fileURLToPath } from 'node:url';
import { forkLoop } from '../harness/forkLoop.js';
import type { KmsCallCount, TokenLoopOptions, TokenLoopResult } from './registryTokenLoop.js';
import { batchMedians } from '../requestOverhead/requestOverhead.js';
import { pairedRatios, summarize } from '../harness/stats.js';
import { fixed, medianIqr, type Section } from '../harness/table.js';

const LOOP = fileURLToPath(new URL('./registryTokenLoop.ts', import.meta.url));

export const TOKEN_OVERHEAD_TARGET = 1.3;
/** The project's issue: the token endpoint with the root key in KMS, against the floor. */
export const KMS_TOKEN_OVERHEAD_TARGET = 1.15;
/** The project's issue: the token endpoint with the stamp of a share's last use on, against it off. */
export const SHARE_USE_STAMP_TARGET = 1.03;
/** KMS calls are counted per this many token requests. */
export const KMS_CALLS_PER = 10_000;

const count = (value: number) => value.toLocaleString('en-US');

/**
 * KMS Sign calls per {@link KMS_CALLS_PER} requests, and how they were counted. A KMS Sign
 * per token is proportional to the requests, so a count over fewer is scaled; the
 * short-lived keys' count is per process, never scaled.
 */
function perTenThousand({ requests, signCalls }: KmsCallCount, perToken: boolean): { figure: number; cell: string } {
  if (requests === KMS_CALLS_PER) return { figure: signCalls, cell: count(signCalls) };
  if (!perToken) return { figure: signCalls, cell: `${count(signCalls)} (in ${count(requests)} requests)` };
  const figure = Math.round((signCalls * KMS_CALLS_PER) / requests);
  return {
    figure,
    cell: `${count(figure)} (${count(signCalls)} in ${count(requests)} requests, scaled × ${count(KMS_CALLS_PER / requests)})`,
  };
}

export async function measureRegistryTokenOverhead(options: TokenLoopOptions): Promise<Section> {
  const { samples, batchSize, kmsCalls, storeWrites } = await forkLoop<TokenLoopResult>(LOOP, options);
  const floorRounds = batchMedians(samples.floor, batchSize);
  const row = (label: string, values: number[], kmsCallsCell: string) => {
    const all = summarize(values);
    const ratio = summarize(pairedRatios(batchMedians(values, batchSize), floorRounds));
    return { ratio, cells: [label, String(all.count), fixed(all.median, 3), fixed(all.p99, 3), medianIqr(ratio, 2), kmsCallsCell] };
  };
  const kmsCount = perTenThousand(kmsCalls.kms, false);
  const perTokenCount = perTenThousand(kmsCalls.perTokenKms, true);
  const delay = `${options.kmsDelayMs} ms`;
  const floor = row('floor: GetItem + local ES256 signature', samples.floor, '0');
  const full = row('GET /registry/token, short-lived key, root key in memory (npm start)', samples.full, '0 (no KMS)');
  const kms = row(`GET /registry/token, short-lived key, root key in KMS (${delay} per call)`, samples.kms, kmsCount.cell);
  const kmsUnstamped = row('the same, with the stamp of the share’s last use off (not deployed)', samples.kmsUnstamped, '(as above)');
  const stampCost = summarize(pairedRatios(batchMedians(samples.kms, batchSize), batchMedians(samples.kmsUnstamped, batchSize)));
  const kmsUnobserved = row(`the same, without its log line, metrics and audit event (not deployed)`, samples.kmsUnobserved, '(as above)');
  const perTokenKms = row(
    `per-token KMS (the design before): a KMS Sign per token (${delay} per call)`,
    samples.perTokenKms,
    perTokenCount.cell,
  );
  const scaled = kmsCalls.perTokenKms.requests !== KMS_CALLS_PER;
  return {
    title: '6. Registry token endpoint',
    description:
      `One process, one embedded dynalite, requests one at a time: ${options.requests} token requests per variant after ` +
      `${options.warmup} untimed ones, interleaved in batches of ${batchSize}. The handler is built as the function builds ` +
      `it; it signs with a short-lived P-256 key certified by a root key, in memory or in KMS. KMS is the local stand-in ` +
      `(local/registry/kmsStandIn.ts) in a process of its own, answering each call after ${delay} (a KMS round trip), ` +
      `reached through the deployed KmsRootKey and AWS SDK client. The per-token KMS variant (bench/token/perTokenKms.ts) is the ` +
      `design before, modelled on the same handler: one KMS Sign per token. The floor reads the same share and signs a ` +
      `token of the same size with a local key. Times in ms per request; "× floor" = batch median over the floor's in the ` +
      `same round. KMS calls = the stand-in's Sign calls over ${count(kmsCalls.kms.requests)} token requests through a ` +
      `fresh handler with short-lived keys (starting with no key, as a new process does) and ` +
      `${count(kmsCalls.perTokenKms.requests)} through one with a KMS Sign per token, ${options.countConcurrency} requests ` +
      `at a time, in one process. "Without its log line, metrics and audit event" is the KMS variant given a muted ` +
      `logger, metrics and an audit trail that do nothing (bench/logging/noObservability.ts), to show what they cost. ` +
      `"With the stamp of the share's last use off" is the KMS variant with a store that records no use ` +
      `(bench/token/withoutShareUseStamps.ts); table writes are the UpdateItems sent while the KMS calls are counted, the share ` +
      `first reset to never used.`,
    columns: ['variant', 'requests', 'median ms', 'p99 ms', 'median × floor', `KMS calls per ${count(KMS_CALLS_PER)} requests`],
    rows: [floor.cells, full.cells, kms.cells, kmsUnstamped.cells, kmsUnobserved.cells, perTokenKms.cells],
    targets: [
      {
        name: 'token endpoint median, root key in memory, vs GetItem + local signature',
        measured: full.ratio.median,
        limit: TOKEN_OVERHEAD_TARGET,
        kind: 'atMost',
        unit: '×',
      },
      {
        name: `token endpoint median, root key in KMS (${delay} per call), vs GetItem + local signature`,
        measured: kms.ratio.median,
        limit: KMS_TOKEN_OVERHEAD_TARGET,
        kind: 'atMost',
        unit: '×',
      },
      {
        name: 'token endpoint median, root key in KMS, with the stamp of last use on vs off',
        measured: stampCost.median,
        limit: SHARE_USE_STAMP_TARGET,
        kind: 'atMost',
        unit: '×',
      },
      {
        name: `table writes per ${count(storeWrites.requests)} token grants through one share, within the hour`,
        measured: storeWrites.writes,
        limit: 1,
        kind: 'exactly',
        unit: '',
      },
      {
        name: `KMS calls per ${count(KMS_CALLS_PER)} token requests, short-lived keys`,
        measured: kmsCount.figure,
        limit: 1,
        kind: 'exactly',
        unit: '',
      },
    ],
    notes: [
      `with a KMS round trip of ${delay}: short-lived keys ${fixed(kms.ratio.median, 2)}× the floor, a KMS Sign per token ` +
        `${fixed(perTokenKms.ratio.median, 2)}× (${fixed(summarize(samples.perTokenKms).median / summarize(samples.kms).median, 1)}× ` +
        `the short-lived keys' median).`,
      `KMS calls per ${count(KMS_CALLS_PER)} token requests: ${count(kmsCount.figure)} with short-lived keys (the one ` +
        `certificate of the process's key), ${count(perTokenCount.figure)} with a KMS Sign per token` +
        (scaled ? ` (counted over ${count(kmsCalls.perTokenKms.requests)} requests in this run and scaled).` : '.'),
      `the stamp of a share's last use: ${fixed(stampCost.median, 3)}× (IQR ${fixed(stampCost.q1, 3)}–${fixed(stampCost.q3, 3)}) ` +
        `the same handler with it off, batch medians side by side; ${count(storeWrites.writes)} table write(s) over ` +
        `${count(storeWrites.requests)} grants through one share within the hour (at most one per share per hour).`,
      `what the token handler writes per request (its one line: its log fields, its metrics as EMF, its audit event): ` +
        `${fixed(kms.ratio.median, 2)}× the floor with them, ${fixed(kmsUnobserved.ratio.median, 2)}× without.`,
      'The per-token KMS variant still signs each token locally after its KMS call (about 0.05 ms, within the noise of the ' +
        'round trip) and its token carries the x5c header; the design before had neither.',
    ],
  };
}
