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
 * An arrow points at what a layer may import: each layer imports only the ones above it,
 * never one below; no module imports itself through others. Type-only imports count too: a
 * layer must not need to know one below it, even for a type. The validators the build
 * generates (lambda/schemas/generated/) are checked when present and not required.
 */

const TOOLS = '^(local|scripts|bench)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
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
