import { spawn } from 'node:child_process';
import { chown, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Every skopeo run ends within this time, whatever happens. */
const SKOPEO_TIMEOUT_MS = 60_000;
/** `nobody`: as root, skopeo would write its blob cache under /var/lib. */
const UNPRIVILEGED_ID = 65534;

export interface SkopeoResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Skopeo {
  /** `skopeo <args>` with this client's own home, auth file and temporary folder. */
  run(args: string[]): Promise<SkopeoResult>;
  /** Pushes `oci:<layout>:<tag>` to `registry/ref`, with `user:password`. */
  push(source: string, reference: string, credentials: string): Promise<SkopeoResult>;
  /** Pulls `registry/ref` into a new folder under the client's home; without `user:password`, as logged in. */
  pull(reference: string, credentials?: string): Promise<SkopeoResult>;
  /** `skopeo login` to `registry` (host:port): the auth file then holds the credentials. */
  login(registry: string, user: string, password: string): Promise<SkopeoResult>;
}

/**
 * A skopeo client whose whole state (HOME, XDG folders, auth file, temporary files, blob
 * cache) lives in `stateDir`; run as an unprivileged user when the tests run as root (the
 * folders above `stateDir` and the images pushed must then be readable by everyone).
 * Plain HTTP registries on loopback: TLS verification is off.
 */
export async function createSkopeo(stateDir: string): Promise<Skopeo> {
  const asRoot = process.getuid?.() === 0;
  for (const dir of ['', 'tmp', 'config', 'cache', 'data', 'pulled']) {
    await mkdir(join(stateDir, dir), { recursive: true });
    if (asRoot) await chown(join(stateDir, dir), UNPRIVILEGED_ID, UNPRIVILEGED_ID);
  }
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: stateDir,
    TMPDIR: join(stateDir, 'tmp'),
    XDG_CONFIG_HOME: join(stateDir, 'config'),
    XDG_CACHE_HOME: join(stateDir, 'cache'),
    XDG_DATA_HOME: join(stateDir, 'data'),
    XDG_RUNTIME_DIR: join(stateDir, 'tmp'),
    REGISTRY_AUTH_FILE: join(stateDir, 'auth.json'),
  };
  let pulls = 0;

  function run(args: string[]): Promise<SkopeoResult> {
    const [command, commandArgs] = asRoot
      ? ['setpriv', [`--reuid=${UNPRIVILEGED_ID}`, `--regid=${UNPRIVILEGED_ID}`, '--clear-groups', 'skopeo', ...args]]
      : ['skopeo', args];
    return new Promise((resolve, reject) => {
      const child = spawn(command, commandArgs as string[], { env, cwd: stateDir, timeout: SKOPEO_TIMEOUT_MS });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  return {
    run,
    push(source, reference, credentials) {
      return run(['copy', '--dest-tls-verify=false', '--dest-creds', credentials, `oci:${source}`, `docker://${reference}`]);
    },
    async pull(reference, credentials) {
      pulls += 1;
      const target = join(stateDir, 'pulled', String(pulls));
      const creds = credentials === undefined ? [] : ['--src-creds', credentials];
      return run(['copy', '--src-tls-verify=false', ...creds, `docker://${reference}`, `dir:${target}`]);
    },
    login(registry, user, password) {
      return run(['login', '--tls-verify=false', '-u', user, '-p', password, registry]);
    },
  };
}
