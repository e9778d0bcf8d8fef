/**
 * The same infrastructure written in CloudFormation (or SAM) and in Terraform gives the same
 * request paths. Each folder under test/fixtures/parity holds one pair, `template.yaml` and
 * `main.tf`; the built CLI prints each side's paths as JSON (`iac-lint paths -f json`), and the
 * two are compared after removing what only says where and how the infrastructure was written.
 *
 * What is removed, and why:
 * - `address`, `file`, `range` and `constructPath` of every element: a logical id is not a
 *   Terraform address, and the two files lay their resources out on different lines.
 * - The model's `framework` and `origin` (the template file, the Terraform module folder): only
 *   the `paths` of each side's one model are compared.
 * - The order of the paths: each side lists them in the order its resources are written, which
 *   is no property of the infrastructure. Both lists are sorted the same way.
 * Everything else (kinds, facts, unknown reasons, checks and their labels, targets) must match.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { JsonPathsReport } from '../src/index.js'
import { cli, expectCleanExit, repoRoot } from './cli-run.js'

const PARITY = 'test/fixtures/parity'
const cases = readdirSync(path.join(repoRoot, PARITY), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

/** The fields that say where an element was written, not what it is. */
const LOCATION_FIELDS = new Set(['address', 'file', 'range', 'constructPath'])

/** A value with the location fields of every element (an object with an `address`) left out. */
function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocations)
  if (value === null || typeof value !== 'object') return value
  const isElement = 'address' in value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !(isElement && LOCATION_FIELDS.has(key)))
      .map(([key, field]) => [key, withoutLocations(field)]),
  )
}

/** One side's request paths, as the CLI prints them, ready to compare. */
function comparablePaths(file: string, framework: 'cloudformation' | 'terraform'): unknown[] {
  const run = cli(['paths', '-f', 'json', file])
  expectCleanExit(run)
  expect(run.code, run.stderr).toBe(0)
  expect(run.stderr).toBe('')
  const report = JSON.parse(run.stdout) as JsonPathsReport
  expect(report.models.map((model) => model.framework), `${file} is read as one ${framework} model`).toEqual([framework])
  const paths = report.models[0]!.paths
  // An empty model on both sides would compare equal: every pair describes at least one path.
  expect(paths.length, `${file} has request paths`).toBeGreaterThan(0)
  return paths
    .map(withoutLocations)
    .map((comparable) => ({ comparable, key: JSON.stringify(comparable) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ comparable }) => comparable)
}

function sides(name: string): { cloudformation: unknown[]; terraform: unknown[] } {
  const folder = `${PARITY}/${name}`
  return {
    cloudformation: comparablePaths(`${folder}/template.yaml`, 'cloudformation'),
    terraform: comparablePaths(`${folder}/main.tf`, 'terraform'),
  }
}

describe('CloudFormation and Terraform give the same request paths', () => {
  it('has the pairs', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'alb-lambda-no-auth',
        'alb-lambda-cognito',
        'alb-lambda-oidc',
        'alb-lambda-jwt-validation',
        'alb-rule-path-pattern',
        'alb-https-ecs-ip',
        'rest-api-authorization',
        'http-api-authorizers',
        'http-api-quick-create',
        'websocket-connect-authorizer',
        'websocket-connect-open',
        'function-url-none',
        'function-url-iam',
        'settings-rest-stage-logging',
        'settings-alb-attributes-tls',
        'settings-alb-ecs-service',
        'settings-usage-plan-keys',
        'network-alb-sg-restricted',
        'network-listener-rule-source-ip',
        'throttling-http-api-route-settings',
        'openapi-rest-lambda',
        'openapi-http-jwt',
        'edge-alb-waf-rate-limit',
        'edge-rest-stage-waf-managed',
        'edge-cloudfront-alb',
        'edge-http-api-waf-unsupported',
        'domain-rest-mtls',
        'domain-http-tls12',
        'rest-private-policy-vpce',
        'rest-vpc-link-nlb',
        'http-vpc-link-alb',
      ]),
    )
  })

  it.each(cases)('%s', (name) => {
    const { cloudformation, terraform } = sides(name)
    expect(terraform, 'Terraform (received) against CloudFormation (expected)').toEqual(cloudformation)
  })

  it('tells different infrastructure apart', () => {
    // The comparison is not blind: an ALB without authentication and one with Cognito differ,
    // and so does a function URL with AuthType NONE from one with AWS_IAM.
    expect(sides('alb-lambda-no-auth').terraform).not.toEqual(sides('alb-lambda-cognito').cloudformation)
    expect(sides('function-url-none').terraform).not.toEqual(sides('function-url-iam').cloudformation)
  })

  it('keeps the facts the comparison is about', () => {
    const [listener] = sides('alb-lambda-no-auth').cloudformation as Array<Record<string, unknown>>
    expect(listener).toMatchObject({
      entry: { kind: 'listener', protocol: 'HTTPS', port: 443 },
      frontDoor: { kind: 'load-balancer', type: 'application', scheme: 'internet-facing' },
      exposure: 'public',
      checks: [],
      targets: [{ kind: 'target-group', targetType: 'lambda', targets: [{ kind: 'function', timeout: 10 }] }],
    })
    expect(JSON.stringify(listener)).not.toMatch(/"(address|file|range)"/)
  })
})
