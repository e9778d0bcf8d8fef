/** Fixes in CloudFormation and SAM terms, for the rules' messages (see `FixWording`). */
import { NEUTRAL_WORDING, type FixWording } from '../../model/model.js'

export const CLOUDFORMATION_WORDING: FixWording = {
  addAuthorization: (operation, authorizers) =>
    operation.fromSam
      ? `Give the SAM event an authorizer, or its API a default authorizer (${authorizers}, or AWS_IAM).`
      : NEUTRAL_WORDING.addAuthorization(operation, authorizers),
  timeoutOrigin: (fn) => (fn.timeoutOrigin === 'globals' ? 'its timeout from SAM Globals' : NEUTRAL_WORDING.timeoutOrigin(fn)),
}
