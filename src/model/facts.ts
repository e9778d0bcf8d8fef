/**
 * Facts computed from other facts, the same for every frontend: each keeps the origin of the fact
 * it came from, so a finding about the result still points where the value was written.
 */
import { known, unknown, type Fact } from './types.js'

/** The fact in upper case. */
export function upper(fact: Fact<string>): Fact<string> {
  return fact.known ? known(fact.value.toUpperCase(), fact.at) : fact
}

/** The fact as one of the values the model allows (compared in lower case); unknown for any other value. */
export function narrow<T extends string>(fact: Fact<string>, allowed: readonly T[]): Fact<T> {
  if (!fact.known) return fact
  const match = allowed.find((value) => value === fact.value.toLowerCase())
  return match === undefined ? unknown(`unrecognised value ${fact.value}`, fact.at) : known(match, fact.at)
}
