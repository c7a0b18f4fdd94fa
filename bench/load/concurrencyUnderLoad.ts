/**
 * Part 4, correctness under load: while autocannon keeps the local service busy with
 * creates of distinct shares, bursts of identical creates — each burst one share, sent all
 * at once on connections of their own — must each give exactly one 201 and 409 for the rest.
 */
import { type CreateSpread, describeSpread, spreadCreate } from './createSpread.js';
import { createRequest, type LoadTarget, PARTNER } from './loadRequests.js';
import { loadRun, send } from './localThroughput.js';
import type { Section, TargetCheck } from '../harness/table.js';

export interface ConcurrencyOptions {
  bursts: number;
  /** Identical creates in one burst. */
  burstSize: number;
  /** Connections of the background load. */
  connections: number;
  /** A bound on the background load, in time and in requests. */
  maxSeconds: number;
  maxRequests: number;
  /** How the background creates are spread over repositories and accounts. */
  spread: CreateSpread;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureConcurrencyUnderLoad(service: LoadTarget, options: ConcurrencyOptions): Promise<Section> {
  const tag = `u${Date.now().toString(36)}`;
  const load = loadRun(service.url, (n) => createRequest(service, spreadCreate(options.spread, `${tag}-load`, n)), {
    connections: options.connections,
    durationSeconds: options.maxSeconds,
    maxRequests: options.maxRequests,
  });
  const rows: string[][] = [];
  let exact = 0;
  try {
    await pause(500); // the load is under way
    for (let burst = 1; burst <= options.bursts; burst += 1) {
      // A repository of its own: the burst's creates race to build its roster, then to claim.
      const identical = createRequest(service, { repository: `${tag}-burst-${burst}`, accessDomain: PARTNER });
      const statuses = await Promise.all(Array.from({ length: options.burstSize }, () => send(service.url, identical).catch(() => 0)));
      const created = statuses.filter((status) => status === 201).length;
      const conflicts = statuses.filter((status) => status === 409).length;
      const other = statuses.length - created - conflicts;
      const ok = created === 1 && conflicts === options.burstSize - 1;
      if (ok) exact += 1;
      rows.push([`burst ${burst}`, String(options.burstSize), String(created), String(conflicts), String(other), ok ? 'yes' : 'NO']);
      await pause(200);
    }
  } finally {
    load.stop();
  }
  const background = await load.result;
  const loadErrors = background.errors + background.timeouts + background.non2xx;
  const targets: TargetCheck[] = [
    { name: 'bursts with exactly one 201 (and 409 for the rest)', measured: exact, limit: options.bursts, kind: 'exactly', unit: '' },
    { name: 'errors of the background load', measured: loadErrors, limit: 0, kind: 'exactly', unit: '' },
  ];
  return {
    title: '4. Correctness under load',
    description:
      `While ${options.connections} autocannon connections create distinct shares on the local service ` +
      `(${background.requests.total} requests in ${background.duration.toFixed(1)} s, ${loadErrors} errors), ` +
      `${options.bursts} burst(s) of ${options.burstSize} identical creates, each sent at once with fetch, each burst ` +
      `in a repository of its own (so its creates also race to build the roster). The background creates go ` +
      `${describeSpread(options.spread)}.`,
    columns: ['burst', 'identical creates', '201', '409', 'other', 'exactly one 201'],
    rows,
    targets,
  };
}
