/**
 * `npm run bench [-- [--quick] [--profile] [--write]]`: the benchmark suite. Prints the
 * machine, the Node version and one table per part; every figure is compared with its floor
 * measured side by side in the same run.
 *
 * --quick    a smoke run (fewer processes, requests and repetitions): it shows the suite runs,
 *            its figures are too noisy to judge a target by, and it never fails on one
 * --profile  also profile part 2's loop and say where the time goes (bench/profiles/)
 * --write    keep the output in bench/RESULTS.md (between its markers)
 *
 * A full run exits with code 1 when a target is missed, so that a regression shows; the
 * benchmarks are still not part of `npm test` (times on a shared machine are no test).
 * The command line is the project's (local/cli/command.ts): --help, exit code 2 for wrong
 * arguments, a failure on one line (SWR_DEBUG=1 adds its stack trace).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, tmpdir, totalmem, type as osType } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommandLine } from '../local/cli/command.js';
import { measureColdStart } from './coldStart/coldStart.js';
import { measureConcurrencyUnderLoad } from './load/concurrencyUnderLoad.js';
import { checkSpread } from './load/createSpread.js';
import { type LoadTarget, startLoadTarget } from './load/loadRequests.js';
import { measureLocalThroughput, profileLocalThroughput } from './load/localThroughput.js';
import { measureRegistryPull } from './token/registryPull.js';
import { measureRegistryTokenOverhead } from './token/registryTokenOverhead.js';
import { measureLimitOnDynamoDbLocal, measureRequestOverhead, profileRequestOverhead } from './requestOverhead/requestOverhead.js';
import { describeTarget, isMet, renderSection, type Section } from './harness/table.js';
import { measureTokenSigning } from './token/tokenSigning.js';
import { measureLoggedBytes } from './logging/loggedBytes.js';

const usage = `usage: npm run bench [-- [--quick] [--profile] [--write]]
Measures the deployed bundles' cold start, the per-request overhead of the middleware, the
local service's throughput, the registry token endpoint and a skopeo pull through it, each
against a floor measured side by side in the same run, and the bytes a request logs, and
prints one table per part (about
seven minutes on two cores). A full run exits 1 when a target is missed.
  --quick    a smoke run (npm run bench:quick): shows that every part runs; its figures are
             too rough to judge a target by, and it never fails on one
  --profile  also profile the request loop and the local service, and say where the time
             goes (bench/profiles/)
  --write    keep the output in bench/RESULTS.md (between its markers)
SWR_DEBUG=1 adds stack traces to errors.`;

const OPTIONS = { quick: { type: 'boolean' }, profile: { type: 'boolean' }, write: { type: 'boolean' } } as const;

/**
 * How the creates are spread (bench/load/createSpread.ts): round-robin over a set of repositories,
 * each filled with this many distinct accounts, then a fresh set, so that a repository's
 * first create (which builds its roster) is amortised as in real use and none nears the
 * limit of 500. One request at a time (part 2): 10 repositories at a time. Under load (parts
 * 3 and 4): 64 at a time, as many as the most connections, so that concurrent creates seldom
 * claim on the same roster.
 */
const SPREAD = {
  oneAtATime: checkSpread({ repositories: 10, accountsPerRepository: 200 }),
  underLoad: checkSpread({ repositories: 64, accountsPerRepository: 200 }),
};

/** KMS as the token endpoint meets it: a stand-in answering each call after a realistic round trip. */
const REGISTRY_TOKEN_KMS = { kmsDelayMs: 15, countConcurrency: 16 };

function settingsFor(quick: boolean) {
  return quick
    ? {
        coldStart: { processes: 5 },
        overhead: { requests: 600, warmup: 200, batch: 100, spread: SPREAD.oneAtATime },
        throughput: {
          connections: [16],
          durationSeconds: 2,
          repetitions: 1,
          maxRequests: 20_000,
          warmupSeconds: 1,
          spread: SPREAD.underLoad,
        },
        concurrency: { bursts: 1, burstSize: 200, connections: 32, maxSeconds: 20, maxRequests: 20_000, spread: SPREAD.underLoad },
        registryToken: { requests: 600, warmup: 200, batch: 100, ...REGISTRY_TOKEN_KMS, kmsCount: { kms: 10_000, perTokenKms: 1_000 } },
        registryPull: { pulls: 10 },
        tokenSigning: { tokens: 300, rounds: 3 },
        loggedBytes: { requests: 50 },
      }
    : {
        coldStart: { processes: 20 },
        overhead: { requests: 3000, warmup: 500, batch: 100, spread: SPREAD.oneAtATime },
        throughput: {
          connections: [16, 64],
          durationSeconds: 4,
          repetitions: 3,
          maxRequests: 40_000,
          warmupSeconds: 4,
          spread: SPREAD.underLoad,
        },
        concurrency: { bursts: 3, burstSize: 200, connections: 32, maxSeconds: 30, maxRequests: 40_000, spread: SPREAD.underLoad },
        registryToken: { requests: 3000, warmup: 500, batch: 100, ...REGISTRY_TOKEN_KMS, kmsCount: { kms: 10_000, perTokenKms: 10_000 } },
        registryPull: { pulls: 40 },
        tokenSigning: { tokens: 2000, rounds: 5 },
        loggedBytes: { requests: 500 },
      };
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');

function machine(): string {
  const cores = cpus();
  return [
    `- machine: ${cores[0]?.model ?? 'unknown CPU'}, ${cores.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${osType()} ${release()}`,
    `- load average at start: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(', ')} (the machine is shared: read ratios, not times)`,
    `- Node ${process.version}`,
    `- command: \`${command}\``,
    `- date: ${new Date().toISOString()}`,
  ].join('\n');
}

/** The load targets, all started; when one fails, those that started are stopped first. */
async function startAll<Starting extends Promise<LoadTarget>[]>(starting: [...Starting]): Promise<{ [K in keyof Starting]: LoadTarget }> {
  const settled: PromiseSettledResult<LoadTarget>[] = await Promise.allSettled(starting);
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await Promise.all(settled.map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)));
    throw failed.reason;
  }
  return settled.map((result) => (result as PromiseFulfilledResult<LoadTarget>).value) as { [K in keyof Starting]: LoadTarget };
}

await runCommandLine('bench', { usage, options: OPTIONS }, async ({ values: flags }) => {
  const quick = flags.quick ?? false;
  const settings = settingsFor(quick);
  const started = performance.now();
  const out: string[] = [];
  function print(text: string) {
    console.log(`${text}\n`);
    out.push(text);
  }

  print(`## Machine and command\n\n${machine()}`);
  if (quick) {
    print(
      '**A smoke run (--quick)**: it checks that every part of the suite runs. Its samples are too few to judge a ' +
        'target by, and it never fails on one; `npm run bench` measures.',
    );
  }
  const sections: Section[] = [];
  // Relative to the project, as printed (npm runs scripts from the project's root).
  const profileDir = relative(process.cwd(), here('./profiles'));
  if (flags.profile) await mkdir(profileDir, { recursive: true });
  const workDir = await mkdtemp(join(tmpdir(), 'swr-bench-'));
  try {
    const coldStart = await measureColdStart({ ...settings.coldStart, workDir });
    print(renderSection(coldStart));
    sections.push(coldStart);

    const overhead = await measureRequestOverhead(settings.overhead);
    print(renderSection(overhead));
    sections.push(overhead);
    if (flags.profile) print(renderSection(await profileRequestOverhead(settings.overhead, profileDir)));
    print(renderSection(await measureLimitOnDynamoDbLocal(settings.overhead)));

    const [service, floorService, store] = await startAll([
      startLoadTarget('service'),
      startLoadTarget('floorService'),
      startLoadTarget('store'),
    ]);
    try {
      const throughput = await measureLocalThroughput({ service, floorService, store }, settings.throughput);
      print(renderSection(throughput));
      sections.push(throughput);
      if (flags.profile) {
        print(renderSection(await profileLocalThroughput({ service, floorService, store }, settings.throughput, profileDir)));
      }
      const concurrency = await measureConcurrencyUnderLoad(service, settings.concurrency);
      print(renderSection(concurrency));
      sections.push(concurrency);
    } finally {
      await Promise.all([service, floorService, store].map((target) => target.stop()));
    }

    const tokenSigning = await measureTokenSigning(settings.tokenSigning);
    print(renderSection(tokenSigning));
    sections.push(tokenSigning);

    const registryToken = await measureRegistryTokenOverhead(settings.registryToken);
    print(renderSection(registryToken));
    sections.push(registryToken);

    const registryPull = await measureRegistryPull(settings.registryPull);
    print(renderSection(registryPull));
    sections.push(registryPull);

    const loggedBytes = await measureLoggedBytes(settings.loggedBytes);
    print(renderSection(loggedBytes));
    sections.push(loggedBytes);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  const targets = sections.flatMap((section) => section.targets);
  const met = targets.filter(isMet).length;
  print(
    [
      `### Targets: ${met} of ${targets.length} met${quick ? ' (a smoke run: figures too rough to judge targets by)' : ''}`,
      '',
      ...targets.map((target) => `- ${describeTarget(target)}`),
      '',
      `(${((performance.now() - started) / 1000).toFixed(0)} s in all)`,
    ].join('\n'),
  );

  if (flags.write) {
    const file = here('./RESULTS.md');
    const [begin, end] = ['<!-- bench:begin -->', '<!-- bench:end -->'];
    const previous = await readFile(file, 'utf8').catch(() => `# Benchmark results\n\n${begin}\n${end}\n`);
    const from = previous.indexOf(begin);
    const to = previous.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${file} lacks its ${begin} … ${end} markers`);
    await writeFile(file, `${previous.slice(0, from + begin.length)}\n${out.join('\n\n')}\n${previous.slice(to)}`);
    console.log(`written to ${file}`);
  }

  if (met < targets.length && !quick) {
    console.error(`${targets.length - met} target(s) missed`);
    return 1;
  }
  return 0;
});
