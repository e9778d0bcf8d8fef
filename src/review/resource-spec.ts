/**
 * What `@aws-cdk/cloudformation-diff` reads of the AWS resource database, and the module the
 * bundle puts in place of `@aws-cdk/aws-service-spec` (scripts/bundle.ts).
 *
 * The full database (`db.json.gz`, 2.6 MB compressed, 15 MB of JSON) describes every resource
 * type with documentation, attribute and property types. The differ reads only four things of it:
 * for each resource type its `scrutinizable` kind (IAM, security group, Lambda permission
 * resources), and for each property whether changing it `causesReplacement` (`yes`, `maybe`) and
 * its `scrutinizable` kind (inline policies, ingress rules). The bundle ships those, a few tens
 * of kilobytes, read on the first template diff; test/review-spec.test.ts checks that the
 * differ's answers are the same with it as with the full database, for every resource type.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'

/** The file the bundle carries beside its chunks. */
export const RESOURCE_SPEC_FILE = 'cfn-resource-spec.json.gz'

export interface SpecProperty {
  causesReplacement?: string
  scrutinizable?: string
}

export interface SpecResource {
  cloudFormationType: string
  scrutinizable?: string
  properties: Record<string, SpecProperty>
}

/** One resource of the full database as the differ reads it. */
export function slimResource(resource: { cloudFormationType: string; scrutinizable?: string; properties: Record<string, SpecProperty> }): SpecResource {
  const properties: Record<string, SpecProperty> = {}
  for (const [name, property] of Object.entries(resource.properties)) {
    const slim: SpecProperty = {}
    if (property.causesReplacement !== undefined) slim.causesReplacement = property.causesReplacement
    if (property.scrutinizable !== undefined) slim.scrutinizable = property.scrutinizable
    properties[name] = slim
  }
  const out: SpecResource = { cloudFormationType: resource.cloudFormationType, properties }
  if (resource.scrutinizable !== undefined) out.scrutinizable = resource.scrutinizable
  return out
}

interface SpecDatabase {
  lookup(entity: string, index: string, operator: string, value: string): SpecResource[]
}

function databaseOf(resources: readonly SpecResource[]): SpecDatabase {
  const byType = new Map(resources.map((resource) => [resource.cloudFormationType, resource]))
  return {
    lookup(entity, index, operator, value) {
      if (entity !== 'resource' || index !== 'cloudFormationType' || operator !== 'equals') {
        throw new Error(`the bundled resource database answers resource look-ups by type only, not ${entity}.${index} ${operator}`)
      }
      const found = byType.get(value)
      return found ? [found] : []
    },
  }
}

/** The database from its compressed text (as the bundle stores it). */
export function readSpec(compressed: Uint8Array): SpecDatabase {
  return databaseOf(JSON.parse(gunzipSync(compressed).toString('utf8')) as SpecResource[])
}

/** `@aws-cdk/aws-service-spec`'s entry, as cloudformation-diff calls it. */
export function loadAwsServiceSpecSync(): SpecDatabase {
  return readSpec(readFileSync(fileURLToPath(new URL(`./${RESOURCE_SPEC_FILE}`, import.meta.url))))
}

export function loadAwsServiceSpec(): Promise<SpecDatabase> {
  return Promise.resolve(loadAwsServiceSpecSync())
}
