import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateGrantCommand, RevokeGrantCommand } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { stubbedKms, type StubbedKms, TEST_KEY_ARN } from './kmsStub.js';

/** What an operator's AWS account looks like to the operator tooling, without AWS. */

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export const TEST_STACK = 'SwrAccessDomains';
export const OPERATOR_ARN = 'arn:aws:sts::123456789012:assumed-role/Operator/alice';
export const TEST_GRANT = { GrantId: 'grant-1', GrantToken: 'grant-token-1' };

/** The registry outputs of a deployed stack whose key is `TEST_KEY_ARN` with the given kid. */
export function registryOutputs(rootKeyId: string) {
  return {
    ApiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/',
    RegistryAuthRealm: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/registry/token',
    RegistryAuthService: 'swr-registry',
    RegistryAuthIssuer: 'swr-access-domains',
    RegistrySigningKeyArn: TEST_KEY_ARN,
    RegistryRootKeyId: rootKeyId,
  };
}

/** CloudFormation that knows one stack, `TEST_STACK`, with these outputs. */
export function stubbedCloudFormation(outputs: Record<string, string>): CloudFormationClient {
  const client = new CloudFormationClient({ region: 'eu-west-1', credentials });
  mockClient(client)
    .on(DescribeStacksCommand)
    .rejects(Object.assign(new Error('Stack with id other does not exist'), { name: 'ValidationError' }))
    .on(DescribeStacksCommand, { StackName: TEST_STACK })
    .resolves({
      Stacks: [
        {
          StackName: TEST_STACK,
          CreationTime: new Date(),
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
        },
      ],
    });
  return client;
}

/** STS that says the caller is the operator. */
export function stubbedSts(): STSClient {
  const client = new STSClient({ region: 'eu-west-1', credentials });
  mockClient(client).on(GetCallerIdentityCommand).resolves({ Arn: OPERATOR_ARN, Account: '123456789012' });
  return client;
}

/** The stubbed KMS key (signing like KMS), that also creates and revokes one grant. */
export function stubbedKmsWithGrants(): StubbedKms {
  const kms = stubbedKms();
  kms.mock.on(CreateGrantCommand).resolves(TEST_GRANT);
  kms.mock.on(RevokeGrantCommand).resolves({});
  return kms;
}
