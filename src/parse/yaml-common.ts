/** What both YAML paths share: the `yaml`-based reference (yaml.ts) and the fast path (yaml-fast.ts). */

/** Deepest nesting of collections accepted (a short-form tag adds no level). */
export const MAX_YAML_DEPTH = 1000

/** Short-form tags and the key of their long form. */
export const INTRINSIC_TAGS: ReadonlyMap<string, string> = new Map(
  [
    'Ref',
    'Condition',
    'GetAtt',
    'Sub',
    'Join',
    'Select',
    'Split',
    'If',
    'Equals',
    'And',
    'Or',
    'Not',
    'FindInMap',
    'Base64',
    'Cidr',
    'ImportValue',
    'GetAZs',
    'Transform',
    'ToJsonString',
    'Length',
    'ForEach',
  ].map((name) => [`!${name}`, name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`]),
)

/**
 * A cheap upper estimate of nesting that the `yaml` library would recurse into: flow brackets
 * outside quotes and comments, and compact block indicators on one line (`- - - x`). Returns the
 * offset where the estimate passes the limit, or -1.
 */
export function prescanDepth(text: string): number {
  const n = text.length
  let depth = 0
  let prev = 10 // as if after a newline
  let lineStart = true
  let compact = 0
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (lineStart) {
      // Runs of `- `, `? ` and `: ` at the start of a line open one block collection each.
      if (c === 32 || c === 9) {
        prev = c
        continue
      }
      if ((c === 45 || c === 63 || c === 58) && i + 1 < n) {
        const next = text.charCodeAt(i + 1)
        if (next === 32 || next === 9) {
          if (++compact > MAX_YAML_DEPTH) return i
          prev = next
          i++
          continue
        }
      }
      lineStart = false
    }
    switch (c) {
      case 10:
        lineStart = true
        compact = 0
        break
      case 35: // '#'
        if (prev === 32 || prev === 9 || prev === 10 || prev === 13) {
          const nl = text.indexOf('\n', i)
          if (nl < 0) return -1
          i = nl - 1
        }
        break
      case 34: // '"'
      case 39: // "'"
        if (isTokenStart(prev)) {
          let j = i + 1
          for (; j < n; j++) {
            const d = text.charCodeAt(j)
            if (c === 34 && d === 92) j++
            else if (d === c) {
              if (c === 39 && text.charCodeAt(j + 1) === 39) j++
              else break
            }
          }
          i = j
        }
        break
      case 91: // '['
      case 123: // '{'
        if (++depth > MAX_YAML_DEPTH) return i
        break
      case 93: // ']'
      case 125: // '}'
        if (depth > 0) depth--
        break
    }
    prev = c
  }
  return -1
}

function isTokenStart(prev: number): boolean {
  // space, tab, newline, CR, '[', '{', ',', ':', '-', '?'
  return (
    prev === 32 || prev === 9 || prev === 10 || prev === 13 || prev === 91 || prev === 123 || prev === 44 || prev === 58
  )
}
