import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/**
 * The shape every command line of the project shares (`npm start`, `npm run token`, …):
 * `--help`/`-h` prints the usage on stdout and exits 0 before anything else happens; wrong
 * arguments print one line and the usage on stderr, exit code 2; any other failure prints one
 * line on stderr, exit code 1, and a stack trace only when SWR_DEBUG is set.
 */
export interface CommandDefinition<Options extends ParseArgsOptionsConfig> {
  /** The whole usage text; its first line starts with `usage: npm run …`. */
  usage: string;
  /** The options besides --help, as node:util's parseArgs takes them. */
  options?: Options;
  /** Whether arguments without a dash are allowed (e.g. `invoke <operation> <event.json>`). */
  allowPositionals?: boolean;
}

export interface CommandLine<Options extends ParseArgsOptionsConfig> {
  values: ReturnType<typeof parseArgs<{ options: Options; allowPositionals: true; strict: true }>>['values'];
  positionals: string[];
}

/** Where a command writes; tests give their own. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Where SWR_DEBUG is looked up; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Wrong arguments: the message is followed by the usage, and the exit code is 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Set to see the stack trace of a failure (`SWR_DEBUG=1 npm start`). */
export const DEBUG_VARIABLE = 'SWR_DEBUG';

/** A user reads one line, not a stack trace or an SDK's multi-line dump. */
export const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();

const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

/**
 * Runs `main` with the parsed arguments and answers the exit code: 0 for --help or success
 * (or what `main` answers), 2 for a UsageError, 1 for any other error, printed as one line
 * after `name: `.
 */
export async function runCommand<Options extends ParseArgsOptionsConfig>(
  name: string,
  definition: CommandDefinition<Options>,
  args: string[],
  // biome-ignore lint/suspicious/noConfusingVoidType: a command's main may return nothing (exit 0) or its exit code.
  main: (commandLine: CommandLine<Options>) => Promise<number | void> | number | void,
  io: CommandIo = processIo,
): Promise<number> {
  let commandLine: CommandLine<Options>;
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...definition.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: definition.allowPositionals ?? false,
      strict: true,
    });
    if (values.help) {
      io.stdout(`${definition.usage}\n`);
      return 0;
    }
    commandLine = { values: values as CommandLine<Options>['values'], positionals };
  } catch (error) {
    io.stderr(`${oneLine(error)}\n${definition.usage}\n`);
    return 2;
  }
  try {
    return (await main(commandLine)) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${oneLine(error)}\n${definition.usage}\n`);
      return 2;
    }
    io.stderr(`${name}: ${oneLine(error)}\n`);
    if ((io.env ?? process.env)[DEBUG_VARIABLE] && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return 1;
  }
}

/**
 * `runCommand` for a script's own command line. A failure ends the process at once (what it
 * had started, a store or a server, goes with it); on success the process lives on as long
 * as what `main` started does.
 */
export async function runCommandLine<Options extends ParseArgsOptionsConfig>(
  name: string,
  definition: CommandDefinition<Options>,
  // biome-ignore lint/suspicious/noConfusingVoidType: as for runCommand.
  main: (commandLine: CommandLine<Options>) => Promise<number | void> | number | void,
): Promise<void> {
  const code = await runCommand(name, definition, process.argv.slice(2), main);
  if (code !== 0) process.exit(code);
}
