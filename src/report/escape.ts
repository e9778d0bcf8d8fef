/**
 * One escaping function per channel that text leaves the process by. Template text (messages,
 * file names, resource names, module sources) and user input (options, Action inputs) reach
 * these channels; each function makes a value inert for its channel and nothing more.
 *
 * - terminal: the text report, `iac-lint paths` and every line on standard error. A GitHub
 *   runner reads both standard output and standard error for workflow commands: a line that
 *   starts with `::` after leading white space (the runner trims it), and `##[name]` anywhere in
 *   a line (the older syntax, still parsed).
 * - github: workflow-command data and properties (`-f github`, the Action's error annotations).
 * - markdown and mermaid: the job summary and its diagram.
 * - json: the json and sarif formats, whose text the CLI may print to standard output too.
 */

/**
 * Characters that change what a terminal or a reader sees without being seen: C0 controls (TAB,
 * LF, CR and ESC among them), DEL and C1 controls; line and paragraph separators; bidirectional
 * marks, embeddings, overrides and isolates, which reorder the text around them.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
// eslint-disable-next-line no-control-regex -- the same, less TAB, LF and CR
const INVISIBLE_IN_DATA = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
const BIDI = /[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** `\n`, `\x1b`, `\u202e`: the character written as a JavaScript escape, so it can be seen. */
function visible(char: string): string {
  const named = NAMED[char]
  if (named !== undefined) return named
  const code = char.charCodeAt(0)
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/** `##[` starts a workflow command anywhere in a line; `##\x5b` does not, and reads the same. */
function breakOldCommands(text: string): string {
  return text.replace(/##\[/g, '##\\x5b')
}

/**
 * A value inside one line of terminal text: every invisible character shown as an escape, so a
 * value can neither end the line, move the cursor, recolour the terminal nor reorder what is
 * around it, and no `##[` command is left in it.
 */
export function escapeTerminal(text: string): string {
  return breakOldCommands(text.replace(INVISIBLE, visible))
}

/**
 * Whole terminal text that is ours to lay out (a report with its line breaks and, in colour, its
 * ANSI codes), guarded line by line: a line that would start with `::` after white space starts
 * with `\x3a:` instead, and `##[` is broken wherever values and layout put it together.
 * Values in it must already have gone through `escapeTerminal`.
 */
export function guardTerminalText(text: string): string {
  return text
    .split('\n')
    .map((line) => breakOldCommands(/^\s*::/.test(line) ? line.replace(':', '\\x3a') : line))
    .join('\n')
}

/** One line of plain terminal text (no ANSI codes of ours): escaped and guarded. */
export function terminalLine(text: string): string {
  return guardTerminalText(escapeTerminal(text))
}

/** What JSON.stringify leaves raw that a terminal or a runner acts on: DEL, C1, bidi controls, separators. */
const INVISIBLE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/**
 * JSON text as JSON.stringify wrote it, with those characters and the `[` of `##[` written as
 * `\u` escapes. Outside its strings JSON has only ASCII punctuation, letters, digits and white
 * space, so every replacement is inside a string and the parsed value is the same.
 */
export function escapeJsonText(text: string): string {
  return text
    .replace(INVISIBLE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/##\[/g, '##\\u005b')
}

/**
 * Workflow-command data, for the runner's own unescaping (`@actions/core` rules): `%`, CR and LF
 * encoded, so nothing in a message can begin a line of its own. Other invisible characters are
 * shown as escapes, as in the terminal: the annotation is text a person reads.
 */
export function escapeData(text: string): string {
  return text
    .replace(INVISIBLE_IN_DATA, visible)
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
}

/** Property values end at `,` and the property list at `::`, so those are encoded as well. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/**
 * Template text inside a Markdown table cell, as plain text: no line breaks, no table cell end,
 * no HTML, links, emphasis, code or math (GitHub reads `$...$` as LaTeX, and cost messages are
 * full of dollars), no `@mention` that would notify someone when the summary is posted as a
 * pull-request comment, and bidirectional controls shown as escapes rather than reordering the
 * cell.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(BIDI, visible)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~$]/g, '\\$&')
    .replace(/@/g, '@\u200b')
}

/**
 * Text inside a quoted Mermaid label: quotes, brackets and the characters that start entities,
 * comments and directives become entity codes, so a label can neither end itself nor the
 * diagram; bidirectional controls are shown as escapes (whose backslash becomes `#92;`).
 */
export function escapeMermaid(text: string): string {
  return text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(BIDI, visible)
    .replace(/["#<>&;%`[\](){}|\\]/g, (char) => (char === '"' ? '#quot;' : `#${char.charCodeAt(0)};`))
}
