/**
 * The per-service adapter tables of a frontend (resource type to the function that builds its
 * model elements), merged into one: a type claimed by two adapters is a bug, found at load.
 */
export function mergeTables<H>(framework: string, tables: ReadonlyArray<Readonly<Record<string, H | undefined>>>): Map<string, H> {
  const merged = new Map<string, H>()
  for (const table of tables) {
    for (const [type, handler] of Object.entries(table)) {
      if (handler === undefined) continue
      if (merged.has(type)) throw new Error(`two ${framework} adapters handle ${type}`)
      merged.set(type, handler)
    }
  }
  return merged
}
