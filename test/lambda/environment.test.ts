import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateDevKeys } from '../../local/iam/devKeys.js';
import { localEnvVars } from '../../local/invoke/localSetup.js';
import { ENV } from '../../lambda/environment.js';
import { generateKeyPairSync } from 'node:crypto';

/**
 * The functions' environment variables have one home, lambda/environment.ts: whoever reads
 * or sets one (the functions, the stack, the offline invoke, the benchmarks) names it through
 * that table, never by a copy of its name that could drift. The stack's side is held in
 * test/infra/AccessDomainsStack.test.ts.
 */

const ROOT = join(import.meta.dirname, '../..');
const HOME = 'lambda/environment.ts';
const NAMES: readonly string[] = Object.values(ENV);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|mjs)$/.test(entry.name) && !entry.parentPath.includes('generated'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

describe('the environment variables', () => {
  it('are named in code only by their table: no quoted copy, no env.NAME', () => {
    const copies: string[] = [];
    for (const file of ['lambda', 'infra', 'local', 'bench', 'scripts'].flatMap(sourceFiles)) {
      if (file === HOME) continue;
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const name of NAMES) {
        // A quoted name, a property of an environment (`env.X`, `process.env.X`), or a key of an object literal (`X: …`).
        const copy = new RegExp(`(['"]${name}['"])|(env\\.${name}\\b)|(^\\s*${name}\\s*:)`, 'm');
        if (copy.test(text)) copies.push(`${file}: ${name}`);
      }
    }
    expect(copies).toEqual([]);
  });

  it('name each variable once', () => {
    expect(new Set(NAMES).size).toBe(NAMES.length);
  });

  it('of the offline invoke are all the functions’ own', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const file = localEnvVars({
      dynamodbEndpoint: 'http://127.0.0.1:8000',
      devKeys: await generateDevKeys(),
      signingKey: { kmsEndpoint: 'http://127.0.0.1:4000', publicKey },
    });
    const names = new Set(Object.values(file).flatMap((variables) => Object.keys(variables)));
    expect([...names].filter((name) => !NAMES.includes(name))).toEqual([]);
    expect(names).toContain(ENV.tableName);
    expect(names).toContain(ENV.registrySigningKeyArn);
  });
});
