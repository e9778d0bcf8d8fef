import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadModels } from '../src/index.js'
import { Model } from '../src/model/model.js'
import { known, type Source, type Stage, type UsagePlan } from '../src/model/types.js'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Every relation index against the list scan it replaces, for every id the model could be asked about. */
function expectIndexesMatchScans(model: Model): void {
  const ids = [...new Set([...model.all('api'), ...model.all('integration')].map((element) => element.id).concat('not-in-model'))]
  for (const id of ids) {
    expect(model.stagesOf(id)).toEqual(model.all('stage').filter((stage) => stage.api === id))
    expect(model.usagePlansOf(id)).toEqual(model.all('usage-plan').filter((plan) => plan.stages.some((entry) => entry.api === id)))
    expect(model.integrationsOf(id)).toEqual(model.all('integration').filter((integration) => integration.api === id))
    expect(model.operationsUsing(id)).toEqual(model.all('operation').filter((operation) => operation.integration === id))
    expect(model.operationsOf(id)).toEqual(model.all('operation').filter((operation) => operation.api === id))
  }
}

function source(address: string): Source {
  return { file: 'template.yaml', range: { line: 1, column: 1, endLine: 1, endColumn: 1 }, address }
}

function stage(id: string, api: string): Stage {
  return { kind: 'stage', id, source: source(id), api, name: known(id), throttled: known(false), cacheEnabled: known(false) }
}

function usagePlan(id: string, apis: Array<string | undefined>): UsagePlan {
  return {
    kind: 'usage-plan',
    id,
    source: source(id),
    stages: apis.map((api) => ({ api, stage: known('prod') })),
    throttled: true,
    quota: undefined,
  }
}

describe('model relation indexes', () => {
  it('return what scanning the lists returns, for every model of the rule fixtures', async () => {
    const { models } = await loadModels([path.join(repoRoot, 'fixtures')], repoRoot)
    expect(models.some((model) => model.all('stage').length > 0 && model.all('operation').length > 0)).toBe(true)
    for (const model of models) expectIndexesMatchScans(model)
  })

  it('keep model order, list a plan once however many of its entries name the API, and skip unresolved APIs', () => {
    const model = new Model('cloudformation', 'template.yaml')
    model.add(stage('b', 'api'))
    model.add(stage('a', 'api'))
    model.add(stage('other', 'other-api'))
    model.add(usagePlan('twice', ['api', 'api', undefined]))
    model.add(usagePlan('unresolved', [undefined]))
    expect(model.stagesOf('api').map((element) => element.id)).toEqual(['b', 'a'])
    expect(model.usagePlansOf('api').map((element) => element.id)).toEqual(['twice'])
    expect(model.usagePlansOf('other-api')).toEqual([])
    expectIndexesMatchScans(model)
  })

  it('are rebuilt when an element is added after a look-up', () => {
    const model = new Model('terraform', 'main')
    model.add(stage('first', 'api'))
    expect(model.stagesOf('api').map((element) => element.id)).toEqual(['first'])
    expect(model.usagePlansOf('api')).toEqual([])
    model.add(stage('second', 'api'))
    model.add(usagePlan('plan', ['api']))
    expect(model.stagesOf('api').map((element) => element.id)).toEqual(['first', 'second'])
    expect(model.usagePlansOf('api').map((element) => element.id)).toEqual(['plan'])
    expectIndexesMatchScans(model)
  })
})
