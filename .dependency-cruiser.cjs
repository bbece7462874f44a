/**
 * The layering of functions/ (docs/architecture.md), checked by `npm run lint:deps` in `npm test`:
 * core is the domain and knows nothing of AWS, HTTP, adapters or handlers; shared is the ground and
 * knows nothing of core; functions/http is the HTTP plumbing the two edges share; runtime code never reaches into the CDK app (lib/) or local mode (local/).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'An import cycle makes load order and layering unclear.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-stays-pure',
      severity: 'error',
      comment: 'Core takes ports; it must not import adapters, handlers, the admin edge, HTTP plumbing, the wiring or the AWS SDK.',
      from: { path: '^functions/core/' },
      to: { path: ['^functions/(adapters|handlers|admin|http|wiring)/', '@aws-sdk/', '@middy/', '@aws-lambda-powertools/'] },
    },
    {
      name: 'shared-is-the-ground',
      severity: 'error',
      comment: 'functions/shared is used by every layer and imports nothing from core, adapters, HTTP plumbing or the edges.',
      from: { path: '^functions/shared/' },
      to: { path: '^functions/(core|adapters|handlers|admin|http|wiring)/' },
    },
    {
      name: 'adapters-speak-no-http',
      severity: 'error',
      comment: 'Adapters translate between ports and services; they never throw HTTP errors or render pages.',
      from: { path: '^functions/adapters/' },
      to: { path: '^functions/(handlers|admin|http|wiring)/' },
    },
    {
      name: 'runtime-outside-cdk-and-local',
      severity: 'error',
      comment: 'Lambda code and the portal are bundled alone: they must not import the CDK app or local mode.',
      from: { path: '^(functions|web/src)/' },
      to: { path: '^(lib|local|bin|test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
