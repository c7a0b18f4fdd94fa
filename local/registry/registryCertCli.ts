/**
 * `npm run --silent registry-cert -- --stack <name> [--region <region>] [--out <file>]`: the
 * certificate a registry trusts for the deployed token service, and its `auth.token` block
 * (docs/deploying.md, "Point a registry at the deployed token service").
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { KMSClient } from '@aws-sdk/client-kms';
import { STSClient } from '@aws-sdk/client-sts';
import { runRegistryCert } from './registryCertCommand.js';

process.exitCode = await runRegistryCert(process.argv.slice(2), {
  clientsFor: (region) => ({
    cloudFormation: new CloudFormationClient({ region }),
    kms: new KMSClient({ region }),
    sts: new STSClient({ region }),
  }),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
