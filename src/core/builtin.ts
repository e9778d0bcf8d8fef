/**
 * The rules iac-lint reports itself, about its input and about suppressions, and the findings
 * for them: every layer that reads input may emit these.
 */
import type { Finding, RuleMeta } from './types.js'

/** Rules the engine itself reports; they have no `check` over the model. */
export const PARSE_ERROR: RuleMeta = {
  id: 'parse-error',
  title: 'File cannot be parsed',
  category: 'input',
  defaultLevel: 'error',
  whatItDoes: 'Reports a template that cannot be read: malformed YAML or JSON, duplicate keys, nesting or alias expansion beyond the limits, or text that is not UTF-8 or UTF-16.',
  whyBad: 'A file that cannot be parsed cannot be checked, and CloudFormation would reject it too.',
  fix: 'Correct the syntax at the reported line and column.',
  references: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html'],
  frameworks: ['cloudformation', 'terraform'],
}

export const FILE_TOO_LARGE: RuleMeta = {
  id: 'file-too-large',
  title: 'Template larger than the size limit',
  category: 'input',
  defaultLevel: 'error',
  whatItDoes: 'Reports a template (or a file that looks like one) larger than the size limit, 10 MB unless configured; it is not analysed.',
  whyBad: 'Reading arbitrarily large files would let one generated or hostile file stall every scan; CloudFormation itself accepts at most 1 MB through S3.',
  fix: 'Split the template, exclude the file with ignore in .iac-lint.yaml, or raise maxFileSizeMB there.',
  references: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html'],
  frameworks: ['cloudformation', 'terraform'],
}

export const INTERNAL_ERROR: RuleMeta = {
  id: 'internal-error',
  title: 'iac-lint failed while analysing a file',
  category: 'input',
  defaultLevel: 'error',
  whatItDoes: 'Reports a file or Terraform module whose analysis stopped with an unexpected error; the other files are still scanned and reported.',
  whyBad: 'The file was not checked, so problems in it go unseen. It is a bug in iac-lint, not in the file.',
  fix: 'Report it to the iac-lint maintainers with the message and, if you can, the file; meanwhile ignore the file in .iac-lint.yaml or suppress the finding.',
  references: [],
  frameworks: ['cloudformation', 'terraform'],
}

export const EVALUATION_LIMIT: RuleMeta = {
  id: 'evaluation-limit',
  title: 'Evaluation stopped at a work budget',
  category: 'input',
  defaultLevel: 'warning',
  whatItDoes: 'Reports a template or Terraform module whose evaluation crossed a budget: total steps, the size of a computed string or list, resource instances, nesting depth, or a cycle of values that refer to each other. Values past the budget are treated as unknown.',
  whyBad: 'Rules do not report on unknown values, so the parts of the file past the budget are only partly checked. Real templates stay far below the budgets; hitting one usually means a reference cycle or a value that doubles at each step.',
  fix: 'Break the cycle or the doubling at the reported place, or raise the budget under limits in .iac-lint.yaml (within its bounds).',
  references: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html'],
  frameworks: ['cloudformation', 'terraform'],
}

export const OPENAPI_NOT_READ: RuleMeta = {
  id: 'openapi-not-read',
  title: 'OpenAPI definition not read',
  category: 'input',
  defaultLevel: 'note',
  whatItDoes:
    'Reports an API whose OpenAPI definition iac-lint cannot read: one in S3 (BodyS3Location, a DefinitionUri that is an S3 URI or a Bucket and Key, AWS::Include from S3), a local file outside the folders being scanned, or one that does not exist. The routes of that API are unknown.',
  whyBad: 'Rules check only the routes they can see: open routes, timeouts and throttling of this API are not checked.',
  fix: 'Keep the definition in the repository and name it by a local path (DefinitionUri: ./openapi.yaml, or DefinitionBody with AWS::Include of a local file), inside the folders you scan; or suppress the finding.',
  references: [
    'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-api.html',
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/create-reusable-transform-function-snippets-and-add-to-your-template-with-aws-include-transform.html',
  ],
  frameworks: ['cloudformation', 'terraform'],
}

export const DECLARATION_INVALID: RuleMeta = {
  id: 'declaration-invalid',
  title: 'Declaration iac-lint does not accept',
  category: 'input',
  defaultLevel: 'warning',
  whatItDoes:
    "Reports a value in a front door's iac-lint declaration (CloudFormation `Metadata.iac-lint`, Terraform `iac-lint:*` tags) that is not one iac-lint accepts: an exposure other than public, partner, internal or private, a need it does not know, a size that is not a positive number of kilobytes. The value is left out of the model.",
  whyBad: 'Rules that depend on the declaration act as if it were absent: they stay quiet or report at a lower level, so a typo silently turns checks off.',
  fix: 'Correct the value; `iac-lint explain` on a rule that reads declarations lists the accepted ones.',
  references: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-metadata.html'],
  frameworks: ['cloudformation', 'terraform'],
}

/** The finding for a declared value iac-lint does not accept; `message` says which and what it accepts. */
export function declarationInvalidFinding(location: Finding['location'], message: string): Finding {
  return { ruleId: DECLARATION_INVALID.id, level: DECLARATION_INVALID.defaultLevel, message: `${message}. The value is ignored.`, location }
}

/** The note that the definition of the API at `location` was not read, and why. */
export function openApiNotReadFinding(location: Finding['location'], api: string, why: string): Finding {
  const advice = why.includes('does not exist')
    ? 'Check the path: the file has to be in the repository, inside the folders being scanned.'
    : 'Keep the definition in a local file inside the folders being scanned to have them checked.'
  return {
    ruleId: OPENAPI_NOT_READ.id,
    level: OPENAPI_NOT_READ.defaultLevel,
    message: `The OpenAPI definition of ${api} was not read: ${why}. Its routes are unknown, so rules did not check them. ${advice}`,
    location,
  }
}

/** Files larger than this are not read unless `maxFileSizeMB` says otherwise. */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024

/** The finding for a file over the size limit; `name` is how the file is shown to the user. */
export function fileTooLargeFinding(file: string, name: string, size: number, limit: number): Finding {
  const amount = (bytes: number): string =>
    bytes >= 1024 * 1024 ? `${Number((bytes / 1024 / 1024).toFixed(1))} MB` : `${Number((bytes / 1024).toFixed(1))} KB`
  return {
    ruleId: FILE_TOO_LARGE.id,
    level: FILE_TOO_LARGE.defaultLevel,
    message: `${name} is ${amount(size)}, over the ${amount(limit)} limit, so it was not analysed. Split it, ignore it, or raise maxFileSizeMB in .iac-lint.yaml.`,
    location: { file, range: { line: 1, column: 1, endLine: 1, endColumn: 2 } },
  }
}

export const SUPPRESSION_UNUSED: RuleMeta = {
  id: 'suppression-unused',
  title: 'Suppression that matches no finding',
  category: 'input',
  defaultLevel: 'note',
  whatItDoes: 'Reports an iac-lint-ignore comment or Metadata ignore entry that suppressed nothing in this scan.',
  whyBad: 'A stale suppression hides the next real finding of that rule at the same place, and misleads readers about what is wrong.',
  fix: 'Remove the suppression, or correct its rule id.',
  references: ['https://eslint.org/docs/latest/use/command-line-interface#--report-unused-disable-directives'],
  frameworks: ['cloudformation', 'terraform'],
}

export const SUPPRESSION_EXPIRED: RuleMeta = {
  id: 'suppression-expired',
  title: 'Suppression past its expiry date',
  category: 'input',
  defaultLevel: 'note',
  whatItDoes: 'Reports a suppression whose until= date has passed; it no longer suppresses anything.',
  whyBad: 'An expired suppression was a promise to fix something by a date; the findings it covered are reported again.',
  fix: 'Fix the findings, or renew the suppression with a new date and a reason.',
  references: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/metadata-section-structure.html'],
  frameworks: ['cloudformation', 'terraform'],
}

export const SUPPRESSION_WITHOUT_REASON: RuleMeta = {
  id: 'suppression-without-reason',
  title: 'Suppression without a reason',
  category: 'input',
  defaultLevel: 'note',
  whatItDoes: 'Reports a suppression that works but gives no reason (`-- reason` in a comment, `reason:` in Metadata).',
  whyBad: 'Without a reason nobody can tell later whether the suppression still holds.',
  fix: 'Add a reason after `--`, or a `reason` key in the Metadata entry.',
  references: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/metadata-section-structure.html'],
  frameworks: ['cloudformation', 'terraform'],
}

export const SUPPRESSION_INVALID: RuleMeta = {
  id: 'suppression-invalid',
  title: 'Suppression with an expiry that is not a date',
  category: 'input',
  defaultLevel: 'note',
  whatItDoes: 'Reports a suppression whose until= value is not a real calendar date written YYYY-MM-DD (2027-02-30, 27-03-31, tomorrow); the suppression is not applied.',
  whyBad: 'An expiry nobody can read would either never end or end at once; applying it would hide findings for an unknown time.',
  fix: 'Write the last day the suppression should work as YYYY-MM-DD, or drop until=.',
  references: ['https://en.wikipedia.org/wiki/ISO_8601#Calendar_dates'],
  frameworks: ['cloudformation', 'terraform'],
}

export const SUPPRESSION_RULES: RuleMeta[] = [SUPPRESSION_EXPIRED, SUPPRESSION_INVALID, SUPPRESSION_UNUSED, SUPPRESSION_WITHOUT_REASON]

/** Rules the engine reports itself, about the input and about suppressions. */
export const BUILTIN_RULES: RuleMeta[] = [DECLARATION_INVALID, EVALUATION_LIMIT, FILE_TOO_LARGE, INTERNAL_ERROR, OPENAPI_NOT_READ, PARSE_ERROR, ...SUPPRESSION_RULES]

/**
 * An unexpected error inside one file's analysis: that file's `internal-error` finding, so the
 * scan goes on with the others. The message keeps the error's first line only.
 */
export function internalErrorFinding(file: string, stage: string, error: unknown): Finding {
  const raw = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  const reason = raw.split('\n')[0]!.slice(0, 300)
  return {
    ruleId: INTERNAL_ERROR.id,
    level: INTERNAL_ERROR.defaultLevel,
    message: `iac-lint failed while ${stage} this file (${reason}), so it was not checked. This is a bug in iac-lint: please report it with this message and, if you can, the file.`,
    location: { file, range: { line: 1, column: 1, endLine: 1, endColumn: 2 } },
  }
}

export function parseErrorFinding(file: string, message: string, range: Finding['location']['range']): Finding {
  return { ruleId: PARSE_ERROR.id, level: PARSE_ERROR.defaultLevel, message, location: { file, range } }
}

/** The related location of a finding read from a Terraform plan that points at the resource's `.tf` block. */
export const RELATED_TERRAFORM_SOURCE = 'Terraform source'

/** The related location that a finding reported once for a plan and its sources gives the plan entry. */
export const RELATED_TERRAFORM_PLAN = 'Terraform plan'
