/**
 * The direction of flow (STYLE.md, "one direction of flow"), checked on every `npm test`:
 *
 *   files ──► parse ──► model ──► rules ──► findings ──► filter ──► report
 *
 * with src/core (types every layer shares) below all of them, src/engine running the boxes, and
 * src/cli (plus bin/) on top. Type-only imports count: a layer that needs another layer's type
 * depends on that layer. test/layers.test.ts shows that each rule below can fail.
 *
 * src/review (comparing two versions of a change) sits above the engine, the findings layer and the
 * reports it uses, below the public API and the CLI.
 * src/lsp (the language server) is an entry beside src/cli, on top of the public API.
 *
 * src/frontends (one folder per framework) sits between the parsers and the model: it parses,
 * evaluates and builds model elements; nothing but the engine calls it. src/advisor (the
 * front-door advisor) reads models and findings, after the rules and before the reports.
 */

/** Everything after the parsers in the flow (the public API included). */
const AFTER_PARSE = ['^src/(frontends|model|engine|findings|advisor|report|cli)/', '^src/index\\.ts$', '^rules/']
/** Everything after the model in the flow. */
const AFTER_MODEL = ['^src/(frontends|engine|findings|advisor|report|cli)/', '^src/index\\.ts$', '^rules/']
/** Everything after the frontends in the flow. */
const AFTER_FRONTENDS = ['^src/(engine|findings|advisor|report|cli)/', '^src/index\\.ts$', '^rules/']
/** The parsers and the frontends: the only code that knows a framework's syntax exists. */
const FRAMEWORKS = ['^src/parse/', '^src/frontends/']

export default {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'Modules import one another in a cycle: move what they share into a module of its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'parse-against-flow',
      severity: 'error',
      comment: 'A parser knows nothing of frontends, the model, rules, findings, reports or the CLI: they read its trees.',
      from: { path: '^src/parse/' },
      to: { path: AFTER_PARSE },
    },
    {
      name: 'frontend-against-flow',
      severity: 'error',
      comment:
        'A frontend turns files into models and suppressions; it knows nothing of the engine, rules, ' +
        'findings, reports or the CLI (the built-in input findings are in src/core).',
      from: { path: '^src/frontends/' },
      to: { path: AFTER_FRONTENDS },
    },
    {
      name: 'frontends-apart',
      severity: 'error',
      comment: 'One framework never reaches into another: what both need lives in src/frontends/*.ts, src/parse or src/model.',
      from: { path: '^src/frontends/(cloudformation|terraform)/' },
      to: { path: '^src/frontends/(cloudformation|terraform)/', pathNot: '^src/frontends/$1/' },
    },
    {
      name: 'model-against-flow',
      severity: 'error',
      comment: 'The model knows nothing of the engine, rules, findings, reports or the CLI; shared types are in src/core.',
      from: { path: '^src/model/' },
      to: { path: AFTER_MODEL },
    },
    {
      name: 'rules-know-no-syntax',
      severity: 'error',
      comment:
        'A rule reads the shared model, never YAML, HCL, plan JSON or a frontend, so that one rule serves ' +
        'every framework; nor does it know reports or the CLI.',
      from: { path: '^rules/' },
      to: { path: [...FRAMEWORKS, '^src/(findings|advisor|report|cli)/', '^src/index\\.ts$'] },
    },
    {
      name: 'engine-takes-rules',
      severity: 'error',
      comment: 'The engine runs the rules it is given; src/index.ts is the one place that names the built-in ones.',
      from: { path: '^src/engine/' },
      to: { path: '^rules/' },
    },
    {
      name: 'findings-know-no-frameworks',
      severity: 'error',
      comment: 'Fingerprints, suppressions, baselines and filters work on findings alone.',
      from: { path: '^src/findings/' },
      to: { path: [...FRAMEWORKS, '^src/model/', '^src/(advisor|report|cli)/', '^src/index\\.ts$', '^rules/'] },
    },
    {
      name: 'advisor-reads-results',
      comment:
        'The front-door advisor reads models and the findings of a scan it is given: no parser, frontend, ' +
        'engine, rule, report or CLI; the public API runs the scan and hands both over.',
      severity: 'error',
      from: { path: '^src/advisor/' },
      to: { path: [...FRAMEWORKS, '^src/(engine|findings|report|cli)/', '^src/index\\.ts$', '^rules/'] },
    },
    {
      name: 'report-knows-no-frameworks',
      severity: 'error',
      comment:
        'A reporter is a function of findings, rule metadata and request paths: no parser, frontend, ' +
        'rule or scan.',
      from: { path: '^src/report/' },
      to: { path: [...FRAMEWORKS, '^src/engine/scan', '^rules/', '^src/index\\.ts$'] },
    },
    {
      name: 'review-on-top',
      severity: 'error',
      comment:
        'src/review compares two versions (diff, scan --changed-since): it uses the layers below it, and only ' +
        'the public API and the CLI use it.',
      from: { pathNot: ['^src/review/', '^src/cli/', '^src/index\\.ts$'] },
      to: { path: '^src/review/' },
    },
    {
      name: 'cli-is-an-entry',
      severity: 'error',
      comment: 'Only bin/ starts the CLI; everything else is reached through src/index.ts.',
      from: { pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'lsp-uses-the-api',
      comment:
        'The language server, like the CLI, works through the public API in src/index.ts (and the ' +
        'shared types of src/core, and the escaping of src/report/escape.ts for what it shows).',
      severity: 'error',
      from: { path: '^src/lsp/' },
      to: { path: '^src/', pathNot: ['^src/lsp/', '^src/core/', '^src/index\\.ts$', '^src/report/escape\\.ts$'] },
    },
    {
      name: 'lsp-is-an-entry',
      severity: 'error',
      comment: 'Only the CLI (`iac-lint lsp`) and bin/iac-lint-lsp.js start the language server.',
      from: { pathNot: '^src/(lsp|cli)/' },
      to: { path: '^src/lsp/' },
    },
    {
      name: 'core-imports-nothing',
      severity: 'error',
      comment: 'src/core holds the types every layer shares, so it depends on no layer and no package.',
      from: { path: '^src/core/' },
      to: { pathNot: '^src/core/' },
    },
    {
      name: 'unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file: the graph above would miss its edge.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // Packages such as web-tree-sitter have only conditional `exports`, no `main`.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'] },
  },
}
