import { createRequire as __iacLintRequire } from 'node:module';
let __iacLintRequired;
const require = (id) => (__iacLintRequired ??= __iacLintRequire(import.meta.url))(id);
import{BaselineError,DIFF_FORMATS,FORMATS,SUMMARY_MAX_BYTES,applyFilters,changedSince,createBaseline,diff,fitSummary,frontDoors,githubReportOptions,isFormat,parseBaseline,renderDiff,renderFrontDoors,renderFrontDoorsJson,renderFrontDoorsMarkdown,renderPaths,renderPathsJson,renderReport,rules,sarifNotices,sarifSelection,scan}from"./chunk-PFVSVVI2.js";import{CONFIG_FILE_NAMES,ConfigError,LEVEL_RANK,UsageError,loadConfig,loadFrontends,loadModels,maxBytesOf,parameterAssignment,parameterValues,repositoryRelative,scanText}from"./chunk-IBVSFZ6Q.js";import{BUILTIN_RULES}from"./chunk-VASGDB5L.js";import{applyDeclarations}from"./chunk-23K4SVHZ.js";import{escapeJsonText,escapeTerminal,guardTerminalText}from"./chunk-VW6GWQG6.js";import{existsSync as existsSync2,lstatSync,readFileSync as readFileSync2,writeSync}from"node:fs";import{appendFile,readFile,stat as stat2,writeFile as writeFile2}from"node:fs/promises";import path3 from"node:path";import{fileURLToPath as fileURLToPath2}from"node:url";import{isatty}from"node:tty";import{parseArgs}from"node:util";var LEAVING=(()=>{let limbs=new Int32Array(8);limbs[0]=1;for(let step=0;step<100;step++){let carry=0;for(let i=0;i<8;i++){let value=limbs[i]*37+carry;limbs[i]=value&255,carry=value>>8}}return limbs})();function hex(limbs){let word=from=>(limbs[from+3]<<24|limbs[from+2]<<16|limbs[from+1]<<8|limbs[from])>>>0,high=word(4),low=word(0);return high===0?low.toString(16):`${high.toString(16)}${low.toString(16).padStart(8,"0")}`}function lineHashes(text,lastLine=Number.POSITIVE_INFINITY){let hashes=new Map,seen=new Map,window=new Uint16Array(100),starts=new Uint32Array(100),hash=new Int32Array(8),slot=0,line=0,atLineStart=!0,afterCR=!1,emit=()=>{let value=hex(hash),count=(seen.get(value)??0)+1;seen.set(value,count),hashes.set(starts[slot],`${value}:${count}`),starts[slot]=0},push=code=>{let leaving=window[slot],carry=code;for(let i=0;i<8;i++){let value=hash[i]*37-LEAVING[i]*leaving+carry;hash[i]=value&255,carry=value>>8}window[slot]=code,slot=(slot+1)%100},take=raw=>{if(raw===32||raw===9||afterCR&&raw===10)return afterCR=!1,!0;let code=raw===13?10:raw;return afterCR=raw===13,starts[slot]!==0&&(emit(),hashes.has(lastLine))?!1:(atLineStart&&(atLineStart=!1,line+=1,starts[slot]=line),code===10&&(atLineStart=!0),push(code),!0)};for(let index=0;index<text.length;index++)if(!take(text.charCodeAt(index)))return hashes;if(!take(65535))return hashes;for(let i=0;i<100;i++)starts[slot]!==0&&emit(),push(0);return hashes}function renderRulesJson(metas,toolVersion){let rules2=[...metas].sort((a,b)=>a.id<b.id?-1:a.id>b.id?1:0).map(meta=>({id:meta.id,title:meta.title,description:meta.whatItDoes,category:meta.category,level:meta.defaultLevel,recommended:meta.recommended!==!1,frameworks:[...meta.frameworks],docs:`docs/rules/${meta.id}.md`,references:[...meta.references],...meta.securitySeverity===void 0?{}:{securitySeverity:meta.securitySeverity}}));return`${JSON.stringify({version:1,tool:{name:"iac-lint",version:toolVersion},rules:rules2},null,2)}
`}import{constants}from"node:fs";import{access,chmod,lstat,rename,stat,unlink,writeFile}from"node:fs/promises";import path from"node:path";async function checkOutputFile(file){let shown=`"${file}"`;if(/[\\/]$/.test(file))throw new UsageError(`cannot write ${shown}: it names a folder, not a file`);let folder=path.dirname(path.resolve(file)),shownFolder=`"${path.dirname(file)}"`,folderInfo=await stat(folder).catch(error=>error.code??"ENOENT");if(folderInfo==="ENOTDIR")throw new UsageError(`cannot write ${shown}: ${shownFolder} is not a folder`);if(typeof folderInfo=="string")throw new UsageError(`cannot write ${shown}: folder ${shownFolder} does not exist`);if(!folderInfo.isDirectory())throw new UsageError(`cannot write ${shown}: ${shownFolder} is not a folder`);let info=await lstat(file).catch(()=>{});if(info?.isSymbolicLink())throw new UsageError(`cannot write ${shown}: it is a symbolic link; remove it or name another file`);if(info?.isDirectory())throw new UsageError(`cannot write ${shown}: it is a folder`);if(info&&!info.isFile())throw new UsageError(`cannot write ${shown}: it is not a regular file (a pipe, socket or device)`);if(info&&!await writable(file))throw new UsageError(`cannot write ${shown}: permission denied`);if(!await writable(folder,constants.W_OK|constants.X_OK))throw new UsageError(`cannot write ${shown}: folder ${shownFolder} is not writable`)}async function writeOutputFile(file,text){await checkOutputFile(file);let folder=path.dirname(path.resolve(file)),{randomBytes}=await import("node:crypto"),temporary=path.join(folder,`.${path.basename(file).slice(0,100)}.${randomBytes(6).toString("hex")}.tmp`);try{await writeFile(temporary,text,{flag:"wx"});let existing=await lstat(file).catch(()=>{});existing?.isFile()&&await chmod(temporary,existing.mode&4095),await rename(temporary,file)}catch(error){await unlink(temporary).catch(()=>{});let reason=error instanceof Error&&"code"in error?String(error.code):error instanceof Error?error.message:String(error);throw new UsageError(`cannot write "${file}": ${reason}`)}}async function writable(file,mode=constants.W_OK){return access(file,mode).then(()=>!0,()=>!1)}var LEVELS=["error","warning","note"];function parseRuleSelection(rules2,disabled,known){let only=rules2.map(spec=>{let separator=spec.search(/[=:]/),id=separator<0?spec:spec.slice(0,separator),level=separator<0?void 0:spec.slice(separator+1);if(checkKnown(id,"--rule",known),level!==void 0&&!LEVELS.includes(level))throw new UsageError(`--rule ${id}=${level}: the level must be one of ${LEVELS.join(", ")} (or leave it out for the rule's level)`);return{id,level}});for(let id of disabled)checkKnown(id,"--disable-rule",known);let both=only.find(entry=>disabled.includes(entry.id));if(both)throw new UsageError(`${both.id} is given to both --rule and --disable-rule; give it to one`);return{only,disabled:[...disabled]}}function applyRuleSelection(config,selection,rules2,builtins){if(selection.only.length===0&&selection.disabled.length===0)return config;let levels={...config.levels};if(selection.only.length>0){for(let meta of rules2)levels[meta.id]="off";for(let{id,level}of selection.only){let meta=[...rules2,...builtins].find(candidate=>candidate.id===id),configured=config.levels[id];levels[id]=level??(configured!==void 0&&configured!=="off"?configured:meta.defaultLevel)}}for(let id of selection.disabled)levels[id]="off";return{...config,levels}}function checkKnown(id,flag,known){if(known.some(meta=>meta.id===id))return;let close=closeIds(id,known.map(meta=>meta.id)),hint=close.length>0?`; did you mean ${close.join(", ")}?`:"";throw new UsageError(`${flag} ${id}: no such rule${hint} (\`iac-lint rules\` lists them)`)}function closeIds(id,ids){let scored=ids.map(candidate=>({candidate,distance:editDistance(id,candidate)})).filter(({candidate,distance})=>distance<=Math.max(2,Math.floor(id.length/3))||id.length>=3&&candidate.includes(id));return scored.sort((a,b)=>a.distance-b.distance||(a.candidate<b.candidate?-1:1)),scored.slice(0,3).map(({candidate})=>candidate)}function editDistance(a,b){let previous=Array.from({length:b.length+1},(_,index)=>index);for(let i=1;i<=a.length;i++){let current=[i];for(let j=1;j<=b.length;j++)current[j]=Math.min(previous[j]+1,current[j-1]+1,previous[j-1]+(a[i-1]===b[j-1]?0:1));previous=current}return previous[b.length]}async function diffCommand(args,flags,context){if(args.length!==2)throw new UsageError(`diff needs two arguments, OLD and NEW (files, folders or REF:path), not ${args.length}`);let[before,after]=args,{format,file}=outputOf(flags);file!==void 0&&await checkOutputFile(file);let cwd=process.cwd(),metas=rules.map(rule=>rule.meta),selection=parseRuleSelection(flags.rule??[],flags["disable-rule"]??[],[...BUILTIN_RULES,...metas]),loaded=await loadConfig(cwd,flags.config,[...BUILTIN_RULES,...metas].map(meta=>meta.id)),config=applyRuleSelection(loaded,selection,metas,BUILTIN_RULES),failOn=context.checkFailOn(flags["fail-on"]??config.failOn??"error"),result=await diff(before,after,{cwd,rules,config,...context.values,noIgnore:flags["no-ignore"]===!0});for(let notice of result.notices)context.warn(notice);let category=flags["sarif-category"],rendered=renderDiff(format,result,{cwd,toolVersion:context.version,...category===void 0?{}:{sarif:{category}}}),report=format==="json"||format==="sarif"?escapeJsonText(rendered):rendered;file===void 0?process.stdout.write(report):await writeOutputFile(file,report);let failing=failOn!=="none"&&result.introduced.some(finding=>LEVEL_RANK[finding.level]>=LEVEL_RANK[failOn]);process.exitCode=failing?1:0}function outputOf(flags){let specs=flags.format??[];if(specs.length>1)throw new UsageError("diff writes one format; give -f once");let spec=specs[0]??"text",equals=spec.indexOf("="),name=equals<0?spec:spec.slice(0,equals),file=equals<0?flags["output-file"]:spec.slice(equals+1),format=DIFF_FORMATS.find(known=>known===name);if(format===void 0)throw new UsageError(`unknown format "${name}" for diff (expected ${DIFF_FORMATS.join(", ")})`);if(file==="")throw new UsageError(`-f ${name}= needs a file name after "="`);return{format,file}}var COMMANDS=["scan","diff","paths","rules","explain","front-doors","init","lsp","help"];function isCommand(value){return COMMANDS.includes(value)}var EXIT_CODES=`Exit codes: 0 nothing at or above the fail level, 1 findings at or above it, 2 usage, configuration or internal error.
`,OVERVIEW=`Usage: iac-lint <command> [options]

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

${EXIT_CODES}`,CONFIG_AND_VALUES=`  -c, --config <file>       Use this configuration file instead of the nearest .iac-lint.yaml
      --no-ignore           Read files the configuration's ignore globs match, even when named
      --var <name=value>    Set a Terraform root module variable (repeatable; wins over variable files)
      --var-file <file>     Read Terraform variable values from a .tfvars or .tfvars.json file (repeatable)
      --parameter <key=value>  Set a CloudFormation parameter's value for every template (repeatable; wins over files)
      --parameter-file <file>  Read CloudFormation parameter values: a [{ParameterKey, ParameterValue}] list,
                            a CodePipeline {"Parameters": {...}} file or samconfig.toml (repeatable)`,SCAN=`Usage: iac-lint scan [options] [paths...]

Scan files and folders (default: .). A file named that the configuration's ignore globs match is
skipped with a note on standard error; --no-ignore scans it.

Options:
  -f, --format <fmt>        Output format: ${FORMATS.join(", ")} (default: text); repeat it
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

${EXIT_CODES}`,PATHS=`Usage: iac-lint paths [options] <paths...>

Print the request paths (entry, exposure, checks, target) of templates and Terraform modules.
The configuration's declared exposure and ignore globs apply, as for scan.

Options:
  -f, --format <fmt>        text (default) or json (docs/json-format.md); json=FILE writes it to a file
  -o, --output-file <file>  Write the paths to a file instead of standard output
${CONFIG_AND_VALUES}
  -h, --help                Show this help
`,FRONT_DOORS=`Usage: iac-lint front-doors [options] [paths...]

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
`,DIFF=`Usage: iac-lint diff [options] <old> <new>

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
`,RULES=`Usage: iac-lint rules [options]

List the rules, built-in ones included: id, default level, category and title.

Options:
  -f, --format <fmt>        text (default) or json: id, level, category, title, description,
                            frameworks, docs page and references (docs/json-format.md)
  -h, --help                Show this help
`,INIT=`Usage: iac-lint init

Write a commented starter .iac-lint.yaml in the current folder; an existing configuration file is
never overwritten.

Options:
  -h, --help                Show this help
`,LSP=`Usage: iac-lint lsp --stdio

Run the language server: findings as diagnostics while you edit CloudFormation, SAM and Terraform,
with the rule on hover and a quick fix that writes a suppression. The editor starts it and talks
to it over standard input and output; docs/editors.md shows VS Code, Neovim and Helix. The
nearest .iac-lint.yaml of the workspace applies. The iac-lint-lsp command is the same server.

Options:
      --stdio               Talk over standard input and output (required)
  -h, --help                Show this help
`,HELP=`Usage: iac-lint help [command]

Show the overview, or the options of one command: ${COMMANDS.filter(command=>command!=="help").join(", ")}.
`,EXPLAIN=`Usage: iac-lint explain <rule>

Show the documentation page of one rule (docs/rules/<rule>.md) as Markdown: what it finds, why it
matters, a failing example in each framework with what iac-lint prints for it, the fix, how to
suppress it and references. SARIF output carries the same page as each rule's help.
`,TEXTS={scan:SCAN,diff:DIFF,paths:PATHS,rules:RULES,explain:EXPLAIN,"front-doors":FRONT_DOORS,init:INIT,lsp:LSP,help:HELP};function helpText(command){return command===void 0?OVERVIEW:TEXTS[command]}import{existsSync,readFileSync}from"node:fs";import path2 from"node:path";import{fileURLToPath}from"node:url";var GENERATED_MARK=/^<!--[^\n]*-->\n/;function packageRoot(){let folder=path2.dirname(fileURLToPath(import.meta.url));for(;;){if(existsSync(path2.join(folder,"package.json"))&&existsSync(path2.join(folder,"docs","rules")))return folder;let parent=path2.dirname(folder);if(parent===folder)return;folder=parent}}var root=null;function rulePage(id){if(!/^[a-z0-9-]+$/.test(id)||(root===null&&(root=packageRoot()),root===void 0))return;let file=path2.join(root,"docs","rules",`${id}.md`);if(existsSync(file))return readFileSync(file,"utf8").replace(GENERATED_MARK,"")}function rulePages(ids){let pages=new Map;for(let id of ids){let page=rulePage(id);page!==void 0&&pages.set(id,page)}return pages}var STARTER_CONFIG=`# iac-lint configuration. Keys are checked against schema/iac-lint.schema.json.
# This file applies to this folder and the folders below it, up to the repository root.

# Base rule set: recommended (every rule at its default level, except rules marked as not
# recommended) or all (those too).
extends: recommended

# Change a rule's level (off, note, warning, error), or give it the options its docs page lists.
# rules:
#   apigw-stage-no-throttling: error
#   apigw-high-traffic-cost: { level: warning, options: { minMonthlySavingUsd: 500 } }

# Files not to scan, as globs relative to this file.
# ignore:
#   - "cdk.out/**"
#   - "test/fixtures/**"

# Exit 1 when a finding is at or above this level: error, warning, note or none.
# failOn: error

# Facts templates cannot state, keyed by logical id or Terraform address.
# resources:
#   CatalogApi:
#     traffic: { requestsPerSecond: 800, averagePayloadKB: 4 }
#     exposure: partner        # public, partner, internal or private
#   module.edge.aws_lb.this:
#     exposure: internal

# Price overrides for the cost rules, in USD (defaults: us-east-1 list prices).
# pricing:
#   region: eu-west-1
#   alb: { hourly: 0.0252, lcuHourly: 0.008 }
`;var SARIF_UPLOAD_MAX_BYTES=10*1024*1024,FAIL_LEVELS=["error","warning","note","none"];async function main(argv){try{await run(argv)}catch(error){if(error instanceof UsageError||error instanceof ConfigError||error instanceof BaselineError||isParseArgsError(error)){warn("iac-lint",error.message),process.exitCode=2;return}throw error}}function isParseArgsError(error){return error instanceof TypeError&&"code"in error&&String(error.code).startsWith("ERR_PARSE_ARGS")}var OPTIONS={format:{type:"string",short:"f",multiple:!0},"output-file":{type:"string",short:"o"},config:{type:"string",short:"c"},"fail-on":{type:"string"},"max-warnings":{type:"string"},quiet:{type:"boolean"},baseline:{type:"string"},"write-baseline":{type:"string"},stdin:{type:"boolean"},"stdin-filename":{type:"string"},var:{type:"string",multiple:!0},"var-file":{type:"string",multiple:!0},parameter:{type:"string",multiple:!0},"parameter-file":{type:"string",multiple:!0},"no-color":{type:"boolean"},"no-ignore":{type:"boolean"},rule:{type:"string",multiple:!0},"disable-rule":{type:"string",multiple:!0},"sarif-category":{type:"string"},"sarif-include-suppressed":{type:"boolean"},concurrency:{type:"string"},"changed-since":{type:"string"},stdio:{type:"boolean"},help:{type:"boolean",short:"h"},version:{type:"boolean",short:"v"}};async function run(argv){let help=helpRequested(argv);if(help!==void 0)return print(helpText(help==="overview"?void 0:help));let{values,positionals}=parseArgs({args:argv,allowPositionals:!0,strict:!0,options:OPTIONS});if(values.version)return print(`${version()}
`);let[command="scan",...rest]=positionals;switch(command){case"scan":return scanCommand(rest,values);case"paths":return pathsCommand(rest,values);case"front-doors":return frontDoorsCommand(rest,values);case"diff":return diffCommand(rest,values,{version:version(),values:{...terraformOptions(values),...parameterOptions(values)},checkFailOn,warn:text=>warn("note",text)});case"rules":return rulesCommand(values);case"init":return initCommand();case"explain":return explainCommand(rest);case"lsp":return lspCommand(rest,values);case"help":return print(helpText(helpTopic(rest[0])));default:throw new UsageError(`unknown command "${command}" (expected ${COMMANDS.join(", ")}; see --help)`)}}function helpRequested(argv){let end=argv.indexOf("--"),options=end<0?argv:argv.slice(0,end);if(!options.some(arg=>arg==="--help"||arg==="-h"))return;let{positionals}=parseArgs({args:options,allowPositionals:!0,strict:!1,options:OPTIONS}),first=positionals[0];return first!==void 0&&isCommand(first)?first:"overview"}function helpTopic(name){if(name!==void 0){if(!isCommand(name))throw new UsageError(`no help for "${name}": the commands are ${COMMANDS.join(", ")}`);return name}}function terraformOptions(flags){let terraformVars=Object.create(null);for(let assignment of flags.var??[]){let equals=assignment.indexOf("=");if(equals<=0)throw new UsageError(`--var needs NAME=VALUE, not "${assignment}"`);terraformVars[assignment.slice(0,equals)]=assignment.slice(equals+1)}return{terraformVars,terraformVarFiles:flags["var-file"]??[]}}function parameterOptions(flags){let cloudformationParameters=Object.create(null);for(let assignment of flags.parameter??[])try{let[key,value]=parameterAssignment(assignment);cloudformationParameters[key]=value}catch(error){throw new UsageError(error.message)}return{cloudformationParameters,parameterFiles:flags["parameter-file"]??[]}}var SINGLE_FORMATS=["text","json"];async function pathsCommand(paths,flags){if(paths.length===0)throw new UsageError("paths needs at least one file or folder");let output=singleOutputOf(flags,"paths",SINGLE_FORMATS);output.file!==void 0&&await checkOutputFile(output.file);let cwd=process.cwd(),ruleIds=[...BUILTIN_RULES,...rules.map(rule=>rule.meta)].map(meta=>meta.id),config=await loadConfig(cwd,flags.config,ruleIds),parameters=parameterValues(parameterOptions(flags),cwd),{models,notices}=await loadModels(paths,cwd,{...terraformOptions(flags),limits:config.limits,maxBytes:maxBytesOf(config),parameters,ignore:config,noIgnore:flags["no-ignore"]===!0});for(let notice of notices)warn("note",notice);for(let model of models)applyDeclarations(model,config.resources);let rendered=output.format==="json"?escapeJsonText(renderPathsJson(models,{cwd,toolVersion:version()})):renderPaths(models,cwd);output.file===void 0?print(rendered):await writeOutputFile(output.file,rendered)}var FRONT_DOOR_FORMATS=["text","json","markdown"];async function frontDoorsCommand(paths,flags){let output=singleOutputOf(flags,"front-doors",FRONT_DOOR_FORMATS);output.file!==void 0&&await checkOutputFile(output.file);let cwd=process.cwd(),metas=[...BUILTIN_RULES,...rules.map(rule=>rule.meta)],config=await loadConfig(cwd,flags.config,metas.map(meta=>meta.id)),{frontDoors:advice,scan:scanned}=await frontDoors(paths.length?paths:["."],{rules,cwd,config,noIgnore:flags["no-ignore"]===!0,...terraformOptions(flags),...parameterOptions(flags)});for(let notice of scanned.notices)warn("note",notice);let inputCategory=new Set(BUILTIN_RULES.filter(meta=>meta.category==="input"&&!meta.id.startsWith("suppression-")).map(meta=>meta.id)),inputProblems=scanned.findings.filter(finding=>inputCategory.has(finding.ruleId)&&!finding.suppressed);for(let problem of inputProblems){let{file,range}=problem.location;warn("note",`${repositoryRelative(file,cwd)}:${range.line}:${range.column} ${problem.ruleId}: ${problem.message}`)}let rendered=output.format==="json"?escapeJsonText(renderFrontDoorsJson(advice,{cwd,toolVersion:version(),inputProblems})):output.format==="markdown"?renderFrontDoorsMarkdown(advice,{cwd}):renderFrontDoors(advice,cwd);output.file===void 0?print(rendered):await writeOutputFile(output.file,rendered);let summaryFile=process.env.GITHUB_STEP_SUMMARY;if(summaryFile){let written=(await stat2(summaryFile).catch(()=>{}))?.size??0,markdown=renderFrontDoorsMarkdown(advice,{cwd,maxBytes:SUMMARY_MAX_BYTES-written});Buffer.byteLength(markdown)<=SUMMARY_MAX_BYTES-written&&await appendFile(summaryFile,markdown)}process.exitCode=inputProblems.some(problem=>problem.level==="error")?1:0}function singleOutputOf(flags,command,formats){let specs=flags.format??[];if(specs.length>1)throw new UsageError(`${command} writes one format; give -f once`);let spec=specs[0]??"text",equals=spec.indexOf("="),name=equals<0?spec:spec.slice(0,equals),file=equals<0?flags["output-file"]:spec.slice(equals+1),format=formats.find(known=>known===name);if(format===void 0)throw new UsageError(`unknown format "${name}" for ${command} (expected ${formats.join(", ")})`);if(file==="")throw new UsageError(`-f ${name}= needs a file name after "="`);return{format,file}}function outputsOf(flags){let outputs=(flags.format?.length?flags.format:["text"]).map(spec=>{let equals=spec.indexOf("="),name=equals<0?spec:spec.slice(0,equals),file=equals<0?flags["output-file"]:spec.slice(equals+1);if(!isFormat(name))throw new UsageError(`unknown format "${name}" (expected ${FORMATS.join(", ")})`);if(file==="")throw new UsageError(`-f ${name}= needs a file name after "="`);return{format:name,file}});if(outputs.filter(output=>output.file===void 0).length>1)throw new UsageError("only one format can go to standard output; give the others a file with -f FORMAT=FILE");return outputs}async function checkOutputFiles(files){let seen=new Set;for(let file of files){let absolute=path3.resolve(file);if(seen.has(absolute))throw new UsageError(`two outputs would write "${file}"; give each format its own file`);seen.add(absolute),await checkOutputFile(file)}}async function scanCommand(paths,flags){let outputs=outputsOf(flags);await checkOutputFiles(flags["write-baseline"]?[flags["write-baseline"]]:outputs.flatMap(output=>output.file??[]));let maxWarnings=flags["max-warnings"]===void 0?void 0:checkCount(flags["max-warnings"]),cwd=process.cwd(),ruleMetas=rules.map(rule=>rule.meta),selection=parseRuleSelection(flags.rule??[],flags["disable-rule"]??[],[...BUILTIN_RULES,...ruleMetas]),sarif=sarifOptionsOf(flags),loaded=await loadConfig(cwd,flags.config,[...BUILTIN_RULES,...ruleMetas].map(meta=>meta.id)),config=applyRuleSelection(loaded,selection,ruleMetas,BUILTIN_RULES),failOn=checkFailOn(flags["fail-on"]??config.failOn??"error"),options={rules,cwd,config,concurrency:checkConcurrency(flags.concurrency??"auto"),noIgnore:flags["no-ignore"]===!0,...terraformOptions(flags),...parameterOptions(flags)},baseline=flags.baseline===void 0||flags["write-baseline"]?void 0:await readBaseline(flags.baseline),scanned;if(flags.stdin){if(paths.length>0)throw new UsageError("--stdin reads one template from standard input; do not name paths as well");if(flags["changed-since"]!==void 0)throw new UsageError("--changed-since compares files in a git repository; it cannot be used with --stdin");let name=flags["stdin-filename"]??"stdin.yaml";await loadFrontends([name]),scanned=scanText(await readStdin(maxBytesOf(config)),name,options)}else flags["changed-since"]!==void 0?scanned=await changedSince(flags["changed-since"],paths,options,scan):scanned=await scan(paths,options);if(flags["write-baseline"]){await writeOutputFile(flags["write-baseline"],`${JSON.stringify(createBaseline(scanned.findings,cwd),null,2)}
`),warn("iac-lint",`wrote ${scanned.findings.filter(finding=>!finding.suppressed).length} findings to ${flags["write-baseline"]}`),process.exitCode=0;return}let result=applyFilters(scanned,{cwd,quiet:flags.quiet===!0,...baseline?{baseline}:{}});for(let notice of result.notices)warn("note",notice);if(outputs.some(output=>output.format==="sarif")){let selection2=sarifSelection(result,sarif.includeSuppressed);for(let notice of sarifNotices(selection2))warn("note",notice);flags.stdin||(sarif.lineHashes=readLineHashes(selection2.results,cwd)),sarif.helpPages=rulePages(result.rules.map(rule=>rule.id))}for(let output of outputs){let color=output.file===void 0&&output.format==="text"&&useColor(flags["no-color"]===!0),rendered=renderReport(output.format,result,{cwd,color,toolVersion:version(),sarif,...githubReportOptions(process.env)}),report=output.format==="json"||output.format==="sarif"?escapeJsonText(rendered):rendered;output.format==="sarif"&&report.length>SARIF_UPLOAD_MAX_BYTES&&(await import("node:zlib")).gzipSync(report).length>SARIF_UPLOAD_MAX_BYTES&&warn("note","SARIF: the file is larger than GitHub code scanning accepts (10 MB compressed); scan fewer files per upload or use --quiet"),output.file===void 0?print(report):await writeOutputFile(output.file,report)}let summaryFile=process.env.GITHUB_STEP_SUMMARY;if(summaryFile){let written=(await stat2(summaryFile).catch(()=>{}))?.size??0,markdown=renderReport("markdown",result,{cwd,color:!1,toolVersion:version(),...githubReportOptions(process.env)});await appendFile(summaryFile,fitSummary(markdown,SUMMARY_MAX_BYTES-written))}let counted=result.findings.filter(finding=>!finding.suppressed),failing=failOn!=="none"&&counted.some(finding=>LEVEL_RANK[finding.level]>=LEVEL_RANK[failOn]),tooManyWarnings=maxWarnings!==void 0&&counted.filter(finding=>finding.level==="warning").length>maxWarnings;tooManyWarnings&&warn("iac-lint",`too many warnings (more than ${maxWarnings})`),process.exitCode=failing||tooManyWarnings?1:0}function sarifOptionsOf(flags){let category=flags["sarif-category"];if(category!==void 0&&!/^[\x21-\x7e]+$/.test(category))throw new UsageError(`--sarif-category needs a name of printable characters without spaces, not "${category}"`);return{...category===void 0?{}:{category},includeSuppressed:flags["sarif-include-suppressed"]===!0}}function readLineHashes(findings,cwd){let lines=new Map;for(let finding of findings){let list=lines.get(finding.location.file)??[];list.push(Math.max(1,finding.location.range.line)),lines.set(finding.location.file,list)}let hashes=new Map;for(let[file,wanted]of lines){let text;try{text=readFileSync2(path3.resolve(cwd,file),"utf8")}catch{continue}hashes.set(file,lineHashes(text,Math.max(...wanted)))}return hashes}async function readBaseline(file){let text=await readFile(file,"utf8").catch(()=>{throw new UsageError(`cannot read baseline ${file}`)}),baseline=parseBaseline(text,file);return baseline.version===1&&warn("note",`${file} is a version 1 baseline: it still works, but a finding whose figures change (a price, a count) looks new to it; --write-baseline ${file} writes version 2 from today's findings`),baseline}async function readStdin(maxBytes){let chunks=[],total=0;for await(let chunk of process.stdin)if(chunks.push(chunk),total+=chunk.length,total>maxBytes)break;return Buffer.concat(chunks)}function checkConcurrency(value){if(value==="auto"||value==="off")return value;if(!/^[1-9]\d*$/.test(value))throw new UsageError(`--concurrency must be auto, off or a positive whole number, not "${value}"`);return Number(value)}function checkCount(value){if(!/^\d+$/.test(value))throw new UsageError(`--max-warnings needs a whole number, not "${value}"`);return Number(value)}function checkFailOn(value){if(!FAIL_LEVELS.includes(value))throw new UsageError(`--fail-on must be one of ${FAIL_LEVELS.join(", ")}, not "${value}"`);return value}function useColor(disabled){if(disabled||(process.env.NO_COLOR??"")!=="")return!1;let forced=process.env.FORCE_COLOR;return forced!==void 0&&forced!==""?forced!=="0"&&forced!=="false":isatty(1)}async function initCommand(){let present=file=>lstatSync(file,{throwIfNoEntry:!1})!==void 0,existing=CONFIG_FILE_NAMES.map(name=>path3.join(process.cwd(),name)).find(present);if(existing)throw new UsageError(`${path3.basename(existing)} already exists; not overwriting it`);await writeFile2(path3.join(process.cwd(),".iac-lint.yaml"),STARTER_CONFIG,{flag:"wx"}).catch(error=>{throw new UsageError(`cannot write .iac-lint.yaml (${error.code??"unwritable"})`)}),print(`Wrote .iac-lint.yaml
`)}function explainCommand(ids){if(ids.length!==1)throw new UsageError("explain takes one rule id (`iac-lint rules` lists them)");let id=ids[0],known=[...BUILTIN_RULES,...rules.map(rule=>rule.meta)].map(meta=>meta.id);if(!known.includes(id)){let close=closeIds(id,known);throw new UsageError(`${id}: no such rule${close.length>0?`; did you mean ${close.join(", ")}?`:""} (\`iac-lint rules\` lists them)`)}let page=rulePage(id);if(page===void 0)throw new UsageError(`the docs page of ${id} is missing from this installation (docs/rules/${id}.md)`);print(guardTerminalText(page.split(`
`).map(escapeTerminal).join(`
`)))}async function lspCommand(rest,flags){if(rest.length>0)throw new UsageError("lsp takes no paths: the editor opens the files");if(!flags.stdio)throw new UsageError("lsp talks to the editor over standard input and output: run `iac-lint lsp --stdio`");let{startLanguageServer}=await import("./lsp.js");startLanguageServer()}async function rulesCommand(flags){let output=singleOutputOf(flags,"rules",SINGLE_FORMATS);output.file!==void 0&&await checkOutputFile(output.file);let metas=[...BUILTIN_RULES,...rules.map(rule=>rule.meta)],rendered=output.format==="json"?escapeJsonText(renderRulesJson(metas,version())):listRules(metas);output.file===void 0?print(rendered):await writeOutputFile(output.file,rendered)}function listRules(all){let metas=[...all].sort((a,b)=>a.id<b.id?-1:1),width=Math.max(...metas.map(meta=>meta.id.length));return metas.map(meta=>`${meta.id.padEnd(width)}  ${meta.defaultLevel.padEnd(7)}  ${meta.category.padEnd(11)}  ${meta.title}`).join(`
`)+`
`}var stdoutStream=!1,stdoutClosed=!1;function print(text){if(!stdoutClosed){if(!stdoutStream){let bytes=Buffer.from(text,"utf8"),written=0;try{for(;written<bytes.length;)written+=writeSync(1,bytes,written);return}catch(error){let code=error.code;if(code==="EPIPE"){stdoutClosed=!0;return}if(code!=="EAGAIN")throw error;stdoutStream=!0,process.stdout.write(bytes.subarray(written));return}}process.stdout.write(text)}}function warn(prefix,text){process.stderr.write(`${prefix}: ${escapeTerminal(text)}
`)}var cachedVersion;function version(){return cachedVersion??=JSON.parse(readFileSync2(packageFile(),"utf8")).version,cachedVersion}function packageFile(){let directory=path3.dirname(fileURLToPath2(import.meta.url));for(;;){let candidate=path3.join(directory,"package.json");if(existsSync2(candidate))return candidate;let parent=path3.dirname(directory);if(parent===directory)throw new Error("package.json is missing from the iac-lint package");directory=parent}}export{main};
