/**
 * Whether this code runs from the bundle (`bundle/`, made by scripts/bundle.ts, which defines
 * `IAC_LINT_BUNDLED`) or from the compiler's output (`dist/`, tests and development). The two lay
 * out their files differently: the bundle has the YAML library and the rules for worker threads
 * beside it, the compiler's output finds them in `node_modules` and `rules/`.
 */
declare const IAC_LINT_BUNDLED: boolean | undefined

export const BUNDLED: boolean = typeof IAC_LINT_BUNDLED !== 'undefined' && IAC_LINT_BUNDLED === true
