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

/**
 * The tests that talk to a DynamoDB through startTestStore(); they run on both stores: the
 * operations through their handlers (the grants test, which records the calls rather than
 * the store's answers, runs once), the store, the local server and its table, the clients.
 * A `!` pattern has no <rootDir>: jest only replaces it at the start of a pattern.
 */
const STORE_TESTS = [
  '<rootDir>/test/lambda/operations/*.test.ts',
  '!**/test/lambda/operations/tableGrants.test.ts',
  '<rootDir>/test/lambda/store/**/*.test.ts',
  '<rootDir>/test/local/{server/server,store/createSharesTable}.test.ts',
  '<rootDir>/test/clients/**/*.test.ts',
];

/** The end-to-end tests with a real registry and clients need Debian's docker-registry, skopeo and containerd. */
const REGISTRY_TOOLS = ['docker-registry', 'skopeo', 'containerd', 'ctr'];
const missingTools = REGISTRY_TOOLS.filter((tool) => spawnSync('which', [tool], { stdio: 'ignore' }).status !== 0);
if (missingTools.length > 0) {
  // CI sets REQUIRE_REGISTRY: there a missing tool is a failure, not a skip.
  if (process.env.REQUIRE_REGISTRY) {
    throw new Error(`REQUIRE_REGISTRY is set, but ${missingTools.join(', ')} (needed by test/e2e) was not found on PATH`);
  }
  console.warn(
    `\n*** End-to-end registry tests (test/e2e) SKIPPED: ${missingTools.join(', ')} not found on PATH.` +
      '\n*** Install them to run them: apt-get install docker-registry skopeo containerd\n',
  );
}

/**
 * The web console's tests (test/console) drive a real Chromium: Debian's `chromium`, or the
 * one CHROMIUM_PATH names. Set here so the test workers inherit it.
 */
process.env.CHROMIUM_PATH ??= '/usr/bin/chromium';
const chromiumFound = spawnSync(process.env.CHROMIUM_PATH, ['--version'], { stdio: 'ignore' }).status === 0;
if (!chromiumFound) {
  // CI sets REQUIRE_CHROMIUM: there a missing browser is a failure, not a skip.
  if (process.env.REQUIRE_CHROMIUM) {
    throw new Error(
      `REQUIRE_CHROMIUM is set, but no Chromium runs at ${process.env.CHROMIUM_PATH} (CHROMIUM_PATH; needed by test/console)`,
    );
  }
  console.warn(
    `\n*** Web console tests (test/console) SKIPPED: no Chromium runs at ${process.env.CHROMIUM_PATH}.` +
      '\n*** Install it to run them: apt-get install chromium (or set CHROMIUM_PATH)\n',
  );
}

const skipped = [...(missingTools.length > 0 ? ['<rootDir>/test/e2e/'] : []), ...(chromiumFound ? [] : ['<rootDir>/test/console/'])];

const dynalite = {
  ...esm,
  displayName: 'dynalite',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...skipped],
};

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

export default {
  projects: javaFound ? [dynalite, dynamoDbLocal] : [dynalite],
  // A test's time limit, not a speed target (bench/ measures speed): the machines the suite runs
  // on are shared, and jest's default 5 s fails tests that only waited for a busy core. A global
  // option: jest ignores it inside a project.
  testTimeout: 30_000,
};
