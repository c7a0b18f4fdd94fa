import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { STSClient } from '@aws-sdk/client-sts';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runCommand, UsageError } from '../cli/command.js';
import { authTokenBlock, createDeployedSigningCertificate, readDeployedRegistryAuth } from './deployedRegistryAuth.js';

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

const REGISTRY_CERT_OPTIONS = { stack: { type: 'string' }, region: { type: 'string' }, out: { type: 'string' } } as const;

/** The options, checked. @throws UsageError */
function registryCertOptions(values: {
  stack?: string | undefined;
  region?: string | undefined;
  out?: string | undefined;
}): RegistryCertOptions {
  if (!values.stack) throw new UsageError('--stack is required');
  if (!STACK_NAME.test(values.stack)) throw new UsageError(`--stack ${values.stack}: not a CloudFormation stack name`);
  if (values.region !== undefined && !REGION.test(values.region)) {
    throw new UsageError(`--region ${values.region}: not an AWS region, e.g. eu-west-1`);
  }
  if (values.out === '') throw new UsageError('--out needs a file name');
  return { stack: values.stack, region: values.region, out: values.out ?? DEFAULT_OUT };
}

/**
 * `registry-cert`: writes the deployed signing key's certificate and prints the registry's
 * `auth.token` block. Answers the exit code: 0 done, 1 AWS or the stack refused, 2 bad arguments.
 */
export function runRegistryCert(args: string[], io: RegistryCertIo): Promise<number> {
  return runCommand(
    'registry-cert',
    { usage: REGISTRY_CERT_USAGE, options: REGISTRY_CERT_OPTIONS },
    args,
    async ({ values }) => {
      // Bad arguments are refused before any AWS call.
      const options = registryCertOptions(values);
      const clients = io.clientsFor(options.region);
      const auth = await readDeployedRegistryAuth(clients.cloudFormation, options.stack);
      const pem = await createDeployedSigningCertificate(clients, auth);
      const certificateFile = resolve(options.out);
      await writeFile(certificateFile, pem, { mode: 0o644 });
      io.stderr(`wrote the certificate of ${auth.keyArn} (key id ${auth.rootKeyId}) to ${certificateFile}\n`);
      io.stdout(authTokenBlock(auth, certificateFile));
    },
    io,
  );
}
