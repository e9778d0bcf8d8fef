/** The help texts: one overview, and one per command listing that command's options. */
import { FORMATS } from '../index.js'

export const COMMANDS = ['scan', 'diff', 'paths', 'rules', 'explain', 'front-doors', 'init', 'lsp', 'help'] as const
export type Command = (typeof COMMANDS)[number]

export function isCommand(value: string): value is Command {
  return (COMMANDS as readonly string[]).includes(value)
}

const EXIT_CODES = 'Exit codes: 0 nothing at or above the fail level, 1 findings at or above it, 2 usage, configuration or internal error.\n'

const OVERVIEW = `Usage: iac-lint <command> [options]

Commands:
  scan [paths...]     Scan files and folders (default: .): CloudFormation, Terraform and Terraform plans
  diff <old> <new>    What a change does: resources, request paths and findings it adds or
                      resolves, between two files, folders or REF:path versions from git
  paths <paths...>    Print the request paths (entry, exposure, checks, target) of templates
                      and Terraform modules; -f json for a JSON document (docs/json-format.md)
  front-doors [paths...]  For each load balancer and API: exposure, features, targets, the
                      scenario it matches, the cost of its declared traffic on each front door,
                      and a verdict (keep or move) from the fit and cost rules; -f json, -f markdown
  rules               List the rules; -f json for a JSON document
  explain <rule>      Show a rule's documentation: what it finds, why, examples with their output, the fix
  init                Write a commented starter .iac-lint.yaml (never overwrites)
  lsp --stdio         Run the language server for editors (docs/editors.md)
  help [command]      Show this help, or a command's options (also: iac-lint <command> --help)

Options:
  -h, --help                Show help (never runs a command)
  -v, --version             Show the version

Run "iac-lint help scan" for the options of scan.

${EXIT_CODES}`

const CONFIG_AND_VALUES = `  -c, --config <file>       Use this configuration file instead of the nearest .iac-lint.yaml
      --no-ignore           Read files the configuration's ignore globs match, even when named
      --var <name=value>    Set a Terraform root module variable (repeatable; wins over variable files)
      --var-file <file>     Read Terraform variable values from a .tfvars or .tfvars.json file (repeatable)
      --parameter <key=value>  Set a CloudFormation parameter's value for every template (repeatable; wins over files)
      --parameter-file <file>  Read CloudFormation parameter values: a [{ParameterKey, ParameterValue}] list,
                            a CodePipeline {"Parameters": {...}} file or samconfig.toml (repeatable)`

const SCAN = `Usage: iac-lint scan [options] [paths...]

Scan files and folders (default: .). A file named that the configuration's ignore globs match is
skipped with a note on standard error; --no-ignore scans it.

Options:
  -f, --format <fmt>        Output format: ${FORMATS.join(', ')} (default: text); repeat it
                            and add =FILE to write a format to a file: -f text -f sarif=out.sarif
  -o, --output-file <file>  Write the report to a file instead of standard output
${CONFIG_AND_VALUES}
      --rule <id[=level]>   Run only this rule (repeatable), at its configured or default level,
                            or at the level given: error, warning or note
      --disable-rule <id>   Do not run this rule (repeatable)
      --fail-on <level>     Exit 1 when a finding is at or above: error, warning, note, none (default: error)
      --max-warnings <n>    Exit 1 when there are more than n warnings
      --quiet               Report errors only
      --baseline <file>     Fail only on findings that are not in this baseline
      --write-baseline <file>  Record the current findings as a baseline and exit 0
      --stdin               Read one template from standard input
      --stdin-filename <f>  The file name to report for --stdin (default: stdin.yaml)
      --sarif-category <c>  SARIF automationDetails.id is "<c>/" (default: iac-lint): one category
                            per scan that uploads to GitHub code scanning separately
      --sarif-include-suppressed  Keep suppressed and baselined findings in SARIF (marked with
                            suppressions); by default they are left out, so they never open alerts
      --concurrency <n>     Worker threads for templates besides the main thread: auto
                            (default: only with 4 or more cores and 1,000 templates, 8 MB),
                            off, or a number
      --changed-since <ref> Report only what changed since the merge base with this git revision:
                            new findings, and findings on resources the change added or modified
                            (docs/review.md)
      --no-color            Never colour the output (also NO_COLOR=1; FORCE_COLOR=1 forces it)
  -h, --help                Show this help

${EXIT_CODES}`

const PATHS = `Usage: iac-lint paths [options] <paths...>

Print the request paths (entry, exposure, checks, target) of templates and Terraform modules.
The configuration's declared exposure and ignore globs apply, as for scan.

Options:
  -f, --format <fmt>        text (default) or json (docs/json-format.md); json=FILE writes it to a file
  -o, --output-file <file>  Write the paths to a file instead of standard output
${CONFIG_AND_VALUES}
  -h, --help                Show this help
`

const FRONT_DOORS = `Usage: iac-lint front-doors [options] [paths...]

For each front door (load balancer, REST, HTTP or WebSocket API) of the files and folders given
(default: .): what it is, its exposure, the features it uses, what it forwards to, the scenario of
the API Gateway or load balancer decision table it matches, and, when its traffic is declared, the
monthly cost of that traffic on a REST API, an HTTP API and an ALB with the break-even rates. Then
a verdict, keep or move, taken from the findings of the fit and cost rules about it: the scan runs
as iac-lint scan runs it, with the same configuration and declarations. In a GitHub job the
Markdown view is added to the step's summary. Files that cannot be read are named on standard
error. Exit codes: 0 advice given, 1 a file could not be parsed or analysed (its front doors are
missing), 2 usage or configuration error.

Options:
  -f, --format <fmt>        text (default), json (docs/json-format.md) or markdown; FORMAT=FILE
                            writes it to a file
  -o, --output-file <file>  Write the advice to a file instead of standard output
${CONFIG_AND_VALUES}
  -h, --help                Show this help
`

const DIFF = `Usage: iac-lint diff [options] <old> <new>

Compare two versions of infrastructure: two templates, two Terraform plans or two folders, each
a path on disk or REF:path read from git (main:template.yaml, HEAD~1:infra/). Shows the
resources added, removed and modified (for two CloudFormation templates with replacement
impact, IAM statement and security group rule changes), the request paths added, removed or
changed, and the findings the change introduces and resolves (docs/review.md).

Options:
  -f, --format <fmt>        text (default), json, markdown (a pull-request comment) or sarif
                            (introduced findings only); FORMAT=FILE writes it to a file
  -o, --output-file <file>  Write the report to a file instead of standard output
${CONFIG_AND_VALUES}
      --rule <id[=level]>   Run only this rule (repeatable)
      --disable-rule <id>   Do not run this rule (repeatable)
      --fail-on <level>     Exit 1 when an introduced finding is at or above: error, warning, note,
                            none (default: error)
      --sarif-category <c>  SARIF automationDetails.id is "<c>/" (default: iac-lint)
  -h, --help                Show this help

Exit codes: 0 no introduced finding at or above the fail level, 1 some, 2 usage or configuration error.
`

const RULES = `Usage: iac-lint rules [options]

List the rules, built-in ones included: id, default level, category and title.

Options:
  -f, --format <fmt>        text (default) or json: id, level, category, title, description,
                            frameworks, docs page and references (docs/json-format.md)
  -h, --help                Show this help
`

const INIT = `Usage: iac-lint init

Write a commented starter .iac-lint.yaml in the current folder; an existing configuration file is
never overwritten.

Options:
  -h, --help                Show this help
`

const LSP = `Usage: iac-lint lsp --stdio

Run the language server: findings as diagnostics while you edit CloudFormation, SAM and Terraform,
with the rule on hover and a quick fix that writes a suppression. The editor starts it and talks
to it over standard input and output; docs/editors.md shows VS Code, Neovim and Helix. The
nearest .iac-lint.yaml of the workspace applies. The iac-lint-lsp command is the same server.

Options:
      --stdio               Talk over standard input and output (required)
  -h, --help                Show this help
`

const HELP = `Usage: iac-lint help [command]

Show the overview, or the options of one command: ${COMMANDS.filter((command) => command !== 'help').join(', ')}.
`

const EXPLAIN = `Usage: iac-lint explain <rule>

Show the documentation page of one rule (docs/rules/<rule>.md) as Markdown: what it finds, why it
matters, a failing example in each framework with what iac-lint prints for it, the fix, how to
suppress it and references. SARIF output carries the same page as each rule's help.
`

const TEXTS: Record<Command, string> = { scan: SCAN, diff: DIFF, paths: PATHS, rules: RULES, explain: EXPLAIN, 'front-doors': FRONT_DOORS, init: INIT, lsp: LSP, help: HELP }

/** The help of `command`, or the overview. */
export function helpText(command?: Command): string {
  return command === undefined ? OVERVIEW : TEXTS[command]
}
