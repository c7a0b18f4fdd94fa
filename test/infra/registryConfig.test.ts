import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ConfigTree, registryConfig, registryConfigYaml } from '../../infra/registry/registryConfig.js';

/**
 * The registry's configuration file, as the stack renders it, held to docs/registries.md's
 * table of its keys: each key is documented, with its value and the versions that read it,
 * and every key is one distribution 2.8 reads (2.8 drops an unknown key silently, so the
 * end-to-end test on 2.8 would not notice one).
 */

const TOKEN = {
  realm: 'https://api.example/prod/registry/token',
  service: 'swr-registry',
  issuer: 'swr-access-domains',
  rootCertBundle: '/etc/distribution/root-certificate.pem',
};
const S3 = { s3: { region: 'eu-west-1', bucket: 'images' } };

/** Every key path of the configuration (`auth.token.realm`) with its value. */
function leaves(tree: ConfigTree, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && !Array.isArray(value)
      ? leaves(value, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value] as [string, unknown]],
  );
}

/** The rows of docs/registries.md's table of keys: key, value, why, 2.8, 3.x. */
function documentedKeys(): string[][] {
  const doc = readFileSync(fileURLToPath(new URL('../../docs/registries.md', import.meta.url)), 'utf8');
  const section = doc.slice(doc.indexOf("## The stack's own registry: its configuration"));
  const table = section.slice(section.indexOf('| key |'), section.indexOf('Not in the file'));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

describe("the registry's configuration file", () => {
  const config = registryConfig(TOKEN, S3);

  it('has a row in docs/registries.md for every key and no row for a key it does not have', () => {
    expect(documentedKeys().map(([key]) => key)).toEqual(leaves(config).map(([path]) => `\`${path}\``));
  });

  it('holds the value each row states, where the row states a literal', () => {
    const values = new Map(leaves(config));
    for (const [key, value] of documentedKeys()) {
      const literal = /^`(.*)`$/.exec(value!)?.[1];
      if (literal !== undefined) expect({ key, value: values.get(key!.slice(1, -1)) }).toEqual({ key, value: JSON.parse(literal) });
    }
  });

  it('has no key that distribution 2.8 does not read', () => {
    for (const [key, , , v28] of documentedKeys()) expect({ key, v28 }).toEqual({ key, v28: expect.stringMatching(/^(read|required)$/) });
  });

  it('switched to a folder for storage, differs in its storage driver only', () => {
    const local = registryConfig(TOKEN, { filesystem: { rootDirectory: '/tmp/images' } });
    const { storage: localStorage, ...localRest } = local;
    const { storage, ...rest } = config;
    expect(localRest).toEqual(rest);
    const { filesystem, ...localOthers } = localStorage as ConfigTree;
    const { s3, ...others } = storage as ConfigTree;
    expect(localOthers).toEqual(others);
    expect({ filesystem, s3 }).toEqual({
      filesystem: { rootdirectory: '/tmp/images' },
      s3: { region: 'eu-west-1', bucket: 'images', encrypt: true },
    });
  });

  it('is YAML whose every string is a double-quoted JSON string, so a deploy-time value needs no escaping of its own', () => {
    const yaml = registryConfigYaml(TOKEN, S3);
    expect(yaml).toContain('\n  token:\n    realm: "https://api.example/prod/registry/token"\n');
    expect(yaml).toContain('\n  headers:\n    X-Content-Type-Options: ["nosniff"]\n');
    expect(yaml).toContain('\n    encrypt: true\n');
    expect(yaml.endsWith('rootcertbundle: "/etc/distribution/root-certificate.pem"\n')).toBe(true);
  });
});
