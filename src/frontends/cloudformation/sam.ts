/**
 * Which templates SAM transforms: those that declare `Transform: AWS::Serverless-2016-10-31`,
 * alone or in a list. What the transform makes of them is `adapt/sam.ts`.
 */
import { mapGet, type DocNode } from '../../parse/types.js'

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31'

export function isSamTemplate(root: DocNode): boolean {
  const transform = mapGet(root, 'Transform')
  if (transform?.kind === 'scalar') return transform.value === SAM_TRANSFORM
  if (transform?.kind === 'seq') return transform.items.some((item) => item.kind === 'scalar' && item.value === SAM_TRANSFORM)
  return false
}
