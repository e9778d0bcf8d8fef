/**
 * The one reader of OpenAPI 2 (swagger) and OpenAPI 3 definitions with API Gateway's extensions,
 * over the neutral tree both frontends build (`types.ts`). It adds to the model, for an API the
 * frontend has already added, one `operation` per path and method, the `integration` of each
 * (`x-amazon-apigateway-integration`) and one `authorizer` per security scheme an operation
 * uses, every fact `at` the place in the definition that sets it (the template, or the external
 * file it was read from).
 */
import type { Budget } from '../../model/budget.js'
import type { Model } from '../../model/model.js'
import type { Api, ApiFeature, Fact, FactOrigin, Operation } from '../../model/types.js'
import type { OaNode } from './types.js'

/** What the reader asks the frontend about values it cannot judge itself. */
export interface OpenApiLinks {
  /**
   * The Lambda functions (model ids) a value refers to: an integration `uri` or an authorizer's
   * `authorizerUri` built from a function's ARN. A frontend maps aliases and versions to their
   * function, and returns nothing for references that are not functions.
   */
  functions(node: OaNode): string[]
}

export interface OpenApiInput {
  model: Model
  /** The API the definition belongs to, already in the model. */
  api: Api
  /**
   * The definition: the body as the frontend converted it. A node of kind `unknown` (a body in
   * S3, a parameter, a file that cannot be read) makes the API's routes unknown.
   */
  definition: OaNode
  /**
   * The API's address (CloudFormation logical id, Terraform address): the `source.address` of
   * every element added, and the prefix of their ids (`<address>.GET /orders`,
   * `<address>.GET /orders.Integration`, `<address>.securitySchemes.<name>`).
   */
  address: string
  /** The API's construct path (CDK), copied to the sources of the elements added. */
  constructPath?: string
  links: OpenApiLinks
  /** The unit's work budget: every node read spends a step; past it the rest is unknown. */
  budget: Budget
  /**
   * Where a value the definition does not set is attributed (`defaulted`): the property that
   * holds the definition (`Body`, `DefinitionBody`, `body`), or the API when there is none.
   */
  defaultsAt: FactOrigin
}

export interface OpenApiRead {
  /** REST features the definition uses (API keys, request validators, mapping templates, AWS service integrations). */
  features: ApiFeature[]
  /** The operations added, in the order the definition writes them (for SAM, which merges its events in). */
  operations: Operation[]
  /** `x-amazon-apigateway-api-key-source` (`HEADER` or `AUTHORIZER`); undefined when the definition does not set it. */
  apiKeySource: Fact<string> | undefined
}

/**
 * Reads `definition` into operations, integrations and authorizers of `api`, added to `model`.
 * Never throws on input: what it cannot read stays unknown with the reason.
 */
export function readOpenApi(input: OpenApiInput): OpenApiRead {
  void input
  return { features: [], operations: [], apiKeySource: undefined }
}
