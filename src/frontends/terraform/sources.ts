/**
 * What a scan asks of Terraform before it knows whether any Terraform is in it: which files are
 * Terraform sources, whether JSON text may be `terraform show -json` output, and where the blocks
 * of root modules are, for plans. Kept apart from the rest of the frontend, which a scan loads
 * only when it meets Terraform (see src/frontends/index.ts).
 */
import path from 'node:path'
import type { TfLocation, TfResource } from './ir.js'

export function isTerraformSource(file: string): boolean {
  const name = path.basename(file).toLowerCase()
  return name.endsWith('.tf') || name.endsWith('.tf.json')
}

/** JSON text that may be `terraform show -json` output: every plan and state names its format version. */
export function mayBeTerraformJsonOutput(text: string): boolean {
  return text.includes('"format_version"')
}

/** `module.a["x"].aws_lb.this[0]` → `module.a.aws_lb.this`: a plan and the configuration may disagree on keys that were unknown. */
function withoutKeys(address: string): string {
  return address.replace(/\[(?:\d+|"(?:[^"\\]|\\.)*")\]/g, '')
}

export class TerraformSources {
  private readonly roots = new Map<string, { exact: Map<string, TfLocation>; unkeyed: Map<string, TfLocation> }>()

  get isEmpty(): boolean {
    return this.roots.size === 0
  }

  add(rootDir: string, resources: readonly TfResource[]): void {
    const exact = new Map<string, TfLocation>()
    const unkeyed = new Map<string, TfLocation>()
    for (const resource of resources) {
      if (!exact.has(resource.address)) exact.set(resource.address, resource.location)
      const base = withoutKeys(resource.address)
      if (!unkeyed.has(base)) unkeyed.set(base, resource.location)
    }
    this.roots.set(rootDir, { exact, unkeyed })
  }

  /**
   * The configuration a plan was made from: the root module in the plan's folder, or in the
   * nearest folder above it (plans are often written to a subfolder).
   */
  forPlan(planFile: string): ((address: string) => TfLocation | undefined) | undefined {
    let dir = path.dirname(planFile)
    for (;;) {
      const root = this.roots.get(dir)
      if (root) return (address) => root.exact.get(address) ?? root.unkeyed.get(withoutKeys(address))
      const parent = path.dirname(dir)
      if (parent === dir) return undefined
      dir = parent
    }
  }
}
