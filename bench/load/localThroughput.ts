/**
 * Part 3, throughput of the local service: autocannon against 127.0.0.1, creates of
 * distinct shares and shows, beside the embedded store's own PutItem and GetItem throughput
 * under the same load generator, connections and duration, in the same run — and, for
 * creates, beside the floor service (the same server with a handler that does only the
 * store calls of a create under the limit: the roster claim and the share's PutItem).
 */
import autocannon, { type RequestStep, type Result } from 'autocannon';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CreateSpread, describeSpread, spreadCreate } from './createSpread.js';
import { createRequest, type LoadTarget, type LoadTargetKind, PARTNER, showRequest } from './loadRequests.js';
import { cpuByPackageTable, readProfile, selfTimeByFunction, selfTimeByPackage, topFunctions } from '../harness/profileSummary.js';
import { pairedRatios, summarize } from '../harness/stats.js';
import { fixed, medianRange, type Section, type TargetCheck } from '../harness/table.js';

/**
 * Creates of the service against the floor service's (the same server, store and load with a
 * handler that makes only the store calls a create under the limit needs: the roster claim's
 * UpdateItem and the share's PutItem): what our code (middleware, validation, token, rules)
 * costs on top of the local harness and the store work. Against the raw store no target is
 * set: the floor service itself reaches only about 30% of it, so that ratio measured the
 * harness's shape, not our code.
 */
export const THROUGHPUT_TARGET = 0.85;

export interface ThroughputOptions {
  connections: number[];
  durationSeconds: number;
  repetitions: number;
  /** A bound on the requests of one run, whatever its duration. */
  maxRequests: number;
  /** Untimed load on each target first: the SDK's code takes thousands of requests to settle. */
  warmupSeconds: number;
  /** How the creates are spread over repositories and accounts (each target its own, continued from run to run). */
  spread: CreateSpread;
}

export type LoadTargets = Record<LoadTargetKind, LoadTarget>;

type LoadKind = 'create' | 'show';

/** Shares the show load reads; created before it starts. */
const SEEDED_SHARES = 200;

/** The creates sent to each target so far, over all its runs: the next one's place in the spread. */
const createsSent = new WeakMap<LoadTarget, number>();

function nextCreate(target: LoadTarget, spread: CreateSpread) {
  const n = createsSent.get(target) ?? 0;
  createsSent.set(target, n + 1);
  return createRequest(target, spreadCreate(spread, 'load', n));
}

/**
 * One bounded autocannon run; `stepOf(n)` is the n-th request. Resolves with autocannon's
 * result; `stop` ends the run early.
 */
export function loadRun(
  url: string,
  stepOf: (n: number) => RequestStep,
  options: { connections: number; durationSeconds: number; maxRequests: number },
): { result: Promise<Result>; stop(): void } {
  let n = 0;
  let instance: ReturnType<typeof autocannon> | undefined;
  const result = new Promise<Result>((resolve, reject) => {
    instance = autocannon(
      {
        url,
        connections: options.connections,
        duration: options.durationSeconds,
        maxOverallRequests: Math.max(options.maxRequests, options.connections),
        timeout: 10,
        requests: [{ setupRequest: (request) => Object.assign(request, stepOf(n++)) }],
      },
      (error, outcome) => (error ? reject(error) : resolve(outcome)),
    );
  });
  return { result, stop: () => instance?.stop() };
}

/** Sends one request the way the load generator would, with fetch; resolves with the status. */
export async function send(url: string, step: RequestStep): Promise<number> {
  const response = await fetch(url + step.path, {
    method: step.method ?? 'GET',
    ...(step.headers && { headers: step.headers }),
    ...(step.body !== undefined && { body: step.body }),
  });
  await response.arrayBuffer();
  return response.status;
}

/**
 * CPU milliseconds a process has used so far (all its threads), from /proc: unlike req/s, it
 * hardly depends on what else the machine runs. Undefined where there is no /proc.
 */
function processCpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticksPerSecond = 100; // USER_HZ on Linux
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

async function seed(target: LoadTarget): Promise<void> {
  for (let i = 0; i < SEEDED_SHARES; i += 1) {
    const status = await send(target.url, createRequest(target, { repository: `seed-${i}`, accessDomain: PARTNER }));
    if (status >= 300) throw new Error(`Seeding the ${target.kind} failed: ${status}`);
  }
}

interface Figures {
  rps: number[];
  p50: number[];
  p99: number[];
  cpuMsPerRequest: number[];
  errors: number;
}

async function measure(target: LoadTarget, kind: LoadKind, connections: number, options: ThroughputOptions) {
  const stepOf =
    kind === 'create' ? () => nextCreate(target, options.spread) : (n: number) => showRequest(target, `seed-${n % SEEDED_SHARES}`);
  const cpuBefore = processCpuMs(target.pid);
  const result = await loadRun(target.url, stepOf, {
    connections,
    durationSeconds: options.durationSeconds,
    maxRequests: options.maxRequests,
  }).result;
  const cpuAfter = processCpuMs(target.pid);
  const cpuMsPerRequest =
    cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / Math.max(1, result.requests.total);
  return { result, cpuMsPerRequest };
}

const LABELS: Record<LoadKind, Record<LoadTargetKind, string>> = {
  create: { store: 'store: raw PutItem', floorService: 'floor service: claim + PutItem handler', service: 'service: create (POST)' },
  show: { store: 'store: raw GetItem', floorService: '', service: 'service: show (GET)' },
};

export async function measureLocalThroughput(targets: LoadTargets, options: ThroughputOptions): Promise<Section> {
  const lineUp: Record<LoadKind, LoadTarget[]> = {
    create: [targets.store, targets.floorService, targets.service],
    show: [targets.store, targets.service],
  };
  for (const target of lineUp.show) await seed(target);
  // Warm every target up (JIT, connection pools), untimed.
  for (const target of lineUp.create) {
    await measure(target, 'create', options.connections[0]!, { ...options, durationSeconds: options.warmupSeconds });
  }

  const figures = new Map<string, Figures>();
  const keyOf = (kind: LoadKind, connections: number, target: LoadTarget) => `${kind}/${connections}/${target.kind}`;
  for (let rep = 0; rep < options.repetitions; rep += 1) {
    for (const connections of options.connections) {
      for (const kind of ['create', 'show'] as const) {
        // Alternate the order, so that drift hits every target alike.
        for (const target of rep % 2 === 0 ? lineUp[kind] : [...lineUp[kind]].reverse()) {
          const { result, cpuMsPerRequest } = await measure(target, kind, connections, options);
          const key = keyOf(kind, connections, target);
          const entry = figures.get(key) ?? { rps: [], p50: [], p99: [], cpuMsPerRequest: [], errors: 0 };
          entry.rps.push(result.requests.total / result.duration);
          entry.p50.push(result.latency.p50);
          entry.p99.push(result.latency.p99);
          if (cpuMsPerRequest !== undefined) entry.cpuMsPerRequest.push(cpuMsPerRequest);
          entry.errors += result.errors + result.timeouts + result.non2xx;
          figures.set(key, entry);
        }
      }
    }
  }

  const rows: string[][] = [];
  const targetChecks: TargetCheck[] = [];
  const notes: string[] = [];
  let serviceErrors = 0;
  for (const kind of ['create', 'show'] as const) {
    for (const connections of options.connections) {
      const store = figures.get(keyOf(kind, connections, targets.store))!;
      for (const target of lineUp[kind]) {
        const entry = figures.get(keyOf(kind, connections, target))!;
        if (target.kind === 'service') serviceErrors += entry.errors;
        const vsStore = summarize(pairedRatios(entry.rps, store.rps));
        rows.push([
          LABELS[kind][target.kind],
          String(connections),
          medianRange(summarize(entry.rps), 0),
          medianRange(summarize(entry.p50), 0),
          medianRange(summarize(entry.p99), 0),
          String(entry.errors),
          target === targets.store ? '1.00' : medianRange(vsStore, 2),
          entry.cpuMsPerRequest.length ? fixed(summarize(entry.cpuMsPerRequest).median, 2) : '–',
        ]);
        if (kind === 'create' && target === targets.service) {
          const floor = figures.get(keyOf(kind, connections, targets.floorService))!;
          const vsFloor = summarize(pairedRatios(entry.rps, floor.rps));
          targetChecks.push({
            name: `creates vs the floor service, ${connections} connections`,
            measured: vsFloor.median,
            limit: THROUGHPUT_TARGET,
            kind: 'atLeast',
            unit: '%',
          });
          const floorVsStore = summarize(pairedRatios(floor.rps, store.rps));
          notes.push(
            `${connections} connections: the floor service reaches ${fixed(floorVsStore.median * 100, 0)}% of the raw store; ` +
              `the service reaches ${fixed(vsFloor.median * 100, 0)}% of the floor service.`,
          );
        }
      }
    }
  }
  targetChecks.push({ name: 'errors under load (service)', measured: serviceErrors, limit: 0, kind: 'exactly', unit: '' });

  return {
    title: '3. Throughput of the local service',
    description:
      `autocannon on 127.0.0.1, ${options.repetitions} run(s) of ${options.durationSeconds} s (at most ` +
      `${options.maxRequests} requests) per row, rows interleaved. The service is \`startLocalService\` in a process of ` +
      `its own (HTTP server, handlers and in-memory dynalite together, a log line per request to /dev/null); the ` +
      `floor service is the same server and store with, on every route, a handler that makes only the store calls a ` +
      `create under the limit needs (the roster claim's conditional UpdateItem, the share's conditional PutItem; ` +
      `bench/floor/claimFloorHandler.ts); the store is the same in-memory dynalite alone, sent the share's conditional ` +
      `PutItem / consistent GetItem as raw DynamoDB requests (one call, no claim). Creates are of distinct shares, ` +
      `${describeSpread(options.spread)}; each target has its own repositories, filled on from run to run. Shows ` +
      `read ${SEEDED_SHARES} shares in turn. Figures: median (min–max) over the ` +
      `runs; latency in ms; errors = socket errors + timeouts + non-2xx; "× store" = req/s over the store's req/s in ` +
      `the same repetition; CPU ms/request = the target process's CPU time (all threads) over its requests.`,
    columns: ['load', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'errors', '× store req/s', 'CPU ms/request'],
    rows,
    targets: targetChecks,
    notes,
  };
}

/**
 * Where a create's CPU time goes in each target's process: one create run each, at the first
 * connection count, under the V8 CPU profiler; CPU ms per request by package.
 */
export async function profileLocalThroughput(targets: LoadTargets, options: ThroughputOptions, profileDir: string): Promise<Section> {
  const connections = options.connections[0]!;
  const lineUp = [targets.store, targets.floorService, targets.service];
  const columns = [];
  let serviceTop = '';
  for (const target of lineUp) {
    const file = join(profileDir, `localThroughput-${target.kind}.cpuprofile`);
    const { result } = await target.profile(file, () => measure(target, 'create', connections, options));
    const profile = await readProfile(file);
    columns.push({ label: LABELS.create[target.kind], byPackage: selfTimeByPackage(profile), requests: result.requests.total });
    if (target === targets.service) serviceTop = topFunctions(selfTimeByFunction(profile));
  }
  return {
    title: '3a. Profile of the local service under create load',
    description:
      `One create run of ${options.durationSeconds} s at ${connections} connections per target, each target's process under ` +
      `the V8 CPU profiler (profiles in ${profileDir}). CPU ms per request by package, self time.`,
    ...cpuByPackageTable(columns, { base: 0, other: 2 }),
    targets: [],
    notes: [`top self time of the service: ${serviceTop}`],
  };
}
