import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The daemon and its client, both from Debian's `containerd` package (1.6). */
export const CONTAINERD_BINARY = 'containerd';
export const CTR_BINARY = 'ctr';

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
/** Every ctr run ends within this time, whatever happens; ctr gives up a little earlier by itself. */
const CTR_TIMEOUT_MS = 60_000;
/** A unix socket's path must fit in sun_path: 108 bytes on Linux, the final NUL included. */
const MAX_SOCKET_PATH = 107;
/** The platform of the image `buildOciImage` makes: containerd refuses a manifest of another one. */
const IMAGE_PLATFORM = 'linux/amd64';

/**
 * What a pull needs, measured on containerd 1.6.20 by disabling each in turn. Listed as
 * `required_plugins`, so a containerd that cannot load one of them refuses to start
 * instead of failing the first pull with "unknown service …".
 */
const REQUIRED_PLUGINS = [
  'io.containerd.content.v1.content',
  'io.containerd.metadata.v1.bolt',
  'io.containerd.snapshotter.v1.native',
  'io.containerd.differ.v1.walking', // unpacking a layer (without it: "failed to extract layer")
  'io.containerd.event.v1.exchange', // the content, snapshots and namespaces services depend on it
  'io.containerd.gc.v1.scheduler', // the images and leases services depend on it
  'io.containerd.service.v1.content-service',
  'io.containerd.service.v1.diff-service',
  'io.containerd.service.v1.images-service',
  'io.containerd.service.v1.introspection-service',
  'io.containerd.service.v1.leases-service',
  'io.containerd.service.v1.snapshots-service',
  'io.containerd.grpc.v1.content',
  'io.containerd.grpc.v1.diff',
  'io.containerd.grpc.v1.images',
  'io.containerd.grpc.v1.introspection', // `ctr version`, the readiness probe, asks it for the server's UUID
  'io.containerd.grpc.v1.leases', // ctr holds a lease on what it pulls
  'io.containerd.grpc.v1.snapshots',
  'io.containerd.grpc.v1.version',
];

/**
 * Every other plugin containerd 1.6.20 registers (`ctr plugins ls`): off, because it writes
 * outside the temp dir, cannot load here, or runs containers, which these tests never do.
 */
const DISABLED_PLUGINS = [
  // Kubernetes' CRI server: creates /etc/cni/net.d, logs a CNI error, starts a streaming server.
  'io.containerd.grpc.v1.cri',
  // Creates /opt/containerd/{bin,lib}: its path is a fixed default, not under `root`.
  'io.containerd.internal.v1.opt',
  // aufs: no module (and no modprobe); btrfs, zfs: `root` is on neither; devmapper: "not
  // configured", a warning at each start; overlayfs: loads, but needs a kernel and a
  // filesystem it can stack on, and the pulls here use `native`.
  'io.containerd.snapshotter.v1.aufs',
  'io.containerd.snapshotter.v1.btrfs',
  'io.containerd.snapshotter.v1.devmapper',
  'io.containerd.snapshotter.v1.overlayfs',
  'io.containerd.snapshotter.v1.zfs',
  // Running containers: shims, runc, cgroups.
  'io.containerd.runtime.v1.linux',
  'io.containerd.runtime.v2.task',
  'io.containerd.monitor.v1.cgroups',
  'io.containerd.internal.v1.restart',
  'io.containerd.service.v1.tasks-service',
  'io.containerd.grpc.v1.tasks',
  'io.containerd.service.v1.containers-service',
  'io.containerd.grpc.v1.containers',
  // Not used by a pull.
  'io.containerd.service.v1.namespaces-service',
  'io.containerd.grpc.v1.namespaces',
  'io.containerd.grpc.v1.events',
  'io.containerd.grpc.v1.healthcheck',
];

export interface CtrResult {
  /** ctr exited 0. */
  ok: boolean;
  /** What ctr printed, stdout and stderr in the order they came, without colours. */
  output: string;
}

export interface Containerd {
  /** The daemon's gRPC socket. */
  socket: string;
  /**
   * Pulls `registry/ref` over plain HTTP, with `user:password` if given. As root, a whole
   * `ctr images pull` (fetch, then unpack into the `native` snapshotter, as a node does);
   * otherwise `ctr content fetch`: unpacking bind-mounts each snapshot, which needs root.
   * Both fetch through the same resolver, so the registry and the token service see the same.
   */
  pull(reference: string, credentials?: string): Promise<CtrResult>;
  /** What the daemon wrote, for a failing test's message. */
  output(): string;
  /** Stops the daemon (its whole process group) and removes its folder. */
  close(): Promise<void>;
}

/** TOML basic strings are JSON strings for the paths used here. */
const tomlList = (items: string[]) => `[\n${items.map((item) => `  ${JSON.stringify(item)},`).join('\n')}\n]`;

/** The daemon's configuration: everything under `dir`, nothing shared with a containerd of the machine. */
function containerdConfigToml(dir: string, socket: string): string {
  return [
    'version = 2',
    `root = ${JSON.stringify(join(dir, 'root'))}`,
    `state = ${JSON.stringify(join(dir, 'state'))}`,
    `temp = ${JSON.stringify(join(dir, 'tmp'))}`,
    `disabled_plugins = ${tomlList(DISABLED_PLUGINS)}`,
    `required_plugins = ${tomlList(REQUIRED_PLUGINS)}`,
    '',
    '[grpc]',
    `  address = ${JSON.stringify(socket)}`,
    // The sockets' owner: root:root by default, which only root may chown to.
    `  uid = ${process.getuid?.() ?? 0}`,
    `  gid = ${process.getgid?.() ?? 0}`,
    '',
  ].join('\n');
}

/** Nothing from the caller's environment (CONTAINERD_ADDRESS, CONTAINERD_NAMESPACE, proxies…). */
const cleanEnv = (dir: string) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, TMPDIR: join(dir, 'tmp') });

/** ctr colours its progress bars even into a pipe. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes begin with the ESC control character.
const withoutColours = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** Runs `ctr --address <socket> <args>`, killed after `timeoutMs`. */
function runCtr(dir: string, socket: string, args: string[], timeoutMs: number): Promise<CtrResult> {
  const ctrArgs = ['--address', socket, '--connect-timeout', '2s', '--timeout', `${Math.floor(timeoutMs / 1000) - 1}s`, ...args];
  return new Promise((resolve) => {
    const child = spawn(CTR_BINARY, ctrArgs, { env: cleanEnv(dir), cwd: dir, timeout: timeoutMs, killSignal: 'SIGKILL' });
    let output = '';
    const collect = (chunk: Buffer) => (output += chunk.toString());
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => resolve({ ok: false, output: `${output}${error.message}` }));
    child.on('close', (code, signal) =>
      resolve({ ok: code === 0, output: withoutColours(signal ? `${output}\n(ctr killed by ${signal})` : output) }),
    );
  });
}

async function waitUntilAnswering(dir: string, socket: string, daemon: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    if (daemon.exitCode !== null || daemon.signalCode !== null) {
      throw new Error(`containerd exited with ${daemon.exitCode ?? daemon.signalCode}:\n${output()}`);
    }
    const version = await runCtr(dir, socket, ['version'], 5_000);
    if (version.ok) return;
    last = version.output;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`containerd did not answer within ${READY_TIMEOUT_MS} ms (ctr: ${last}):\n${output()}`);
}

/**
 * Unmounts what containerd left mounted under `dir`: a daemon killed while unpacking
 * leaves a snapshot bind-mounted in root/tmpmounts, and its folder then cannot be removed.
 */
async function unmountUnder(dir: string): Promise<void> {
  const mountInfo = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  const mountPoints = mountInfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((point): point is string => point?.startsWith(`${dir}/`) === true)
    .reverse();
  for (const point of mountPoints) {
    await new Promise((resolve) => spawn('umount', ['--lazy', point], { stdio: 'ignore', timeout: STOP_TIMEOUT_MS }).on('close', resolve));
  }
}

/**
 * Starts a containerd of its own in a new temp folder (root, state, socket, configuration)
 * and waits until `ctr version` answers. Run through `setpriv --pdeathsig KILL`: should the
 * test process die without `close()`, the kernel kills the daemon with it.
 */
export async function startContainerd(): Promise<Containerd> {
  const dir = await mkdtemp(join(tmpdir(), 'swr-containerd-'));
  const socket = join(dir, 'containerd.sock');
  if (Buffer.byteLength(`${socket}.ttrpc`) > MAX_SOCKET_PATH) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`the socket path ${socket}.ttrpc is too long for a unix socket: set TMPDIR to a shorter folder`);
  }
  await mkdir(join(dir, 'tmp'));
  const configFile = join(dir, 'config.toml');
  await writeFile(configFile, containerdConfigToml(dir, socket));

  // Its own process group (detached), so that the signals that stop it reach anything it started.
  const daemon = spawn('setpriv', ['--pdeathsig', 'KILL', CONTAINERD_BINARY, '--config', configFile], {
    env: cleanEnv(dir),
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  daemon.stdout!.on('data', collect);
  daemon.stderr!.on('data', collect);
  daemon.on('error', (error) => collect(Buffer.from(`${error.message}\n`)));
  const spawned = new Promise<void>((resolve) => daemon.once('spawn', resolve).once('error', () => resolve()));
  const output = () => log;

  const stopDaemon = async () => {
    if (daemon.pid === undefined || daemon.exitCode !== null || daemon.signalCode !== null) return;
    const exited = new Promise((resolve) => daemon.once('exit', resolve));
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-daemon.pid!, signal);
      } catch {
        // The group is already gone.
      }
    };
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  const close = async () => {
    await stopDaemon();
    await unmountUnder(dir);
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    await spawned;
    if (daemon.pid === undefined) throw new Error(`containerd could not be started (setpriv ${CONTAINERD_BINARY}):\n${log}`);
    await waitUntilAnswering(dir, socket, daemon, output);
  } catch (error) {
    await close();
    throw error;
  }

  const asRoot = process.getuid?.() === 0;
  return {
    socket,
    output,
    close,
    pull(reference, credentials) {
      const user = credentials === undefined ? [] : ['--user', credentials];
      const command = asRoot ? ['images', 'pull', '--snapshotter', 'native'] : ['content', 'fetch'];
      return runCtr(dir, socket, [...command, '--plain-http', '--platform', IMAGE_PLATFORM, ...user, reference], CTR_TIMEOUT_MS);
    },
  };
}
