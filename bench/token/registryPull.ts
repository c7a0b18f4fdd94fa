/**
 * A skopeo pull of a tiny image through our token service (a partner pulling through a
 * share) against the same pull from the same kind of registry with its built-in htpasswd
 * auth: both registries on loopback, both pulls by one skopeo client, interleaved.
 */
import bcrypt from 'bcryptjs';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalService, startLocalService } from '../../local/service.js';
import { signToken } from '../../local/iam/tokens.js';
import { buildOciImage } from '../../local/registry/ociImage.js';
import {
  freePort,
  REGISTRY_BINARY,
  type RunningRegistry,
  startRegistry,
  startRegistryWithConfig,
} from '../../local/registry/registryProcess.js';
import { registryLogYaml } from '../../local/registry/registryConfig.js';
import { createSkopeo, type Skopeo } from '../../local/registry/clients/skopeo.js';
import { pairedRatios, summarize } from '../harness/stats.js';
import { fixed, medianIqr, type Section } from '../harness/table.js';

export const PULL_TARGET = 1.3;

export interface RegistryPullOptions {
  /** Pulls per variant, interleaved one by one. */
  pulls: number;
}

function htpasswdConfig(listen: string, storageDir: string, htpasswdFile: string): string {
  return [
    'version: 0.1',
    // As the token registry logs: neither side of the comparison writes more than the other.
    registryLogYaml(false),
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(storageDir)}`,
    'http:',
    `  addr: ${JSON.stringify(listen)}`,
    '  secret: bench',
    'auth:',
    '  htpasswd:',
    '    realm: bench',
    `    path: ${JSON.stringify(htpasswdFile)}`,
    '',
  ].join('\n');
}

async function timed(skopeo: Skopeo, reference: string, credentials: string): Promise<number> {
  const started = performance.now();
  const result = await skopeo.pull(reference, credentials);
  const elapsed = performance.now() - started;
  if (result.code !== 0) throw new Error(`skopeo pull ${reference} failed: ${result.stderr}`);
  return elapsed;
}

const TITLE = '7. A pull through the token service, on a real registry';

export async function measureRegistryPull(options: RegistryPullOptions): Promise<Section> {
  const missing = [REGISTRY_BINARY, 'skopeo'].filter((tool) => spawnSync('which', [tool], { stdio: 'ignore' }).status !== 0);
  if (missing.length > 0) {
    return {
      title: TITLE,
      description: `Not measured: ${missing.join(' and ')} not found on PATH (apt-get install docker-registry skopeo).`,
      columns: [],
      rows: [],
      targets: [],
      notes: [],
    };
  }
  const workDir = await mkdtemp(join(tmpdir(), 'swr-bench-registry-'));
  await chmod(workDir, 0o755);
  let service: LocalService | undefined;
  const registries: RunningRegistry[] = [];
  try {
    service = await startLocalService({ dataDir: join(workDir, 'data'), port: 0, inMemory: true, logLevel: 'SILENT' });
    const tokenRegistry = await startRegistry(join(workDir, 'token-registry'), {
      apiUrl: service.url,
      service: service.registry.service,
      issuer: service.registry.issuer,
      certificateFile: service.registryKeys.certificateFile,
    });
    registries.push(tokenRegistry);
    const htpasswdDir = join(workDir, 'htpasswd-registry');
    await mkdir(htpasswdDir, { recursive: true });
    const htpasswdFile = join(htpasswdDir, 'htpasswd');
    // bcrypt cost 5, the lowest the registry accepts: the comparison is the auth's own cost.
    await writeFile(htpasswdFile, `owner:${bcrypt.hashSync('owner-secret', 5)}\npartner:${bcrypt.hashSync('partner-secret', 5)}\n`);
    const listen = `127.0.0.1:${await freePort()}`;
    const basicRegistry = await startRegistryWithConfig(
      htpasswdDir,
      htpasswdConfig(listen, join(htpasswdDir, 'storage'), htpasswdFile),
      listen,
    );
    registries.push(basicRegistry);

    const skopeo = await createSkopeo(join(workDir, 'skopeo'));
    await buildOciImage(join(workDir, 'image'), { tag: '1', content: 'bench\n' });
    const source = `${join(workDir, 'image')}:1`;
    const owner = `owner:${await signToken(service.devKeys.privateJwk, { domain: 'owner', namespaces: { demo: 'manage' } })}`;
    const partner = `partner:${await signToken(service.devKeys.privateJwk, { domain: 'partner' })}`;
    for (const [registry, credentials] of [
      [tokenRegistry, owner],
      [basicRegistry, 'owner:owner-secret'],
    ] as const) {
      const pushed = await skopeo.push(source, `${registry.address}/demo/app:1`, credentials);
      if (pushed.code !== 0) throw new Error(`push failed: ${pushed.stderr}`);
    }
    const shared = await fetch(`${service.url}/v2/manage/namespaces/demo/repositories/app/access-domains`, {
      method: 'POST',
      headers: { 'X-Auth-Token': owner.slice('owner:'.length), 'Content-Type': 'application/json' },
      body: JSON.stringify({ access_domain: 'partner', permit: 'read', deadline: 'forever' }),
    });
    if (shared.status !== 201) throw new Error(`share failed: ${shared.status}`);

    const viaToken: number[] = [];
    const viaBasic: number[] = [];
    await timed(skopeo, `${tokenRegistry.address}/demo/app:1`, partner);
    await timed(skopeo, `${basicRegistry.address}/demo/app:1`, 'partner:partner-secret');
    for (let i = 0; i < options.pulls; i += 1) {
      // Alternate which goes first, so that neither always follows the other.
      const pair = [
        async () => viaToken.push(await timed(skopeo, `${tokenRegistry.address}/demo/app:1`, partner)),
        async () => viaBasic.push(await timed(skopeo, `${basicRegistry.address}/demo/app:1`, 'partner:partner-secret')),
      ];
      if (i % 2 === 1) pair.reverse();
      for (const pull of pair) await pull();
    }
    const token = summarize(viaToken);
    const basic = summarize(viaBasic);
    const ratio = summarize(pairedRatios(viaToken, viaBasic));
    return {
      title: TITLE,
      description:
        `${options.pulls} \`skopeo copy docker://… dir:…\` of a one-layer image per variant, interleaved, one client ` +
        `(run as an unprivileged user when root). Both are ${REGISTRY_BINARY} on loopback: one with token auth whose ` +
        `realm is the local server (the partner pulls through a share: one token request, one GetItem, one ES256 signature), ` +
        `one with its built-in htpasswd auth. Wall time in ms per pull, process start included.`,
      columns: ['variant', 'pulls', 'median ms', 'p99 ms', 'median of ratios'],
      rows: [
        ['htpasswd auth (floor)', String(basic.count), fixed(basic.median, 1), fixed(basic.p99, 1), '1.00'],
        ['token auth, pull through a share', String(token.count), fixed(token.median, 1), fixed(token.p99, 1), medianIqr(ratio, 2)],
      ],
      targets: [
        {
          name: 'skopeo pull via the token service vs htpasswd (ratio of medians)',
          measured: token.median / basic.median,
          limit: PULL_TARGET,
          kind: 'atMost',
          unit: '×',
        },
      ],
      notes: [],
    };
  } finally {
    await Promise.all(registries.map((registry) => registry.stop()));
    await service?.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
