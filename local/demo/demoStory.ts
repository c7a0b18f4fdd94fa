import type { Skopeo, SkopeoResult } from '../registry/clients/skopeo.js';
import { commandArguments, shownCommand, variableWord, type Word } from './shellCommand.js';

/** What skopeo says when the registry refuses (the token service granted nothing). */
const DENIED = /requested access to the resource is denied/;

/** What a step printed, and whether it did what the story says it should. */
interface Outcome {
  printed: string[];
  verdict: string;
  asExpected: boolean;
}

export interface Step {
  title: string;
  /** The command as a user would type it. */
  shown: string;
  run(): Promise<Outcome>;
}

/** Who and what the story is about. */
export interface StoryCast {
  /** The repository on the registry, e.g. `127.0.0.1:41234/demo/nginx`. */
  image: string;
  /** The share API's URL for that repository (`…/access-domains`). */
  sharesUrl: string;
  /** The docker-archive the owner pushes. */
  archive: string;
  /** Where the partner's pull lands. */
  pulledDir: string;
  ownerToken: string;
  partnerToken: string;
  skopeo: Skopeo;
}

/** A Go-quoted log message as text; Go escapes JSON lacks (`\x1b`) leave it as it is. */
function unquoted(message: string): string {
  try {
    return JSON.parse(`"${message}"`) as string;
  } catch {
    return message;
  }
}

/** skopeo's output, one line each; its log lines (`time=… level=fatal msg="…"`) as their message only. */
function skopeoLines(result: SkopeoResult): string[] {
  return `${result.stdout}\n${result.stderr}`
    .split('\n')
    .flatMap((line) => {
      const message = /\blevel=\w+ msg="((?:[^"\\]|\\.)*)"/.exec(line)?.[1];
      return message === undefined ? [line] : unquoted(message).split('\n');
    })
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function skopeoStep(skopeo: Skopeo, title: string, words: Word[], expect: 'allowed' | 'denied'): Step {
  return {
    title,
    shown: shownCommand(['skopeo', ...words]),
    async run() {
      const result = await skopeo.run(commandArguments(words));
      const printed = skopeoLines(result);
      if (expect === 'allowed') {
        return result.code === 0
          ? { printed, verdict: '✓ allowed', asExpected: true }
          : { printed, verdict: `✗ expected it to succeed; skopeo exited with ${result.code}`, asExpected: false };
      }
      if (result.code !== 0 && DENIED.test(result.stderr)) return { printed, verdict: '✓ denied', asExpected: true };
      return {
        printed,
        verdict:
          result.code === 0
            ? '✗ expected a denial, but it succeeded'
            : `✗ expected a denial, but skopeo failed otherwise (exit ${result.code})`,
        asExpected: false,
      };
    },
  };
}

/**
 * The owner's call of the share API: shown as the docs' curl command, sent with fetch (the
 * demo needs no curl).
 */
function ownerApiStep(
  cast: StoryCast,
  title: string,
  request: { method: string; below?: string; body?: unknown },
  expectStatus: number,
): Step {
  const below = request.below ?? '';
  const words: Word[] = [
    'curl',
    '-s',
    '-X',
    request.method,
    { shown: `$API${below}`, value: cast.sharesUrl + below },
    '-H',
    variableWord('X-Auth-Token: ', 'OWNER', cast.ownerToken),
  ];
  if (request.body !== undefined) words.push('-H', 'Content-Type: application/json', '-d', JSON.stringify(request.body));
  return {
    title,
    shown: shownCommand(words),
    async run() {
      const response = await fetch(cast.sharesUrl + below, {
        method: request.method,
        headers: {
          'X-Auth-Token': cast.ownerToken,
          ...(request.body !== undefined && { 'Content-Type': 'application/json' }),
        },
        ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(10_000),
      });
      const printed = [`→ ${response.status} ${await response.text()}`.trimEnd()];
      return response.status === expectStatus
        ? { printed, verdict: `✓ ${request.method === 'DELETE' ? 'revoked' : 'shared'}`, asExpected: true }
        : { printed, verdict: `✗ expected ${expectStatus}`, asExpected: false };
    },
  };
}

/**
 * The story of a share: the owner pushes; the partner is denied; the owner shares; the partner
 * pulls, and is denied a push; the owner revokes; the partner is denied again.
 */
export function shareStory(cast: StoryCast): Step[] {
  const { skopeo, image } = cast;
  const owner = variableWord('owner:', 'OWNER', cast.ownerToken);
  const partner = variableWord('partner:', 'PARTNER', cast.partnerToken);
  const inspectAsPartner: Word[] = ['inspect', '--tls-verify=false', '--creds', partner, `docker://${image}:1`];
  return [
    skopeoStep(
      skopeo,
      'The owner pushes an image',
      ['copy', '--dest-tls-verify=false', '--dest-creds', owner, `docker-archive:${cast.archive}`, `docker://${image}:1`],
      'allowed',
    ),
    skopeoStep(skopeo, 'The partner is denied', inspectAsPartner, 'denied'),
    ownerApiStep(
      cast,
      'The owner shares the repository with the partner',
      { method: 'POST', body: { access_domain: 'partner', permit: 'read', deadline: 'forever' } },
      201,
    ),
    skopeoStep(
      skopeo,
      'The partner pulls',
      ['copy', '--src-tls-verify=false', '--src-creds', partner, `docker://${image}:1`, `dir:${cast.pulledDir}`],
      'allowed',
    ),
    skopeoStep(
      skopeo,
      '…but may not push there',
      ['copy', '--dest-tls-verify=false', '--dest-creds', partner, `dir:${cast.pulledDir}`, `docker://${image}:mine`],
      'denied',
    ),
    ownerApiStep(cast, 'The owner revokes the share', { method: 'DELETE', below: '/partner' }, 204),
    skopeoStep(skopeo, 'The partner is denied again', inspectAsPartner, 'denied'),
  ];
}

/** Plays the steps in order, printing each; stops at the first that does not behave. Answers how many did. */
export async function playStory(steps: Step[], print: (line: string) => void): Promise<number> {
  for (const [index, step] of steps.entries()) {
    print(`\n${index + 1}. ${step.title}`);
    print(`$ ${step.shown}`);
    const outcome = await step.run();
    for (const line of outcome.printed) print(`  ${line}`);
    print(`  ${outcome.verdict}`);
    if (!outcome.asExpected) return index;
  }
  return steps.length;
}
