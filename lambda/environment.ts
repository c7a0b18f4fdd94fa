/**
 * Every environment variable a deployed function reads, by what it sets: the one home of
 * their names. The functions read them (runtime/config.ts and the other `*FromEnv`), the
 * stack sets them (infra/), and so do the offline invoke (local/invoke/) and the benchmarks;
 * all of them name a variable through this table, and a test holds the stack's, the offline
 * invoke's and the configuration docs' variables to it. What each takes: docs/configuration.md.
 */
export const ENV = {
  /** The shares table. */
  tableName: 'TABLE_NAME',
  /** Another DynamoDB endpoint (a local one); unset on AWS. */
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  shareRetentionDays: 'SHARE_RETENTION_DAYS',
  maxAccountsPerRepository: 'MAX_ACCOUNTS_PER_REPOSITORY',
  tokenIssuer: 'TOKEN_ISSUER',
  tokenAudience: 'TOKEN_AUDIENCE',
  tokenAlgorithms: 'TOKEN_ALGORITHMS',
  tokenJwksUrl: 'TOKEN_JWKS_URL',
  /** The issuer's keys inline (a JWKS in JSON), instead of TOKEN_JWKS_URL. */
  tokenJwks: 'TOKEN_JWKS',
  tokenCacheSize: 'TOKEN_CACHE_SIZE',
  registryService: 'REGISTRY_SERVICE',
  registryTokenIssuer: 'REGISTRY_TOKEN_ISSUER',
  registryTokenLifetimeSeconds: 'REGISTRY_TOKEN_LIFETIME_SECONDS',
  registryAddress: 'REGISTRY_ADDRESS',
  /** The registry root key's ARN in KMS (the token functions). */
  registrySigningKeyArn: 'REGISTRY_SIGNING_KEY_ARN',
  /** Its public half, SubjectPublicKeyInfo DER in base64, read at deploy time. */
  registrySigningPublicKey: 'REGISTRY_SIGNING_PUBLIC_KEY',
  /** Another KMS endpoint (a local stand-in); unset on AWS. */
  kmsEndpoint: 'KMS_ENDPOINT',
  /** The KMS key that seals access key secrets. */
  accessKeySealingKeyArn: 'ACCESS_KEY_SEALING_KEY_ARN',
  /** The audit forwarder's destination log group. */
  auditLogGroupName: 'AUDIT_LOG_GROUP_NAME',
} as const;
