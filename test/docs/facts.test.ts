import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_THROTTLING } from '../../infra/constructs/ServiceApi.js';
import { AUTH_FAILURE_REASONS } from '../../lambda/auth/authFailureReasons.js';
import { SIGNATURE_WINDOW_MINUTES } from '../../lambda/auth/sdkSignature.js';
import { ENV } from '../../lambda/environment.js';
import { NO_STORE_HEADERS } from '../../lambda/api/OperationSpec.js';
import { BUNDLE_SIZE_TARGET, LOAD_TIME_TARGET } from '../../bench/coldStart/coldStart.js';
import { TOKEN_BYTES_TARGET } from '../../bench/logging/loggedBytes.js';
import { THROUGHPUT_TARGET } from '../../bench/load/localThroughput.js';
import { PULL_TARGET } from '../../bench/token/registryPull.js';
import { KMS_TOKEN_OVERHEAD_TARGET, SHARE_USE_STAMP_TARGET, TOKEN_OVERHEAD_TARGET } from '../../bench/token/registryTokenOverhead.js';
import { OBSERVABILITY_OVERHEAD_TARGET, OVERHEAD_TARGET, SIGNED_OVERHEAD_TARGET } from '../../bench/requestOverhead/requestOverhead.js';
import { MEMORY_MB } from '../../infra/constructs/ServiceFunction.js';
import { MAX_REGISTRY_TOKEN_LIFETIME_SECONDS, MIN_REGISTRY_TOKEN_LIFETIME_SECONDS } from '../../lambda/registry/defaults.js';

/**
 * The numbers and names the docs state that the code owns: each doc must say them as the
 * code does, so that changing the owner without the docs (or the docs alone) fails here.
 */
const ROOT = resolve(import.meta.dirname, '../..');

/** A doc's text with its line breaks and runs of spaces made single spaces (a phrase may wrap). */
const doc = (name: string) => readFileSync(join(ROOT, 'docs', name), 'utf8').replace(/\s+/g, ' ');

const MIN = MIN_REGISTRY_TOKEN_LIFETIME_SECONDS;
const MAX = MAX_REGISTRY_TOKEN_LIFETIME_SECONDS;
const { rateLimit, burstLimit } = DEFAULT_THROTTLING;

describe('the docs state the facts the code owns', () => {
  it.each([
    ['configuration.md', `\`REGISTRY_TOKEN_LIFETIME_SECONDS\` ${MIN}–${MAX})`],
    ['configuration.md', `registry token lifetime, ${MIN}–${MAX} (default ${MAX})`],
    ['registries.md', `\`REGISTRY_TOKEN_LIFETIME_SECONDS\` (${MIN}–${MAX}: clients treat a shorter token as living ${MIN} s)`],
    ['deploying.md', `registry token lifetime, ${MIN}–${MAX} (clients treat less than ${MIN} as ${MIN}) | ${MAX} |`],
  ])('the registry token lifetime bounds: %s says "%s"', (name, phrase) => {
    expect(doc(name)).toContain(phrase);
  });

  it.each([
    ['deploying.md', `throttled (${rateLimit} requests/s, bursts of ${burstLimit}, for the whole stage)`],
    ['operating.md', `the stage's limits (${rateLimit} requests/s, bursts of ${burstLimit})`],
  ])("the API stage's default throttling: %s says it", (name, phrase) => {
    expect(doc(name)).toContain(phrase);
  });

  it.each([
    ['LOAD_TIME_TARGET', `≤ ${LOAD_TIME_TARGET.toFixed(2)}×`],
    ['BUNDLE_SIZE_TARGET', `≤ ${BUNDLE_SIZE_TARGET.toFixed(2)}×`],
    ['OVERHEAD_TARGET', `≤ ${OVERHEAD_TARGET.toFixed(2)}×`],
    ['SIGNED_OVERHEAD_TARGET', `≤ ${SIGNED_OVERHEAD_TARGET.toFixed(2)}×`],
    ['OBSERVABILITY_OVERHEAD_TARGET', `≤ ${OBSERVABILITY_OVERHEAD_TARGET.toFixed(2)}×`],
    ['THROUGHPUT_TARGET', `≥ ${Math.round(THROUGHPUT_TARGET * 100)}%`],
    ['TOKEN_OVERHEAD_TARGET', `≤ ${TOKEN_OVERHEAD_TARGET.toFixed(2)}×`],
    ['KMS_TOKEN_OVERHEAD_TARGET', `≤ ${KMS_TOKEN_OVERHEAD_TARGET.toFixed(2)}×`],
    ['SHARE_USE_STAMP_TARGET', `≤ ${SHARE_USE_STAMP_TARGET.toFixed(2)}×`],
    ['PULL_TARGET', `≤ ${PULL_TARGET.toFixed(2)}×`],
    ['TOKEN_BYTES_TARGET', `≤ ${TOKEN_BYTES_TARGET.toFixed(2)}×`],
  ])("the bench target %s, in developing.md's table of them: %s", (name, limit) => {
    const row = readFileSync(join(ROOT, 'docs/developing.md'), 'utf8')
      .split('\n')
      .find((line) => line.trimStart().startsWith('|') && line.includes(`\`${name}\``));
    expect(row?.split('|').map((cell) => cell.trim())[2]).toBe(limit);
  });

  it('the functions’ memory, in the cost per million token requests', () => {
    expect(doc('operating.md')).toContain(`arm64, ${MEMORY_MB} MB`);
  });

  it('the signature window', () => {
    expect(doc('using-the-api.md')).toContain(`an \`X-Sdk-Date\` more than ${SIGNATURE_WINDOW_MINUTES} minutes off answer 401`);
  });

  it('the no-store headers of a token answer', () => {
    expect(doc('registries.md')).toContain(
      `carries \`Cache-Control: ${NO_STORE_HEADERS['Cache-Control']}\` and \`Pragma: ${NO_STORE_HEADERS.Pragma}\``,
    );
  });

  it('every reason the AuthFailures metric counts, and no other', () => {
    const text = doc('operating.md');
    const list = text.slice(text.indexOf('`Reason` is one of'), text.indexOf('A test holds this list to the set.'));
    const named = [...list.matchAll(/`([^`]+)`/g)].map(([, name]) => name!).filter((name) => name !== 'Reason' && name !== 'header');
    expect(named.filter((name) => !name.startsWith('lambda/')).sort()).toEqual([...AUTH_FAILURE_REASONS].sort());
  });

  it("every environment variable of the functions, in configuration.md's table of them", () => {
    const text = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');
    const table = text.slice(text.indexOf('The functions (set by the CDK stack on AWS'));
    const rows = table.split('\n').filter((line) => line.startsWith('| `'));
    const listed = rows.flatMap((row) => [...row.split(' | ')[0]!.matchAll(/`([A-Z_]+)`/g)].map(([, name]) => name!));
    expect(listed.sort()).toEqual(Object.values(ENV).sort());
  });
});
