/**
 * A root module and the modules it calls, expanded into resource instances with evaluated
 * arguments: the HCL and `.tf.json` side of the hand-off to `from-terraform.ts`.
 *
 * Addresses are Terraform's: `aws_lb.this`, `aws_lb.this[0]`, `aws_lb.this["a"]`,
 * `module.edge["eu"].aws_lb_listener.this`. A `count` or `for_each` that cannot be evaluated
 * gives one instance whose address has no key (what it configures is still checked, and a
 * reference with an unknown index, which also has no key, finds it); `count = 0` and an empty
 * `for_each` give none. Everything is evaluated lazily and once, so the order of declarations
 * does not matter and a cycle becomes an error value instead of a hang.
 *
 * A resource or data block named as a whole is what Terraform makes of it: with `for_each` a map
 * from each key to the instance, with `count` a list of instances, else the one instance, each
 * made of the arguments it was written with while its other attributes (`arn`, `invoke_arn`) are
 * known only after apply and name that instance. So `for_each = aws_lambda_function.fns` makes
 * the same keys, a block is expanded when it is first read (after the blocks its `count` or
 * `for_each` reads), and one whose instances are not known stays unknown as before.
 *
 * One budget per root module bounds the work (`src/model/budget.ts`): evaluation steps, sizes of
 * computed values, depth, and resource and module instances. Each module instance reserves an
 * instance for each of its resource blocks when it is made, so the total stays within the limit
 * whatever order the instances are read in. Past a budget a value is unknown, a module call is
 * not followed, and a resource block is one instance without a key, like one whose `count` is
 * unknown; the hits are in `Expansion.limits`.
 */
import path from 'node:path'
import { isOverrideFile, type ModuleFolder } from './parse/folder.js'
import type { RootModule, TerraformProject } from './parse/project.js'
import { attributeOf, blocksOf, type Attribute, type Block, type Body, type Step } from './parse/syntax.js'
import type { Range } from '../../parse/types.js'
import { Budget, DEFAULT_LIMITS, type LimitHit, type Limits } from '../../model/budget.js'
import type { FileAccess } from './file-functions.js'
import { moduleFiles } from './module-files.js'
import { Evaluator, iterate, NO_REFERENCES, Scope, type Environment } from './evaluate.js'
import type { TfRef, TfResource, TfValue } from './ir.js'
import { Meter, PAST_A_LIMIT } from './meter.js'
import { convert, typeConstraint, type TypeConstraint } from './type-constraints.js'
import {
  errorValue,
  instanceObject,
  isResourceInstance,
  list,
  object,
  primitiveText,
  scalar,
  shapeOf,
  sortedEntries,
  toNumber,
  unknownFrom,
  unknownValue,
  type ObjectValue,
} from './values.js'

export interface Expansion {
  resources: TfResource[]
  /** Module instances expanded, the root included. */
  modules: number
  /** One-line notes: modules that could not be followed. */
  notices: string[]
  /** Budgets that ran out, and cycles, each once with the place it happened. */
  limits: LimitHit[]
  /** The budget the evaluation spent from (its hits are `limits`), for the reading that follows. */
  budget: Budget
}

/** Arguments of a module block that configure the call, not the module's variables. */
const CALL_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on'])
/** Arguments of a resource block that Terraform itself reads. */
const RESOURCE_META_ARGUMENTS = new Set(['count', 'for_each', 'provider', 'depends_on'])
/** Nested blocks that are not part of the resource's configuration. */
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection'])
const NO_ARGUMENTS: ReadonlySet<string> = new Set()
/** Most instances a `count` makes; a larger count is read as one instance without a key, like an unknown one. */
export const MAX_COUNT = 1000

export function expandConfiguration(
  project: TerraformProject,
  root: RootModule,
  vars: Readonly<Record<string, string>> = {},
  limits: Readonly<Limits> = DEFAULT_LIMITS,
): Expansion {
  const budget = new Budget(limits)
  const expansion: Expansion = { resources: [], modules: 0, notices: [], limits: budget.hits, budget }
  const meter = new Meter(budget, root.folder.files[0]?.file ?? root.dir)
  const configuration = new Configuration(project, root, expansion, meter)
  configuration.files = moduleFiles(root.dir, project.externalFiles, (text) => configuration.notice(text))
  const rootInputs = new RootInputs(project, root, vars, meter)
  const declarations = configuration.declarationsOf(root.folder)
  configuration.reserve(1 + declarations.resources.length)
  const instance = new ModuleInstance(configuration, root.folder, '', [], [root.dir], (name, declaration) => rootInputs.value(name, declaration))
  configuration.collect(instance)
  return expansion
}

class Configuration {
  /** Labels of the values being evaluated right now, across module instances, to name a cycle. */
  readonly waiting: string[] = []
  /** Resource and module instances made or reserved so far. */
  private instances = 0
  private readonly declarations = new Map<ModuleFolder, Declarations>()
  /** What `file()` and `templatefile()` read, for every module instance of the root. */
  files: FileAccess | undefined

  constructor(
    readonly project: TerraformProject,
    readonly root: RootModule,
    private readonly expansion: Expansion,
    readonly meter: Meter,
  ) {}

  notice(text: string): void {
    if (!this.expansion.notices.includes(text)) this.expansion.notices.push(text)
  }

  /** The declarations of a folder, read once however many instances of it there are. */
  declarationsOf(folder: ModuleFolder): Declarations {
    let declarations = this.declarations.get(folder)
    if (!declarations) this.declarations.set(folder, (declarations = new Declarations(folder)))
    return declarations
  }

  reserve(count: number): void {
    this.instances += count
  }

  /** Reserves `count` more instances if the budget allows; records the hit at `range` otherwise. */
  /** Reserves `count` instances; once a reservation failed, every later one fails too (the rest is past the budget). */
  fits(count: number, range: Range): boolean {
    if (this.overBudget) return false
    if (!this.meter.instances(this.instances + count, range)) {
      this.overBudget = true
      return false
    }
    this.instances += count
    return true
  }

  private overBudget = false

  collect(start: ModuleInstance): void {
    const pending = [start]
    for (let next = 0; next < pending.length; next++) {
      const instance = pending[next]!
      this.expansion.modules++
      for (const resource of instance.resources()) this.expansion.resources.push(resource)
      for (const child of instance.childInstances()) pending.push(child)
    }
  }
}

/** Root module variables from variable files and `--var`, as Terraform ranks them. */
class RootInputs {
  private readonly evaluator: Evaluator

  constructor(
    private readonly project: TerraformProject,
    private readonly root: RootModule,
    private readonly vars: Readonly<Record<string, string>>,
    private readonly meter: Meter,
  ) {
    this.evaluator = new Evaluator(NO_REFERENCES, meter)
  }

  value(name: string, declaration: Block): TfValue | undefined {
    if (Object.hasOwn(this.vars, name)) return this.commandLineValue(this.vars[name]!, declaration)
    for (let i = this.root.variableFiles.length - 1; i >= 0; i--) {
      const file = this.root.variableFiles[i]!
      const attribute = attributeOf(file.body, name)
      if (attribute) return this.meter.in(file.file, () => this.evaluator.evaluate(attribute.expr, Scope.empty))
    }
    return undefined
  }

  /** `--var name=value` is taken as a string for a primitive type and as an HCL expression otherwise, like Terraform. */
  private commandLineValue(text: string, declaration: Block): TfValue {
    const type = typeConstraint(attributeOf(declaration.body, 'type')?.expr)
    if (type.kind === 'any' || type.kind === 'string' || type.kind === 'number' || type.kind === 'bool') {
      return scalar(text, declaration.headerRange)
    }
    const parsed = this.project.hcl.parseExpression(text, declaration.headerRange)
    if ('ok' in parsed) return errorValue(`--var ${declaration.labels[0]}: ${parsed.message}`, declaration.headerRange)
    return this.evaluator.evaluate(parsed, Scope.empty)
  }
}

interface Located<T> {
  file: string
  item: T
}

/** The declarations of a module folder, override files merged in as Terraform does. */
class Declarations {
  readonly variables = new Map<string, Located<Block>>()
  readonly locals = new Map<string, Located<Attribute>>()
  readonly outputs = new Map<string, Located<Block>>()
  readonly calls = new Map<string, Located<Block>>()
  readonly resources: Array<Located<Block>> = []
  /** Resource and data blocks by their address in the module: `aws_lb.this`, `data.aws_vpc.main`. */
  readonly blocks = new Map<string, Located<Block>>()

  constructor(folder: ModuleFolder) {
    const byKey = new Map<string, Located<Block>>()
    for (const file of folder.files) {
      const override = isOverrideFile(file.file)
      for (const attribute of blocksOf(file.body, 'locals').flatMap((block) => block.body.attributes)) {
        this.locals.set(attribute.name, { file: file.file, item: attribute })
      }
      for (const block of file.body.blocks) {
        if (block.type === 'locals') continue
        const key = `${block.type}\u0000${block.labels.join('\u0000')}`
        const existing = byKey.get(key)
        if (override) {
          if (existing) existing.item = mergeOverride(existing.item, block)
          continue
        }
        if (existing) continue
        const located = { file: file.file, item: block }
        byKey.set(key, located)
        if (block.type === 'resource' || block.type === 'data') {
          this.resources.push(located)
          const local = blockAddress(block)
          if (local !== undefined) this.blocks.set(local, located)
        }
      }
    }
    for (const located of byKey.values()) {
      const name = located.item.labels[0]
      if (name === undefined) continue
      if (located.item.type === 'variable') this.variables.set(name, located)
      else if (located.item.type === 'output') this.outputs.set(name, located)
      else if (located.item.type === 'module') this.calls.set(name, located)
    }
  }
}

/** An override block's arguments replace the original's; its nested blocks replace all of their type. */
function mergeOverride(original: Block, override: Block): Block {
  const names = new Set(override.body.attributes.map((attribute) => attribute.name))
  const types = new Set(override.body.blocks.map((block) => block.type))
  const body: Body = {
    range: original.body.range,
    attributes: [...original.body.attributes.filter((attribute) => !names.has(attribute.name)), ...override.body.attributes],
    blocks: [...original.body.blocks.filter((block) => !types.has(block.type)), ...override.body.blocks],
  }
  return { ...original, body }
}

type Instances =
  | { kind: 'unavailable'; why: string }
  /**
   * `keys` holds the instance key of each instance (a number for count, a string for for_each,
   * none for a single one); `positions` finds an instance by the text of its key.
   */
  | {
      kind: 'expanded'
      instances: ModuleInstance[]
      keys: Array<string | number | undefined>
      positions: Map<string, number>
      keyed: 'count' | 'for_each' | undefined
    }

interface InstanceKey {
  key: string | number | undefined
  bindings: Record<string, TfValue>
}

interface ResourceInstance {
  key: string | number | undefined
  address: string
  body: ObjectValue
  /** The instance as other blocks read it, made when one first does. */
  value?: TfValue
}

interface BlockInstances {
  /** How the block repeats; `unknown` when its count or for_each is not known and one instance without a key stands for all. */
  keyed: 'count' | 'for_each' | 'single' | 'unknown'
  instances: ResourceInstance[]
  /** The instances by the text of their key. */
  byKey: Map<string, ResourceInstance>
  /** The block as a value (a list or map of its instances), made when first read. */
  whole?: TfValue
}

class ModuleInstance implements Environment {
  private readonly evaluator: Evaluator
  private readonly meter: Meter
  private readonly declarations: Declarations
  private readonly values = new Map<string, TfValue>()
  private readonly inProgress = new Set<string>()
  private readonly children = new Map<string, Instances>()
  /** Module calls whose instances are being worked out, to tell a cycle through their outputs. */
  private readonly expanding = new Set<string>()
  /** The instances of each resource and data block, by the block's address in the module. */
  private readonly blocks = new Map<string, BlockInstances>()
  /** Blocks whose instances are being worked out, to tell a cycle through them. */
  private readonly building = new Set<string>()

  constructor(
    private readonly configuration: Configuration,
    readonly folder: ModuleFolder,
    /** `''` for the root, `module.edge` or `module.edge["a"]` below it. */
    readonly address: string,
    private readonly callPath: string[],
    /** Folders from the root to here, to refuse a module that calls itself. */
    private readonly chain: string[],
    private readonly input: (name: string, declaration: Block) => TfValue | undefined,
  ) {
    this.meter = configuration.meter
    this.evaluator = new Evaluator(this, this.meter, configuration.files)
    this.declarations = configuration.declarationsOf(folder)
  }

  /** Resource instances declared in this module instance. */
  resources(): TfResource[] {
    const out: TfResource[] = []
    for (const located of this.declarations.resources) {
      const { file, item: block } = located
      const [type] = block.labels
      const local = blockAddress(block)
      if (type === undefined || local === undefined) continue
      const mode = block.type === 'data' ? 'data' : 'managed'
      for (const { address, body } of this.blockInstances(local, located).instances) {
        out.push({ address, type, mode, location: { file, range: block.headerRange }, body })
      }
    }
    return out
  }

  /**
   * The instances of a resource or data block with their evaluated arguments, worked out once:
   * when `resources()` reaches the block, or earlier when another block's `count` or `for_each`
   * reads it, so blocks are expanded in the order their references need.
   */
  private blockInstances(local: string, { file, item: block }: Located<Block>): BlockInstances {
    const cached = this.blocks.get(local)
    if (cached) return cached
    const { waiting } = this.configuration
    this.building.add(local)
    waiting.push(`${this.prefix()}${local}`)
    try {
      const made = this.meter.in(file, (): BlockInstances => {
        const instances = this.resourceInstances(block.body, block.headerRange).map(({ key, bindings }) => ({
          key,
          address: `${this.prefix()}${local}${keySuffix(key)}`,
          body: this.body(block.body, Scope.empty.with(bindings), block.range, RESOURCE_META_ARGUMENTS),
        }))
        const repeated = attributeOf(block.body, 'count') ? 'count' : attributeOf(block.body, 'for_each') ? 'for_each' : 'single'
        // One instance without a key stands for all of them: how many there are is not known.
        const keyed = repeated !== 'single' && instances.some(({ key }) => key === undefined) ? 'unknown' : repeated
        return { keyed, instances, byKey: new Map(instances.map((instance) => [String(instance.key), instance])) }
      })
      this.blocks.set(local, made)
      return made
    } finally {
      waiting.pop()
      this.building.delete(local)
    }
  }

  /** The instances of every module this one calls, in the order of the calls. */
  childInstances(): ModuleInstance[] {
    return [...this.declarations.calls.keys()].flatMap((name) => {
      const instances = this.instancesOf(name)
      return instances.kind === 'expanded' ? instances.instances : []
    })
  }

  private prefix(): string {
    return this.address === '' ? '' : `${this.address}.`
  }

  reference(name: string, steps: readonly Step[], scope: Scope, range: Range): { value: TfValue; used: number } {
    const first = steps[0]
    const attribute = first?.kind === 'attr' ? first.name : undefined
    switch (name) {
      case 'var':
        return { value: attribute === undefined ? errorValue('var needs a variable name', range) : this.variable(attribute, range), used: 1 }
      case 'local':
        return { value: attribute === undefined ? errorValue('local needs a name', range) : this.local(attribute, range), used: 1 }
      case 'module':
        return attribute === undefined ? { value: errorValue('module needs a call name', range), used: 1 } : this.moduleReference(attribute, steps, scope, range)
      case 'data':
        if (attribute === undefined) return { value: errorValue('data needs a data source type', range), used: 1 }
        return this.resourceReference(`data.${attribute}`, steps, 1, scope, range)
      case 'path':
        return { value: this.pathValue(attribute, range), used: 1 }
      case 'terraform':
        return { value: unknownValue('the Terraform workspace is chosen when Terraform runs', range), used: 1 }
      case 'self':
        return { value: unknownValue('self refers to the resource being provisioned', range), used: steps.length }
      case 'count':
      case 'each':
        return { value: errorValue(`${name} is used outside a resource or module with ${name === 'each' ? 'for_each' : 'count'}`, range), used: 1 }
      default:
        return this.resourceReference(name, steps, 0, scope, range)
    }
  }

  /**
   * `aws_lb.this[0].arn`, `data.aws_iam_policy_document.x.json`: an unknown value that names the
   * resource instance and the attribute. `steps[nameAt]` holds the resource name after `base`
   * (`aws_lb`, `data.aws_iam_policy_document`). A block of this module named as a whole
   * (`aws_lambda_function.fns`) or one of its instances (`aws_lambda_function.fns["a"]`) is its
   * value once its instances are known (`resourceValue`).
   */
  private resourceReference(base: string, steps: readonly Step[], nameAt: number, scope: Scope, range: Range): { value: TfValue; used: number } {
    const nameStep = steps[nameAt]
    if (nameStep?.kind !== 'attr') return { value: errorValue(`a reference to ${this.prefix()}${base} needs a resource name`, range), used: nameAt }
    const local = `${base}.${nameStep.name}`
    let address = `${this.prefix()}${local}`
    let used = nameAt + 1
    let attribute: string | undefined
    let key: string | number | undefined
    let unknownKey: TfValue | undefined
    const next = steps[used]
    if (next?.kind === 'index') {
      const keyValue = this.evaluator.evaluate(next.key, scope)
      if (keyValue.kind === 'scalar' && (typeof keyValue.value === 'number' || typeof keyValue.value === 'string')) {
        key = keyValue.value
        address += keySuffix(key)
      } else unknownKey = keyValue
      used++
    } else if (next?.kind === 'splat') {
      const inner = next.steps[0]
      if (inner?.kind === 'attr') attribute = inner.name
      used++
    }
    const after = steps[used]
    if (attribute === undefined && after?.kind === 'attr') {
      attribute = after.name
      used++
    }
    const ref: TfRef = attribute === undefined ? { address } : { address, attribute }
    const value = unknownValue(`${attribute === undefined ? address : `${address}.${attribute}`} is known only after apply`, range, [ref])
    if (attribute === undefined && unknownKey === undefined && next?.kind !== 'splat') {
      const known = this.resourceValue(local, key, range, value)
      if (known) return { value: known, used }
    }
    return { value: unknownKey ? unknownFrom([value, unknownKey], value.why, range) : value, used }
  }

  /**
   * A block as a value, as Terraform has it: with `for_each` a map from each key to the
   * instance, with `count` a list of instances, else the one instance (`instanceObject`), or one
   * instance with `key`. Undefined, and so unknown as before, when the block is not in this module,
   * its instances are not known, or it has no instance `key`.
   */
  private resourceValue(local: string, key: string | number | undefined, range: Range, unknown: TfValue): TfValue | undefined {
    const located = this.declarations.blocks.get(local)
    if (!located) return undefined
    const label = `${this.prefix()}${local}`
    if (this.building.has(local)) {
      this.cycle(label, range)
      return unknownFrom([errorValue(`${label} depends on itself`, range), unknown], `${label} depends on itself`, range)
    }
    if (!this.meter.enter(range)) return this.meter.limited(range, [unknown])
    try {
      const block = this.blockInstances(local, located)
      if (block.keyed === 'unknown') return undefined
      if (key !== undefined) {
        const instance = block.keyed === 'single' ? undefined : block.byKey.get(String(key))
        return instance ? this.instanceValue(instance, range, unknown) : undefined
      }
      if (block.keyed === 'single') return this.instanceValue(block.instances[0]!, range, unknown)
      if (block.whole) return block.whole
      if (!this.meter.collection(block.instances.length, range)) return this.meter.limited(range, [unknown])
      const items = block.instances.map((instance) => this.instanceValue(instance, range, unknown))
      block.whole =
        block.keyed === 'count' ? list(items, range) : object(new Map(block.instances.map(({ key: each }, position) => [String(each), items[position]!])), range)
      return block.whole
    } finally {
      this.meter.leave()
    }
  }

  /** One instance as a value, made once: one step per argument. */
  private instanceValue(instance: ResourceInstance, range: Range, unknown: TfValue): TfValue {
    if (instance.value) return instance.value
    if (!this.meter.step(range, instance.body.fields.size)) return this.meter.limited(range, [unknown])
    instance.value = instanceObject(instance.address, instance.body.fields, instance.body.range)
    return instance.value
  }

  private pathValue(attribute: string | undefined, range: Range): TfValue {
    if (attribute === 'module') {
      const relative = path.relative(this.configuration.root.dir, this.folder.dir).split(path.sep).join('/')
      return scalar(relative === '' ? '.' : relative, range)
    }
    if (attribute === 'root') return scalar('.', range)
    return unknownValue(`path.${attribute ?? ''} depends on where Terraform runs`, range)
  }

  /**
   * Evaluates once. A value that depends on itself is an error, as Terraform rejects the
   * configuration, and the cycle is recorded with the values it goes through; a chain of values
   * waiting on each other deeper than the depth limit is unknown.
   */
  private once(key: string, range: Range, compute: () => TfValue): TfValue {
    const cached = this.values.get(key)
    if (cached) return cached
    const label = `${this.prefix()}${key}`
    const { waiting } = this.configuration
    if (this.inProgress.has(key)) {
      this.cycle(label, range)
      return errorValue(`${key} depends on itself`, range)
    }
    if (!this.meter.enter(range)) return this.meter.limited(range)
    this.inProgress.add(key)
    waiting.push(label)
    try {
      const value = compute()
      this.values.set(key, value)
      return value
    } finally {
      waiting.pop()
      this.inProgress.delete(key)
      this.meter.leave()
    }
  }

  /** Records that `label`, being evaluated, was reached again, with the values in between. */
  private cycle(label: string, range: Range): void {
    const { waiting } = this.configuration
    const through = waiting.slice(waiting.lastIndexOf(label) + 1)
    this.meter.hit('cycle', `${label} refers to itself${through.length > 0 ? ` through ${through.join(', ')}` : ''}`, range)
  }

  private variable(name: string, range: Range): TfValue {
    return this.once(`var.${name}`, range, () => {
      const located = this.declarations.variables.get(name)
      if (!located) return errorValue(`variable "${name}" is not declared`, range)
      const { file, item: declaration } = located
      const fallback = attributeOf(declaration.body, 'default')
      let value = this.input(name, declaration)
      return this.meter.in(file, () => {
        const nullable = attributeOf(declaration.body, 'nullable')?.expr
        const notNullable = nullable?.kind === 'literal' && nullable.value === false
        if ((value === undefined || (notNullable && value.kind === 'scalar' && value.value === null)) && fallback) {
          value = this.evaluator.evaluate(fallback.expr, Scope.empty)
        }
        if (value === undefined) {
          const where = this.address === '' ? 'no default and no value in a variable file or --var' : `no default and ${this.address} does not set it`
          return unknownValue(`variable ${name} has ${where}`, range)
        }
        const type = this.typeOf(declaration)
        // Converting visits the value as deep as the type goes.
        if (type.kind !== 'any' && !this.meter.step(declaration.headerRange, shapeOf(value).nodes)) return this.meter.limited(range, [value])
        return convert(value, type, (expr) => this.evaluator.evaluate(expr, Scope.empty))
      })
    })
  }

  private typeOf(declaration: Block): TypeConstraint {
    return typeConstraint(attributeOf(declaration.body, 'type')?.expr)
  }

  private local(name: string, range: Range): TfValue {
    return this.once(`local.${name}`, range, () => {
      const located = this.declarations.locals.get(name)
      if (!located) return errorValue(`local value "${name}" is not declared`, range)
      return this.meter.in(located.file, () => this.evaluator.evaluate(located.item.expr, Scope.empty))
    })
  }

  output(name: string, range: Range): TfValue {
    return this.once(`output.${name}`, range, () => {
      const located = this.declarations.outputs.get(name)
      const value = located ? attributeOf(located.item.body, 'value') : undefined
      if (!located || !value) return errorValue(`${this.address} has no output "${name}"`, range)
      return this.meter.in(located.file, () => this.evaluator.evaluate(value.expr, Scope.empty))
    })
  }

  private outputs(range: Range): ObjectValue {
    return object(new Map([...this.declarations.outputs.keys()].map((name) => [name, this.output(name, range)])), range)
  }

  private moduleReference(call: string, steps: readonly Step[], scope: Scope, range: Range): { value: TfValue; used: number } {
    if (!this.declarations.calls.has(call)) return { value: errorValue(`module "${call}" is not called here`, range), used: 1 }
    const instances = this.instancesOf(call)
    if (instances.kind === 'unavailable') return { value: unknownValue(`module.${call}: ${instances.why}`, range), used: steps.length }
    let used = 1
    let chosen: ModuleInstance | undefined
    const next = steps[used]
    if (instances.keyed === undefined) {
      chosen = instances.instances[0]
    } else if (next?.kind === 'index') {
      const key = this.evaluator.evaluate(next.key, scope)
      used++
      if (key.kind !== 'scalar') return { value: unknownFrom([key], `an instance of module.${call} chosen after apply`, range), used: steps.length }
      // One instance without a key stands for all of them (its count or for_each is unknown).
      const text = primitiveText(key.value)
      const position = instances.keys[0] === undefined ? 0 : text === undefined ? undefined : instances.positions.get(text)
      if (position === undefined || position >= instances.instances.length) {
        return { value: errorValue(`module.${call} has no instance ${String(key.value)}`, range), used }
      }
      chosen = instances.instances[position]
    }
    if (!chosen) {
      if (!this.meter.collection(instances.instances.length, range)) return { value: this.meter.limited(range), used: steps.length }
      const all = instances.instances.map((instance) => instance.outputs(range))
      if (instances.keyed === 'count') return { value: list(all, range), used }
      return { value: object(new Map(instances.keys.map((key, position) => [String(key), all[position]!])), range), used }
    }
    const output = steps[used]
    if (output?.kind !== 'attr') return { value: chosen.outputs(range), used }
    return { value: chosen.output(output.name, range), used: used + 1 }
  }

  private instancesOf(name: string): Instances {
    const cached = this.children.get(name)
    if (cached) return cached
    const located = this.declarations.calls.get(name)!
    if (this.expanding.has(name)) {
      const message = `the count or for_each of ${this.prefix()}module.${name} refers to the module's own outputs`
      this.meter.in(located.file, () => this.meter.hit('cycle', message, located.item.headerRange))
      return { kind: 'unavailable', why: 'its count or for_each depends on its own outputs' }
    }
    this.expanding.add(name)
    try {
      const instances = this.meter.in(located.file, () => this.expandCall(name, located.item))
      this.children.set(name, instances)
      return instances
    } finally {
      this.expanding.delete(name)
    }
  }

  private expandCall(name: string, call: Block): Instances {
    const sourceAttribute = attributeOf(call.body, 'source')
    const source = sourceAttribute?.expr
    if (source?.kind !== 'literal' || typeof source.value !== 'string') return { kind: 'unavailable', why: 'its source is not a literal string' }
    const callPath = [...this.callPath, name]
    const resolved = this.configuration.project.resolve(this.configuration.root.dir, this.folder, callPath, source.value)
    if (resolved.kind === 'unavailable') {
      this.configuration.notice(`${resolved.why}; the resources of that module are not analysed and its outputs are unknown`)
      return resolved
    }
    if (this.chain.includes(resolved.folder.dir)) {
      const why = `module "${name}" (source "${source.value}") calls a module it is called from`
      this.configuration.notice(`${why}; the recursion is not followed`)
      const through = this.chain.slice(this.chain.indexOf(resolved.folder.dir)).map((dir) => path.relative(this.configuration.root.dir, dir) || '.')
      const cycle = through.length === 1 ? 'calls its own folder' : `calls a module it is called from (${[...through, through[0]].join(' → ')})`
      this.meter.hit('cycle', `module "${name}" (source "${source.value}") ${cycle}`, sourceAttribute!.range)
      return { kind: 'unavailable', why }
    }
    const keys = this.moduleInstances(call.body, call.headerRange, this.configuration.declarationsOf(resolved.folder).resources.length)
    if (keys === undefined) return { kind: 'unavailable', why: PAST_A_LIMIT }
    const keyed = attributeOf(call.body, 'count') ? 'count' : attributeOf(call.body, 'for_each') ? 'for_each' : undefined
    const instances = keys.map(({ key, bindings }) => {
      const scope = Scope.empty.with(bindings)
      const file = this.meter.file
      const inputs = (variable: string): TfValue | undefined => {
        const argument = CALL_ARGUMENTS.has(variable) ? undefined : attributeOf(call.body, variable)
        return argument ? this.meter.in(file, () => this.evaluator.evaluate(argument.expr, scope)) : undefined
      }
      return new ModuleInstance(
        this.configuration,
        resolved.folder,
        `${this.prefix()}module.${name}${keySuffix(key)}`,
        callPath,
        [...this.chain, resolved.folder.dir],
        inputs,
      )
    })
    const positions = new Map<string, number>()
    keys.forEach(({ key }, position) => {
      if (key !== undefined && !positions.has(String(key))) positions.set(String(key), position)
    })
    return { kind: 'expanded', instances, keys: keys.map(({ key }) => key), positions, keyed }
  }

  /**
   * The instances of a resource block. Its module reserved one; more count against the instance
   * budget, and past it the block is one instance without a key, as if its count were unknown.
   */
  private resourceInstances(body: Body, header: Range): InstanceKey[] {
    const at = repetition(body)?.range ?? header
    const keys = this.instanceKeys(body, (n) => n <= 1 || this.configuration.fits(n - 1, at))
    return keys ?? [withoutKey(body, this.meter.limited(at), at)]
  }

  /**
   * The instances of a module call, each reserving itself and one instance per resource block of
   * the module (`blocks`); undefined past the instance budget.
   */
  private moduleInstances(body: Body, header: Range, blocks: number): InstanceKey[] | undefined {
    return this.instanceKeys(body, (n) => n === 0 || this.configuration.fits(n * (1 + blocks), repetition(body)?.range ?? header))
  }

  /**
   * The instances `count` or `for_each` make of a resource or module block; `admit` is asked
   * for their number before any is built, and undefined comes back when it refuses.
   */
  private instanceKeys(body: Body, admit: (count: number) => boolean): InstanceKey[] | undefined {
    const count = attributeOf(body, 'count')
    if (count) {
      const value = this.evaluator.evaluate(count.expr, Scope.empty)
      const n = value.kind === 'scalar' && value.value !== null ? toNumber(value.value) : undefined
      if (n === undefined || !Number.isInteger(n) || n < 0 || n > MAX_COUNT) {
        const why = n !== undefined && n > MAX_COUNT ? `count ${n} is more than iac-lint expands (${MAX_COUNT})` : 'count is known only after apply'
        return [withoutKey(body, unknownFrom([value], why, count.range), count.range)]
      }
      if (!admit(n)) return undefined
      return Array.from({ length: n }, (_, position) => ({
        key: position,
        bindings: { count: object(new Map([['index', scalar(position, count.range)]]), count.range) },
      }))
    }
    const forEach = attributeOf(body, 'for_each')
    if (forEach) {
      const value = this.evaluator.evaluate(forEach.expr, Scope.empty)
      const entries = forEachEntries(value)
      if (!entries) return [withoutKey(body, unknownFrom([value], 'for_each is known only after apply', forEach.range), forEach.range)]
      if (!admit(entries.length)) return undefined
      return entries.map(([key, element]) => ({
        key,
        bindings: { each: object(new Map([['key', scalar(key, forEach.range)], ['value', element]]), forEach.range) },
      }))
    }
    return admit(1) ? [{ key: undefined, bindings: {} }] : undefined
  }

  /** Arguments and nested blocks as an object; each block type holds the list of its blocks. */
  private body(body: Body, scope: Scope, range: Range, skip: ReadonlySet<string>): ObjectValue {
    const fields = new Map<string, TfValue>()
    for (const attribute of body.attributes) {
      if (!skip.has(attribute.name)) fields.set(attribute.name, this.evaluator.evaluate(attribute.expr, scope))
    }
    const blocks = new Map<string, { items: TfValue[]; unknown: TfValue[]; range: Range }>()
    const entry = (type: string, at: Range): { items: TfValue[]; unknown: TfValue[]; range: Range } => {
      let found = blocks.get(type)
      if (!found) blocks.set(type, (found = { items: [], unknown: [], range: at }))
      return found
    }
    for (const block of body.blocks) {
      if (META_BLOCKS.has(block.type)) continue
      if (block.type !== 'dynamic') {
        entry(block.type, block.range).items.push(this.body(block.body, scope, block.range, NO_ARGUMENTS))
        continue
      }
      const type = block.labels[0]
      const content = blocksOf(block.body, 'content')[0]
      const forEach = attributeOf(block.body, 'for_each')
      if (type === undefined || !content || !forEach) continue
      const target = entry(type, block.range)
      const iterator = attributeOf(block.body, 'iterator')?.expr
      const name = iterator?.kind === 'variable' ? iterator.name : type
      const collection = this.evaluator.evaluate(forEach.expr, scope)
      const elements = collection.kind === 'unknown' ? undefined : iterate(collection)
      // Blocks made from a collection are a list like any other: within the limits, or unknown.
      if (elements && !this.meter.collection(elements.length, forEach.range)) {
        target.unknown.push(this.meter.limited(forEach.range, [collection]))
        continue
      }
      if (elements) {
        for (const [key, value] of elements) {
          const inner = scope.with({ [name]: object(new Map([['key', key], ['value', value]]), content.range) })
          target.items.push(this.body(content.body, inner, content.range, NO_ARGUMENTS))
        }
        continue
      }
      // The blocks' contents still name resources (target groups, functions); keep those references.
      const placeholder = unknownFrom([collection], `dynamic "${type}" blocks depend on a value known only after apply`, forEach.range)
      const inner = scope.with({ [name]: object(new Map([['key', placeholder], ['value', placeholder]]), content.range) })
      target.unknown.push(collection, this.body(content.body, inner, content.range, NO_ARGUMENTS))
    }
    for (const [type, { items, unknown, range: at }] of blocks) {
      const value = unknown.length > 0 ? unknownFrom([...unknown, ...items], `the ${type} blocks are known only after apply`, at) : list(items, at)
      fields.set(type, value)
    }
    return object(fields, range)
  }
}

/** The `count` or `for_each` argument of a block. */
function repetition(body: Body): Attribute | undefined {
  return attributeOf(body, 'count') ?? attributeOf(body, 'for_each')
}

/** The one instance of a block whose instances are not known: `count.index`, or `each.key` and `each.value`, are `placeholder`. */
function withoutKey(body: Body, placeholder: TfValue, range: Range): InstanceKey {
  if (attributeOf(body, 'count')) return { key: undefined, bindings: { count: object(new Map([['index', placeholder]]), range) } }
  return { key: undefined, bindings: { each: object(new Map([['key', placeholder], ['value', placeholder]]), range) } }
}

/** `aws_lb.this`, `data.aws_vpc.main`: a resource or data block's address within its module. */
function blockAddress(block: Block): string | undefined {
  const [type, name] = block.labels
  if (type === undefined || name === undefined) return undefined
  return `${block.type === 'data' ? 'data.' : ''}${type}.${name}`
}

/** `[0]` or `["a"]`, as Terraform writes instance keys. */
function keySuffix(key: string | number | undefined): string {
  if (key === undefined) return ''
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`
}

/**
 * Keys and values of a `for_each`: a map, or a set (list) of strings whose keys are the strings.
 * One resource instance is an object, which Terraform refuses there.
 */
function forEachEntries(value: TfValue): Array<[string, TfValue]> | undefined {
  if (isResourceInstance(value)) return undefined
  if (value.kind === 'object') return sortedEntries(value)
  if (value.kind !== 'list') return undefined
  const keys = new Map<string, TfValue>()
  for (const item of value.items) {
    const key = item.kind === 'scalar' ? primitiveText(item.value) : undefined
    if (key === undefined) return undefined
    keys.set(key, item)
  }
  return [...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}
