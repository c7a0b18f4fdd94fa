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
 * An arrow is "may import": imports go one way only, down this list, never up; no module
 * imports itself through others. Type-only imports count too: a layer must not need to know
 * the one above it, even for a type.
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
        'What a deployed function runs may only use production dependencies (the bundles are built from them); ' +
        'type-only imports of devDependencies (@types/aws-lambda, …) are fine.',
      severity: 'error',
      from: { path: '^lambda/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve would escape every rule above (and fail at run time).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
