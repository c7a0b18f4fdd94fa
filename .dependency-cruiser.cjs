/**
 * The project's layering, checked by `npm run check:layers` (dependency-cruiser) in CI:
 *
 *   lambda/  (only what a deployed function runs)
 *     ↑
 *   infra/   (the CDK app)
 *     ↑
 *   local/, scripts/, bench/  (tools: they may import each other)
 *     ↑
 *   test/
 *
 *   console/  (the web console: runs in a browser, on the public API only; of the above it
 *             imports only the contract's pure rules: deadlines, names, field schemas)
 *
 * An arrow points at what a layer may import: each layer imports only the ones above it,
 * never one below; no module imports itself through others. Type-only imports count too: a
 * layer must not need to know one below it, even for a type. The validators the build
 * generates (lambda/schemas/generated/) are checked when present and not required.
 *
 * Inside lambda/, one way too: its folders (and its few top-level files) stand on the floors
 * of LAMBDA_FLOORS, and each imports only what stands below it, never beside or above (so no
 * two import each other, not even for a type). A type that several floors share lives on the
 * lowest floor that needs it; domain and registry code return values, and the HTTP layer
 * puts them on the request; what builds a function from its environment (runtime/, the
 * `*FromEnv`) and its entry file (functions/) are the top.
 */

const TOOLS = '^(local|scripts|bench)/';

/** lambda/'s floors, from the ground up: the paths below lambda/ on each. */
const LAMBDA_FLOORS = [
  ['environment.ts', 'errors.ts', 'RequestLogger.ts'], // names and errors every floor may use
  ['aws/'], // the AWS clients' settings
  ['domain/'], // the rules, as pure functions: shares, names, permissions, registry access
  ['api/'], // what the API's operations are: their names and the shape of a spec
  ['schemas/'], // the JSON Schemas of requests, answers and token claims
  ['store/'], // DynamoDB: shares, rosters, access keys
  ['auditForwarder/'], // the audit forwarder's logic (a function of its own)
  ['auth/'], // who is calling: tokens, access keys, signatures, registry logins
  ['audit/'], // the audit trail's events
  ['registry/'], // the registry token service: decisions, signing keys, tokens
  ['deploy/'], // the deploy-time custom resource
  ['metrics/'], // what is counted, and EMF
  ['http/'], // the middleware every operation shares
  ['operations/'], // the catalog, each operation's spec and handler
  ['runtime/'], // what builds an operation's dependencies from the environment
  ['functions/'], // the entry file of each deployed function
];

const floorPath = (paths) => `^lambda/(${paths.map((path) => path.replace(/\./g, '\\.')).join('|')})`;

/** One rule per floor: nothing on it imports a floor above. */
const lambdaFloorRules = LAMBDA_FLOORS.slice(0, -1).map((paths, index) => ({
  name: `lambda-one-way-${paths[0].replace(/\W/g, '')}`,
  comment:
    `lambda/${paths.join(', lambda/')} must not import what stands above it (.dependency-cruiser.cjs, LAMBDA_FLOORS): ` +
    'move a shared type down, or hand the value in.',
  severity: 'error',
  from: { path: floorPath(paths) },
  to: { path: floorPath(LAMBDA_FLOORS.slice(index + 1).flat()) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...lambdaFloorRules,
    {
      name: 'lambda-on-a-floor',
      comment: 'Every file of lambda/ stands on a floor of LAMBDA_FLOORS (.dependency-cruiser.cjs): place a new folder there.',
      severity: 'error',
      from: { path: '^lambda/', pathNot: floorPath(LAMBDA_FLOORS.flat()) },
      to: {},
    },
    {
      name: 'lambda-imports-only-lambda',
      comment:
        'lambda/ holds what a deployed function runs: it must not import the CDK app (infra/), the tools ' +
        '(local/, scripts/, bench/) or the tests.',
      severity: 'error',
      from: { path: '^lambda/' },
      to: { path: '^(infra|local|scripts|bench|test)/' },
    },
    {
      name: 'infra-not-to-tools',
      comment: 'infra/ (the CDK app) may import lambda/, never the tools (local/, scripts/, bench/) or the tests.',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: `${TOOLS}|^test/` },
    },
    {
      name: 'bench-not-to-test',
      comment: 'bench/ is a tool: what it shares with the tests belongs in lambda/, infra/ or the tools, not in test/.',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^test/' },
    },
    {
      name: 'tools-not-to-test',
      comment: 'local/ and scripts/ are tools: they must not import the tests.',
      severity: 'error',
      from: { path: '^(local|scripts)/' },
      to: { path: '^test/' },
    },
    {
      name: 'console-only-console',
      comment:
        'console/ runs in a browser and talks to the service only through its public API: besides itself it ' +
        'imports only the pure rules of the contract it shows (deadlines, names, field schemas, which import ' +
        'nothing), and no package (esbuild bundles it).',
      severity: 'error',
      from: { path: '^console/' },
      to: { pathNot: '^(console/|lambda/domain/(deadline|names)\\.ts$|lambda/schemas/fields\\.ts$)' },
    },
    {
      name: 'none-to-console',
      comment: 'Nothing imports the browser code: the server side serves its built files (infra/console/consolePage.ts).',
      severity: 'error',
      from: { pathNot: '^console/' },
      to: { path: '^console/' },
    },
    {
      name: 'no-circular',
      comment: 'No module may import itself through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lambda-not-to-dev-deps',
      comment:
        'What a deployed function runs may only use production dependencies (the bundles are built from them). ' +
        'The devDependencies it may name are the two that are types only: @types/* and json-schema-to-ts.',
      severity: 'error',
      from: { path: '^lambda/' },
      // Not `dependencyTypesNot: ['type-only']`: dependency-cruiser 18 marks `import x, { type Y } from 'p'`
      // type-only, so a default import of a devDependency beside an inline type would pass.
      to: { dependencyTypes: ['npm-dev'], pathNot: '(^|/)node_modules/(@types/|json-schema-to-ts/)' },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'An import that does not resolve would escape every rule above (and fail at run time). The validators ' +
        'npm run build generates (lambda/schemas/generated/) may be missing: the check needs no build.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '/schemas/generated/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^cdk\\.out/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
