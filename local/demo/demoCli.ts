/**
 * `npm run demo [-- --keep] [--running-api [--registry <host:port>]]`: a share taking effect
 * on a real registry, played with skopeo and printed as the commands a user would type, each
 * with what it answered. Exit code 0 only if every step behaved.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellWord } from '../banner.js';
import { runCommandLine, UsageError } from '../cli/command.js';
import { isOnPath } from '../cli/onPath.js';
import { createSkopeo } from '../registry/clients/skopeo.js';
import { REGISTRY_BINARY } from '../registry/registryProcess.js';
import { DEFAULT_DATA_DIR } from '../cli/settings.js';
import { writeDemoImage } from './demoImage.js';
import { type DemoStage, setUpStage } from './demoStage.js';
import { playStory, shareStory } from './demoStory.js';

const usage = `usage: npm run demo [-- --keep] [--running-api [--registry <host:port>]]
Plays the story of a share on a real registry (CNCF distribution) with skopeo, printing each
step as the command a user would type and what it answered: the owner pushes an image; the
partner is denied; the owner shares the repository with the partner; the partner pulls, and
is denied a push; the owner revokes the share; the partner is denied again. Exit code 0 only
if every step behaved. Needs skopeo and docker-registry (apt-get install skopeo docker-registry);
builds its image itself (no Docker, no network). By default it starts the API and a registry
on free ports with a temporary DATA_DIR, and removes everything at the end.
  --keep                  leave what it started running (Ctrl-C stops it) and its folder in
                          place, so that the printed commands can be tried again
  --running-api           use the API running with this DATA_DIR and PORT (npm start) rather
                          than start one; the story then uses a repository of its own
  --registry <host:port>  with --running-api: use the registry running there (npm run registry)
                          rather than start one`;

const print = (line: string) => console.log(line);

/** Resolves with the first Ctrl-C (or SIGTERM): from then on, the demo cleans up rather than dies. */
const interrupted = () =>
  new Promise<NodeJS.Signals>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
  });

/** The command that prints a token for the API of `dataDir`, as its user would run it. */
const tokenCommand = (dataDir: string, args: string) =>
  `${dataDir === DEFAULT_DATA_DIR ? '' : `DATA_DIR=${shellWord(dataDir)} `}npm run --silent token -- ${args}`;

/** Plays the story on the stage; answers the exit code. */
async function play(stage: DemoStage, workDir: string, repository: string): Promise<number> {
  const started = Date.now();
  print(
    'A share taking effect on a real registry: each step is the command a user would type, what it printed, and whether that is what should happen.\n',
  );
  for (const line of stage.description) print(line);
  const sharesUrl = `${stage.apiUrl}/v2/manage/namespaces/demo/repositories/${repository}/access-domains`;
  const archive = join(workDir, 'nginx.tar');
  print("\nThe callers' tokens, the share API of the repository and an image, as a user gets them:");
  print(`$ OWNER=$(${tokenCommand(stage.dataDir, '--domain owner --namespace demo:manage')})`);
  print(`$ PARTNER=$(${tokenCommand(stage.dataDir, '--domain partner')})`);
  print(`$ API=${sharesUrl}`);
  print(`$ npm run --silent demo-image -- --out ${shellWord(archive)}`);
  await writeDemoImage(archive);

  const skopeoDir = join(workDir, 'skopeo');
  const steps = shareStory({
    image: `${stage.registryAddress}/demo/${repository}`,
    sharesUrl,
    archive,
    pulledDir: join(skopeoDir, 'pulled', repository),
    ownerToken: await stage.sign({ domain: 'owner', namespaces: { demo: 'manage' } }),
    partnerToken: await stage.sign({ domain: 'partner' }),
    skopeo: await createSkopeo(skopeoDir),
  });
  const behaved = await playStory(steps, print);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (behaved === steps.length) {
    print(
      `\nAll ${steps.length} steps behaved as expected (${seconds} s): a share lets the partner pull, never push, until it is revoked.`,
    );
    return 0;
  }
  print(`\nStep ${behaved + 1} (${steps[behaved]!.title}) did not behave as expected; the demo stopped there.`);
  const registryLog = stage.registryLog().trim();
  if (registryLog) print(`The registry's log:\n${registryLog.split('\n').slice(-20).join('\n')}`);
  return 1;
}

await runCommandLine(
  'demo',
  { usage, options: { keep: { type: 'boolean' }, 'running-api': { type: 'boolean' }, registry: { type: 'string' } } },
  async ({ values }) => {
    const runningApi = values['running-api'] ?? false;
    if (values.registry !== undefined && !runningApi) {
      throw new UsageError('--registry needs --running-api: a running registry trusts a running API, not one the demo starts');
    }
    if (values.registry !== undefined && !/^[^\s:/]+:\d{1,5}$/.test(values.registry)) {
      throw new UsageError(`--registry ${values.registry}: expected <host:port>, e.g. 127.0.0.1:5000`);
    }
    // Before anything is made: one line saying what to install.
    const missing = ['skopeo', ...(values.registry ? [] : [REGISTRY_BINARY])].filter((tool) => !isOnPath(tool));
    if (missing.length > 0) {
      throw new Error(
        `needs ${missing.join(' and ')}, not found on PATH: apt-get install ${missing.join(' ')} (Debian/Ubuntu), then run it again`,
      );
    }

    const workDir = await mkdtemp(join(tmpdir(), 'swr-demo-'));
    // skopeo runs as nobody when this runs as root: it must reach the folder and the image.
    await chmod(workDir, 0o755);
    const signal = interrupted();
    let stage: DemoStage | undefined;
    try {
      stage = await setUpStage({ workDir, runningApi, registry: values.registry, env: process.env });
      // A running API keeps its shares: the story gets a repository no earlier run has touched.
      const repository = runningApi ? `nginx-demo-${randomBytes(3).toString('hex')}` : 'nginx';
      const code = await Promise.race([play(stage, workDir, repository), signal.then(() => 130)]);
      if (code === 130 || !values.keep) return code;
      if (stage.startedServers) {
        print(
          `\nKept running, as --keep asks: the commands above work as printed (in a shell where OWNER, PARTNER and API are set as shown). ` +
            `Folder: ${workDir}. Ctrl-C stops what the demo started; the folder stays.`,
        );
        print(`\n${await signal}: stopping what the demo started; the folder ${workDir} stays.`);
      } else {
        print(`\nKept the folder ${workDir}, as --keep asks.`);
      }
      return code;
    } finally {
      await stage?.stop();
      if (!values.keep) await rm(workDir, { recursive: true, force: true });
    }
  },
);
