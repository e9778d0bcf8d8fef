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

export const BUILTIN_RULES: RuleMeta[] = [PARSE_ERROR]
