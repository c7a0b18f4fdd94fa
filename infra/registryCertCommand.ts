import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { STSClient } from '@aws-sdk/client-sts';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { authTokenBlock, createDeployedSigningCertificate, readDeployedRegistryAuth } from './registryAuth.js';

export const REGISTRY_CERT_USAGE = `usage: npm run --silent registry-cert -- --stack <name> [--region <region>] [--out <file>]
With the operator's AWS credentials: reads the stack's registry outputs, makes the X.509
certificate of its KMS signing key (signed by KMS through a one-off grant, revoked at once),
writes it to --out (default registry-token.pem) for the registry's rootcertbundle, and prints
the registry's auth.token block. The region defaults to the AWS SDK's (AWS_REGION, profile).`;

const DEFAULT_OUT = 'registry-token.pem';

/** A stack name or a stack id (ARN), as CloudFormation takes them. */
const STACK_NAME = /^([A-Za-z][A-Za-z0-9-]{0,127}|arn:aws[\w-]*:cloudformation:\S+)$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export interface RegistryCertClients {
  cloudFormation: CloudFormationClient;
  kms: KMSClient;
  sts: STSClient;
}

export interface RegistryCertIo {
  /** The AWS clients of one region (`undefined`: the SDK's default). */
  clientsFor(region: string | undefined): RegistryCertClients;
  stdout(text: string): void;
  stderr(text: string): void;
}

interface RegistryCertOptions {
  stack: string;
  region: string | undefined;
  out: string;
}

class UsageError extends Error {}

/** The options, or `null` for --help. @throws UsageError */
function parseRegistryCertArgs(args: string[]): RegistryCertOptions | null {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { stack: { type: 'string' }, region: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return null;
  if (!values.stack) throw new UsageError('--stack is required');
  if (!STACK_NAME.test(values.stack)) throw new UsageError(`--stack ${values.stack}: not a CloudFormation stack name`);
  if (values.region !== undefined && !REGION.test(values.region)) {
    throw new UsageError(`--region ${values.region}: not an AWS region, e.g. eu-west-1`);
  }
  if (values.out === '') throw new UsageError('--out needs a file name');
  return { stack: values.stack, region: values.region, out: values.out ?? DEFAULT_OUT };
}

/** An operator reads one line, not an SDK's stack trace or a multi-line dump. */
const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();

/**
 * `registry-cert`: writes the deployed signing key's certificate and prints the registry's
 * `auth.token` block. Answers the exit code: 0 done, 1 AWS or the stack refused, 2 bad arguments.
 */
export async function runRegistryCert(args: string[], io: RegistryCertIo): Promise<number> {
  let options;
  try {
    options = parseRegistryCertArgs(args);
  } catch (error) {
    io.stderr(`${oneLine(error)}\n${REGISTRY_CERT_USAGE}\n`);
    return 2;
  }
  if (!options) {
    io.stdout(`${REGISTRY_CERT_USAGE}\n`);
    return 0;
  }
  try {
    const clients = io.clientsFor(options.region);
    const auth = await readDeployedRegistryAuth(clients.cloudFormation, options.stack);
    const pem = await createDeployedSigningCertificate(clients, auth);
    const certificateFile = resolve(options.out);
    await writeFile(certificateFile, pem, { mode: 0o644 });
    io.stderr(`wrote the certificate of ${auth.keyArn} (kid ${auth.tokenKeyId}) to ${certificateFile}\n`);
    io.stdout(authTokenBlock(auth, certificateFile));
    return 0;
  } catch (error) {
    io.stderr(`registry-cert: ${oneLine(error)}\n`);
    return 1;
  }
}
