/**
 * Part 2, per-request overhead: thousands of creates through the full handler against the
 * same number of bare PutItems (the floor), of claims + PutItems (the floor of a create under
 * the limit) and of creates through the same handler with the create before the limit, in
 * one process, against one embedded store.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { javaAvailable, startDynamoDbLocal } from '../../local/store/dynamoDbLocal.js';
import { forkLoop } from '../harness/forkLoop.js';
import { cpuByPackageTable, readProfile, selfTimeByFunction, selfTimeByPackage, topFunctions } from '../harness/profileSummary.js';
import type { OverheadLoopOptions, OverheadLoopResult, Variant } from './requestOverheadLoop.js';
import { pairedRatios, summarize } from '../harness/stats.js';
import { describeSpread } from '../load/createSpread.js';
import { fixed, medianIqr, type Section } from '../harness/table.js';

const LOOP = fileURLToPath(new URL('./requestOverheadLoop.ts', import.meta.url));

/**
 * The handler (token check, validation, rules, log line, metrics, audit) against a floor
 * that makes the same store calls and nothing else: at most this. The floor is the claim
 * and the PutItem, since a create under the limit cannot do without either: the create is
 * judged against its own floor. What the limit costs against the create before it is shown,
 * not judged: exactness won (two conditional writes; one transaction costs as much and is
 * billed twice), so it costs what a second store round trip costs.
 */
export const OVERHEAD_TARGET = 1.3;
/** An AK/SK-signed request against a token request (both callers cached): at most this. */
export const SIGNED_OVERHEAD_TARGET = 1.2;
/**
 * createShare with metrics (EMF) and the audit trail on against the same handler with both
 * no-ops (bench/logging/noObservability.ts), in the same rounds: at most this (the issue: per-request
 * within the current ≤ 1.30×).
 */
export const OBSERVABILITY_OVERHEAD_TARGET = 1.3;

export type RequestOverheadOptions = Omit<OverheadLoopOptions, 'profileFile' | 'dynamodbEndpoint' | 'variants'>;

/** What part 2 runs on the embedded store: all but the create in one transaction (dynalite has none). */
const EMBEDDED_VARIANTS: Variant[] = ['floor', 'claimFloor', 'withoutLimit', 'full', 'withoutObservability', 'fullNewToken', 'signed'];

const LABELS: Record<Variant, string> = {
  floor: 'floor: bare PutItem',
  claimFloor: 'floor with the limit: claim UpdateItem + PutItem',
  withoutLimit: 'createShare without the limit (before): PutItem only',
  full: 'createShare, the same caller each time',
  withoutObservability: 'createShare without metrics and audit',
  fullNewToken: 'createShare, a new token each time',
  signed: 'createShare, AK/SK-signed (key cached)',
  inTransaction: 'createShare with the limit as one TransactWriteItems (not chosen)',
};

const runLoop = (options: OverheadLoopOptions) => forkLoop<OverheadLoopResult>(LOOP, options);
const runEmbedded = (options: RequestOverheadOptions & Pick<OverheadLoopOptions, 'profileFile'>) =>
  runLoop({ ...options, variants: EMBEDDED_VARIANTS });

/** Medians of consecutive batches: one figure per round. */
export function batchMedians(samples: readonly number[], batch: number): number[] {
  const medians: number[] = [];
  for (let start = 0; start < samples.length; start += batch) medians.push(summarize(samples.slice(start, start + batch)).median);
  return medians;
}

export async function measureRequestOverhead(options: RequestOverheadOptions): Promise<Section> {
  const { samples, batchSize } = await runEmbedded(options);
  const of = (variant: Variant) => samples[variant] ?? [];
  const floorRounds = batchMedians(of('floor'), batchSize);
  const variants = EMBEDDED_VARIANTS;
  const rows = variants.map((variant) => {
    const all = summarize(of(variant));
    const rounds = summarize(batchMedians(of(variant), batchSize));
    const ratio = summarize(pairedRatios(batchMedians(of(variant), batchSize), floorRounds));
    return {
      variant,
      ratio,
      cells: [
        LABELS[variant],
        String(all.count),
        `${fixed(all.median, 3)} (${fixed(rounds.q1, 3)}–${fixed(rounds.q3, 3)})`,
        fixed(all.p99, 3),
        medianIqr(ratio, 2),
        fixed(all.p99 / summarize(of('floor')).p99, 2),
      ],
    };
  });
  const full = rows.find((row) => row.variant === 'full')!;
  const newToken = rows.find((row) => row.variant === 'fullNewToken')!;
  const claimFloor = rows.find((row) => row.variant === 'claimFloor')!;
  // With the limit over without it, batch by batch in the same rounds: what the roster adds.
  const withOverWithout = summarize(pairedRatios(batchMedians(of('full'), batchSize), batchMedians(of('withoutLimit'), batchSize)));
  const withOverClaimFloor = summarize(pairedRatios(batchMedians(of('full'), batchSize), batchMedians(of('claimFloor'), batchSize)));
  // The timed creates that were a repository's first (the k-th timed one is create warmup + k of its series).
  const { repositories, accountsPerRepository } = options.spread;
  const isFirst = (k: number) => (options.warmup + k) % (repositories * accountsPerRepository) < repositories;
  const firsts = of('full').filter((_, k) => isFirst(k));
  const firstNote = firsts.length
    ? [
        `a repository's first create (the claim fails, GetItem, Query, PutItem of the roster, the claim again, the ` +
          `share's PutItem), ${firsts.length} of the ${of('full').length} timed creates of "${LABELS.full}": median ` +
          `${fixed(summarize(firsts).median, 3)} ms, ${fixed(summarize(firsts).median / summarize(of('withoutLimit')).median, 2)}× ` +
          `the create without the limit; the others: ${fixed(summarize(of('full').filter((_, k) => !isFirst(k))).median, 3)} ms.`,
      ]
    : [];
  // Signed over token, batch by batch in the same rounds: what verifying a signature adds.
  const signedOverToken = summarize(pairedRatios(batchMedians(of('signed'), batchSize), batchMedians(of('full'), batchSize)));
  // With metrics and audit over without, batch by batch in the same rounds: what they add.
  const observedOverNot = summarize(pairedRatios(batchMedians(of('full'), batchSize), batchMedians(of('withoutObservability'), batchSize)));
  return {
    title: '2. Per-request overhead',
    description:
      `One process, one embedded dynalite, requests one at a time: ${options.requests} creates of distinct shares per ` +
      `variant after ${options.warmup} untimed ones, interleaved in batches of ${batchSize}; each variant's creates go ` +
      `${describeSpread(options.spread)}. The full handler is built by ` +
      `\`createRuntime\` from a Lambda environment (inline JWKS) and logs its line per request (to /dev/null); events ` +
      `carry a valid token and body. "Without the limit" is the same handler, runtime and caller with the create before ` +
      `the limit (bench/requestOverhead/createWithoutLimit.ts: the share's conditional PutItem alone); "without metrics and audit" is ` +
      `the same handler and caller with \`createRuntime\` given a metrics sink and an audit trail that do nothing ` +
      `(bench/logging/noObservability.ts: its line carries neither; the others' one line per request carries their metrics and audit event, to /dev/null); "floor with the limit" does only ` +
      `the store calls a create under the limit needs (bench/floor/claimFloorHandler.ts). Times in ms per request: ` +
      `median of all requests (IQR of the batch medians), p99; "× floor" = batch median over the bare floor's batch ` +
      `median in the same round.`,
    columns: ['variant', 'requests', 'median ms', 'p99 ms', 'median × floor', 'p99 × floor'],
    rows: rows.map((row) => row.cells),
    targets: [
      {
        name: 'median per-request vs the floor with the same store calls (claim + PutItem; the same caller)',
        measured: withOverClaimFloor.median,
        limit: OVERHEAD_TARGET,
        kind: 'atMost',
        unit: '×',
      },
      {
        name: 'median AK/SK-signed vs token request (both cached)',
        measured: signedOverToken.median,
        limit: SIGNED_OVERHEAD_TARGET,
        kind: 'atMost',
        unit: '×',
      },
      {
        name: 'median createShare with metrics and audit vs without, same rounds',
        measured: observedOverNot.median,
        limit: OBSERVABILITY_OVERHEAD_TARGET,
        kind: 'atMost',
        unit: '×',
      },
    ],
    notes: [
      `with a token never seen before (every request verified in full): ${fixed(newToken.ratio.median, 2)}× the floor.`,
      `the limit (shown, no target: exactness won, two conditional writes per create): createShare with it takes ${fixed(withOverWithout.median, 2)}× (IQR ${fixed(withOverWithout.q1, 2)}–` +
        `${fixed(withOverWithout.q3, 2)}) the create without it, per round; against the floor with the limit ` +
        `(claim + PutItem, no middleware) ${fixed(withOverClaimFloor.median, 2)}×, which itself takes ` +
        `${fixed(claimFloor.ratio.median, 2)}× the bare PutItem (createShare against the bare PutItem: ` +
        `${fixed(full.ratio.median, 2)}×).`,
      ...firstNote,
      `metrics and audit: createShare with them takes ${fixed(observedOverNot.median, 2)}× (IQR ${fixed(observedOverNot.q1, 2)}–` +
        `${fixed(observedOverNot.q3, 2)}) the same handler without them, per round.`,
    ],
  };
}

/** What part 2a runs on DynamoDB Local: one PutItem, the create before the limit, and the limit both ways. */
const DYNAMODB_LOCAL_VARIANTS: Variant[] = ['floor', 'withoutLimit', 'full', 'inTransaction'];

/**
 * Part 2a, the limit's cost on the store with transactions: the same loop on DynamoDB Local,
 * where the claim and the share could also go in one TransactWriteItems. Shows whether one
 * transaction would cost less than the two conditional writes the store makes (it is not
 * chosen: docs/access-domains.md §9). Needs Java; without it, says so and measures nothing.
 */
export async function measureLimitOnDynamoDbLocal(options: RequestOverheadOptions): Promise<Section> {
  const title = "2a. The limit's cost on DynamoDB Local: two conditional writes or one transaction";
  if (!javaAvailable()) {
    return { title, description: 'Not measured: DynamoDB Local needs Java, which is not on PATH.', columns: [], rows: [], targets: [] };
  }
  const dynamoDbLocal = await startDynamoDbLocal();
  let result: OverheadLoopResult;
  try {
    result = await runLoop({ ...options, dynamodbEndpoint: dynamoDbLocal.endpoint, variants: DYNAMODB_LOCAL_VARIANTS });
  } finally {
    await dynamoDbLocal.close();
  }
  const { samples, batchSize } = result;
  const rounds = (variant: Variant) => batchMedians(samples[variant] ?? [], batchSize);
  const overBefore = (variant: Variant) => summarize(pairedRatios(rounds(variant), rounds('withoutLimit')));
  const rows = DYNAMODB_LOCAL_VARIANTS.map((variant) => {
    const all = summarize(samples[variant] ?? []);
    const batches = summarize(rounds(variant));
    return [
      variant === 'full' ? 'createShare with the limit as built: claim UpdateItem, then PutItem' : LABELS[variant],
      String(all.count),
      `${fixed(all.median, 3)} (${fixed(batches.q1, 3)}–${fixed(batches.q3, 3)})`,
      fixed(all.p99, 3),
      medianIqr(overBefore(variant), 2),
    ];
  });
  return {
    title,
    description:
      `Part 2's loop, one process, requests one at a time, against DynamoDB Local (AWS's emulator, in memory, ` +
      `in a Java process of its own) instead of dynalite: ${options.requests} creates per variant after ` +
      `${options.warmup} untimed ones, interleaved in batches of ${batchSize}, each variant's creates ` +
      `${describeSpread(options.spread)}. "As one TransactWriteItems" is the same handler with the roster's claim ` +
      `and the share's PutItem in one transaction (bench/requestOverhead/createInTransaction.ts; a repository's first create goes ` +
      `the real way, which builds the roster). Times in ms per request; "× before" = batch median over the create ` +
      `without the limit's in the same round.`,
    columns: ['variant', 'requests', 'median ms', 'p99 ms', 'median × before'],
    rows,
    targets: [],
    notes: [
      `with the limit, on DynamoDB Local: two conditional writes (as built) ${fixed(overBefore('full').median, 2)}× ` +
        `the create without it; one TransactWriteItems ${fixed(overBefore('inTransaction').median, 2)}×.`,
    ],
  };
}

/**
 * Where a request's CPU time goes: the same interleaved loop under the V8 profiler (timed
 * requests only, split by variant along the batches), CPU milliseconds per request by
 * package, and the full handler's top functions by self time. The profiler slows all
 * variants alike; read it for where the difference lies, not for speed.
 */
export async function profileRequestOverhead(options: RequestOverheadOptions, profileDir: string): Promise<Section> {
  const profileFile = join(profileDir, 'requestOverhead.cpuprofile');
  const { batches } = await runEmbedded({ ...options, profileFile });
  const profile = await readProfile(profileFile);
  const variants = EMBEDDED_VARIANTS;
  const windowsOf = (variant: Variant) => batches.filter((batch) => batch.variant === variant);
  const table = cpuByPackageTable(
    variants.map((variant) => ({
      label: LABELS[variant],
      byPackage: selfTimeByPackage(profile, windowsOf(variant)),
      requests: options.requests,
    })),
    { base: variants.indexOf('floor'), other: variants.indexOf('full') },
  );
  return {
    title: '2a. Profile of the per-request loop',
    description:
      `Part 2's loop again (${options.requests} requests per variant, interleaved) under the V8 CPU profiler, ` +
      `100 µs sampling, timed requests only, split by variant along the batches (${profileFile}). CPU ms per ` +
      `request by package, self time; the embedded store runs in the same process. The profiler slows every ` +
      `variant alike: read it for where the difference lies, not for speed.`,
    ...table,
    targets: [],
    notes: [`top self time of "${LABELS.full}": ${topFunctions(selfTimeByFunction(profile, windowsOf('full')))}`],
  };
}
