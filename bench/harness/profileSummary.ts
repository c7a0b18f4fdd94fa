/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, or the inspector's Profiler): where the
 * samples fell, by package and by function (self time), optionally only within given time
 * windows — so that one profile of interleaved variants can be split by variant.
 * `tsx bench/harness/profileSummary.ts <file.cpuprofile> [top]` prints both lists for a whole profile.
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds on the clock of `process.hrtime`. */
  startTime: number;
  endTime: number;
  /** The node each sample fell in. */
  samples: number[];
  /** Microseconds between one sample and the one before. */
  timeDeltas: number[];
}

/** A stretch of time, in microseconds on the clock of `process.hrtime` (as the profile's). */
export interface TimeWindow {
  startUs: number;
  endUs: number;
}

export interface SelfTime {
  name: string;
  /** CPU milliseconds spent in it. */
  ms: number;
}

/** Which package (or part of Node, or of this project) a script belongs to. */
export function ownerOf(url: string): string {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node (built-in)';
  const inModules = url.lastIndexOf('node_modules/');
  if (inModules >= 0) {
    const [first, second] = url.slice(inModules + 'node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? url);
  }
  const project = url.match(/\/(lambda|local|bench)\/(.*)$/);
  return project ? `${project[1]}/${project[2]}` : url;
}

const IDLE = new Set(['(idle)']);

function tally(profile: CpuProfile, keyOf: (node: ProfileNode) => string, windows?: readonly TimeWindow[]): SelfTime[] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const inWindow = (at: number) => !windows || windows.some((w) => at >= w.startUs && at < w.endUs);
  const totals = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    const node = nodes.get(id);
    if (!node || IDLE.has(node.callFrame.functionName) || !inWindow(at)) return;
    const key = keyOf(node);
    totals.set(key, (totals.get(key) ?? 0) + delta / 1000);
  });
  return [...totals.entries()].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
}

/** Busy CPU time (idle left out) by package; this project's code counts as `lambda`, `local`, `bench`. */
export function selfTimeByPackage(profile: CpuProfile, windows?: readonly TimeWindow[]): SelfTime[] {
  return tally(
    profile,
    ({ callFrame }) => {
      const owner = ownerOf(callFrame.url);
      return /^(lambda|local|bench)\//.test(owner) ? owner.split('/')[0]! : owner;
    },
    windows,
  );
}

export function selfTimeByFunction(profile: CpuProfile, windows?: readonly TimeWindow[]): SelfTime[] {
  return tally(
    profile,
    ({ callFrame }) => {
      const where = callFrame.url ? ` (${ownerOf(callFrame.url)}:${callFrame.lineNumber + 1})` : '';
      return `${callFrame.functionName || '(anonymous)'}${where}`;
    },
    windows,
  );
}

/** One column of a {@link cpuByPackageTable}: a variant's busy time by package, and its request count. */
export interface CpuColumn {
  label: string;
  byPackage: SelfTime[];
  requests: number;
}

/**
 * CPU milliseconds per request by package, one column per variant, and the difference of
 * two of them (`other − base`); the packages that differ most come first.
 */
export function cpuByPackageTable(columns: CpuColumn[], compare: { base: number; other: number }, top = 12) {
  const perRequest = columns.map(({ byPackage, requests }) => new Map(byPackage.map(({ name, ms }) => [name, ms / requests])));
  const cpuOf = (column: number, name: string) => perRequest[column]!.get(name) ?? 0;
  const difference = (name: string) => cpuOf(compare.other, name) - cpuOf(compare.base, name);
  const names = [...new Set(columns.flatMap(({ byPackage }) => byPackage.map(({ name }) => name)))];
  const format = (ms: number) => ms.toFixed(3);
  const rows = names
    .sort((a, b) => Math.abs(difference(b)) - Math.abs(difference(a)))
    .slice(0, top)
    .map((name) => [name, ...columns.map((_, i) => format(cpuOf(i, name))), format(difference(name))]);
  const total = (column: number) => [...perRequest[column]!.values()].reduce((sum, ms) => sum + ms, 0);
  rows.push(['all', ...columns.map((_, i) => format(total(i))), format(total(compare.other) - total(compare.base))]);
  return {
    columns: ['package', ...columns.map(({ label }) => label), `${columns[compare.other]!.label} − ${columns[compare.base]!.label}`],
    rows,
  };
}

/** The top functions by self time, as `name share%`. */
export function topFunctions(byFunction: SelfTime[], top = 12): string {
  const busy = byFunction.reduce((sum, row) => sum + row.ms, 0);
  return byFunction
    .slice(0, top)
    .map(({ name, ms }) => `${name} ${((ms / busy) * 100).toFixed(1)}%`)
    .join('; ');
}

export async function readProfile(file: string): Promise<CpuProfile> {
  return JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top = '25'] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx bench/harness/profileSummary.ts <file.cpuprofile> [top]');
  const profile = await readProfile(file);
  const show = (rows: SelfTime[]) => {
    const busy = rows.reduce((sum, row) => sum + row.ms, 0);
    return rows
      .slice(0, Number(top))
      .map((row) => `${((row.ms / busy) * 100).toFixed(1).padStart(5)}%  ${row.name}`)
      .join('\n');
  };
  console.log(`busy time by package:\n${show(selfTimeByPackage(profile))}\n\nbusy time by function:\n${show(selfTimeByFunction(profile))}`);
}
