/** What `iac-lint init` writes: every key commented, so a new user can read it and switch things on. */
export const STARTER_CONFIG = `# iac-lint configuration. Keys are checked against schema/iac-lint.schema.json.
# This file applies to this folder and the folders below it, up to the repository root.

# Base rule set: recommended (every rule at its default level, except rules marked as not
# recommended) or all (those too).
extends: recommended

# Change a rule's level (off, note, warning, error), or give it the options its docs page lists.
# rules:
#   apigw-stage-no-throttling: error
#   apigw-high-traffic-cost: { level: warning, options: { minMonthlySavingUsd: 500 } }

# Files not to scan, as globs relative to this file.
# ignore:
#   - "cdk.out/**"
#   - "test/fixtures/**"

# Exit 1 when a finding is at or above this level: error, warning, note or none.
# failOn: error

# Facts templates cannot state, keyed by logical id or Terraform address.
# resources:
#   CatalogApi:
#     traffic: { requestsPerSecond: 800, averagePayloadKB: 4 }
#     exposure: partner        # public, partner, internal or private
#   module.edge.aws_lb.this:
#     exposure: internal

# Price overrides for the cost rules, in USD (defaults: us-east-1 list prices).
# pricing:
#   region: eu-west-1
#   alb: { hourly: 0.0252, lcuHourly: 0.008 }
`
