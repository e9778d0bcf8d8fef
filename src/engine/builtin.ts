import { SUPPRESSION_RULES } from './suppressions.js'
import type { RuleMeta } from './types.js'

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

/** Rules the engine reports itself, about the input and about suppressions. */
export const BUILTIN_RULES: RuleMeta[] = [FILE_TOO_LARGE, PARSE_ERROR, ...SUPPRESSION_RULES]
