/**
 * What the load generator sends, and the processes it sends it to: the local service, or
 * the embedded store alone with the same writes and reads as raw DynamoDB requests.
 */
import type { RequestStep } from 'autocannon';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { accountKey, repositoryKey } from '../../lambda/store/tableDesign.js';
import { LOCAL_TABLE_NAME } from '../../local/store/createSharesTable.js';
import type { CreatePlace } from './createSpread.js';

export const TABLE_NAME = LOCAL_TABLE_NAME;
/** The namespace the benchmark's token may manage. */
export const BENCH_NAMESPACE = 'bench';
export const PARTNER = 'partner';

export type LoadTargetKind = 'service' | 'floorService' | 'store';

/** What a load target tells its parent once it listens. */
export interface LoadTargetReady {
  url: string;
  /** For the service: a token that manages {@link BENCH_NAMESPACE}. */
  token?: string;
}

export interface LoadTarget extends LoadTargetReady {
  kind: LoadTargetKind;
  /** Its process, whose CPU time tells what a request costs whatever else the machine runs. */
  pid: number;
  /** Runs `work` while the target's process is under the V8 CPU profiler; the profile goes to `file`. */
  profile<T>(file: string, work: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

/** Between a load target and its parent: start a CPU profile, or stop it and write it. */
export type ProfileMessage = { profile: 'start' } | { profile: 'stop'; file: string };

const TARGET = fileURLToPath(new URL('./loadTarget.ts', import.meta.url));

/** Starts a load target in a process of its own; its stdout (log lines) goes nowhere. */
export function startLoadTarget(kind: LoadTargetKind): Promise<LoadTarget> {
  return new Promise((resolve, reject) => {
    const child = fork(TARGET, [kind], {
      execArgv: ['--import', 'tsx'],
      env: process.env,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`The ${kind} load target exited early (${code})`)));
    const ask = (message: ProfileMessage) =>
      new Promise<void>((answered) => {
        child.send(message);
        child.once('message', () => answered());
      });
    child.once('message', (ready) =>
      resolve({
        kind,
        pid: child.pid!,
        ...(ready as LoadTargetReady),
        async profile(file, work) {
          await ask({ profile: 'start' });
          try {
            return await work();
          } finally {
            await ask({ profile: 'stop', file });
          }
        },
        async stop() {
          child.disconnect();
          await exited;
        },
      }),
    );
  });
}

/** The base path of a repository's shares. */
export function sharesPath(repository: string): string {
  return `/v2/manage/namespaces/${BENCH_NAMESPACE}/repositories/${repository}/access-domains`;
}

/** The body of a create of a share with `accessDomain`. */
export function createBody(accessDomain: string): string {
  return JSON.stringify({ access_domain: accessDomain, permit: 'read', deadline: 'forever', description: 'bench' });
}

/** The service's create: POST a share of `place.repository` with `place.accessDomain`. */
export function serviceCreate(token: string, place: CreatePlace): RequestStep {
  return {
    method: 'POST',
    path: sharesPath(place.repository),
    headers: { 'x-auth-token': token, 'content-type': 'application/json' },
    body: createBody(place.accessDomain),
  };
}

/** The service's show of the share of `repository` with {@link PARTNER}. */
export function serviceShow(token: string, repository: string): RequestStep {
  return { method: 'GET', path: `${sharesPath(repository)}/${PARTNER}`, headers: { 'x-auth-token': token } };
}

/** dynalite wants the shape of a SigV4 signature, though it checks none. */
function storeHeaders(operation: 'PutItem' | 'GetItem'): Record<string, string> {
  return {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `DynamoDB_20120810.${operation}`,
    'x-amz-date': '20260101T000000Z',
    authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0',
  };
}

function keyOf(repository: string, accessDomain = PARTNER) {
  return { pk: { S: repositoryKey(BENCH_NAMESPACE, repository) }, sk: { S: accountKey(accessDomain) } };
}

/** The same conditional PutItem the create handler makes (its share's), as a raw DynamoDB request. */
export function storePut({ repository, accessDomain }: CreatePlace): RequestStep {
  const key = keyOf(repository, accessDomain);
  const now = new Date();
  const text = (value: string) => ({ S: value });
  const item = {
    ...key,
    byAccountPk: key.sk,
    byAccountSk: key.pk,
    byOwnerPk: text('OWNER#owner'),
    byOwnerSk: text(`${key.pk.S}#${key.sk.S}`),
    ownerDomain: text('owner'),
    namespace: text(BENCH_NAMESPACE),
    repository: text(repository),
    accessDomain: text(accessDomain),
    permit: text('read'),
    deadline: text('forever'),
    description: text('bench'),
    creatorId: text('owner-id'),
    creatorName: text('owner'),
    created: text(now.toISOString()),
    updated: text(now.toISOString()),
    claimedAt: { N: String(now.getTime()) },
  };
  return {
    method: 'POST',
    path: '/',
    headers: storeHeaders('PutItem'),
    body: JSON.stringify({
      TableName: TABLE_NAME,
      Item: item,
      ConditionExpression: 'attribute_not_exists(pk) OR activeUntil <= :now',
      ExpressionAttributeValues: { ':now': { N: String(Math.floor(now.getTime() / 1000)) } },
    }),
  };
}

/** The same consistent GetItem the show handler makes, as a raw DynamoDB request. */
export function storeGet(repository: string): RequestStep {
  return {
    method: 'POST',
    path: '/',
    headers: storeHeaders('GetItem'),
    body: JSON.stringify({ TableName: TABLE_NAME, Key: keyOf(repository), ConsistentRead: true }),
  };
}

/** A create of a share on any target (the floor service takes no token). */
export function createRequest(target: LoadTargetReady & { kind: LoadTargetKind }, place: CreatePlace): RequestStep {
  return target.kind === 'store' ? storePut(place) : serviceCreate(target.token ?? '', place);
}

/** A read of the share of `repository` on the service or the store. */
export function showRequest(target: LoadTargetReady & { kind: LoadTargetKind }, repository: string): RequestStep {
  if (target.kind === 'floorService') throw new Error('The floor service only creates');
  return target.kind === 'store' ? storeGet(repository) : serviceShow(target.token!, repository);
}
