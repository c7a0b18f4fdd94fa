import { spawnSync } from 'node:child_process';

/** Native ESM: run with NODE_OPTIONS=--experimental-vm-modules (see package.json). */
const esm = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
  },
  // Sources import each other as `./x.js` (nodenext); jest resolves the .ts file.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

/** The tests that talk to a DynamoDB through startTestStore(); they run on both stores. */
const STORE_TESTS = ['<rootDir>/test/{handlers,store,http,clients}/**/*.test.ts'];

const dynalite = { ...esm, displayName: 'dynalite', testMatch: ['<rootDir>/test/**/*.test.ts'] };

/** The same store tests against AWS's own emulator, which needs Java. */
const dynamoDbLocal = {
  ...esm,
  displayName: 'DynamoDB Local',
  testMatch: STORE_TESTS,
  globalSetup: '<rootDir>/test/support/dynamoDbLocal/globalSetup.js',
  globalTeardown: '<rootDir>/test/support/dynamoDbLocal/globalTeardown.js',
  setupFiles: ['<rootDir>/test/support/dynamoDbLocal/useEndpoint.ts'],
};

const javaFound = spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
if (!javaFound) {
  // CI sets REQUIRE_DYNAMODB_LOCAL: there a missing Java is a failure, not a skip.
  if (process.env.REQUIRE_DYNAMODB_LOCAL) {
    throw new Error('REQUIRE_DYNAMODB_LOCAL is set, but Java (needed by DynamoDB Local) was not found on PATH');
  }
  console.warn(
    '\n*** DynamoDB Local run SKIPPED: Java was not found on PATH, so the store tests run on dynalite only.' +
      '\n*** Install a JRE 17+ (e.g. apt-get install openjdk-17-jre-headless) to run them on DynamoDB Local too.\n',
  );
}

export default { projects: javaFound ? [dynalite, dynamoDbLocal] : [dynalite] };
