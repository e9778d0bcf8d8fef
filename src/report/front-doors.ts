/**
 * `iac-lint front-doors`, for a person: a table of every front door with its verdict, then each
 * front door in detail with the reasons. Every value is escaped for the terminal before the table
 * measures it, so the columns line up with what is shown.
 */
import { KIND_NAMES, summarize, type FrontDoorAdvice } from '../advisor/front-doors.js'
import { SCENARIOS } from '../advisor/scenarios.js'
import { escapeTerminal, guardTerminalText } from './escape.js'
import {
  breakEvenWords,
  contextWords,
  costWords,
  entriesWords,
  exposureWords,
  featuresWords,
  reasonHeading,
  scenarioWords,
  summaryWords,
  targetKindsWords,
  targetsWords,
  trafficWords,
  verdictWords,
  whereWords,
} from './front-doors-words.js'

const HEADINGS = ['WHERE', 'FRONT DOOR', 'KIND', 'EXPOSURE', 'SCENARIO', 'TARGETS', 'VERDICT']

export function renderFrontDoors(advice: readonly FrontDoorAdvice[], cwd: string): string {
  const lines = [escapeTerminal(summaryWords(summarize(advice)))]
  if (advice.length > 0) {
    lines.push('', ...table(advice.map((one) => row(one, cwd))))
    for (const one of advice) lines.push('', ...details(one, cwd))
  }
  return `${guardTerminalText(lines.join('\n'))}\n`
}

function row(advice: FrontDoorAdvice, cwd: string): string[] {
  const exposure = 'unknown' in advice.exposure ? 'unknown' : exposureWords(advice)
  return [
    whereWords(advice, cwd),
    advice.door.source.address,
    KIND_NAMES[advice.kind],
    exposure,
    SCENARIOS[advice.scenario.id].title,
    targetKindsWords(advice),
    verdictWords(advice),
  ].map(escapeTerminal)
}

/** Columns padded to their widest cell, two spaces apart; the last is not padded. */
function table(rows: string[][]): string[] {
  const all = [HEADINGS, ...rows]
  const widths = HEADINGS.map((_, column) => Math.max(...all.map((cells) => [...cells[column]!].length)))
  return all.map((cells) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat(widths[column]! - [...cell].length))).join('  '))
}

function details(advice: FrontDoorAdvice, cwd: string): string[] {
  const field = (name: string, text: string): string => `  ${`${name}:`.padEnd(11)} ${escapeTerminal(text)}`
  const lines = [escapeTerminal(`${advice.name} at ${whereWords(advice, cwd)}`)]
  lines.push(field('exposure', exposureWords(advice)))
  lines.push(field('entries', entriesWords(advice)))
  lines.push(field('features', featuresWords(advice)))
  for (const unknown of advice.unknowns) lines.push(field('unknown', unknown))
  lines.push(field('targets', targetsWords(advice)))
  lines.push(field('scenario', scenarioWords(advice)))
  if ('compared' in advice.costs) {
    lines.push(field('traffic', trafficWords(advice.costs.compared)))
    lines.push(field('cost', costWords(advice.costs)))
    lines.push(field('break-even', breakEvenWords(advice.costs.compared)))
  } else {
    lines.push(field('cost', costWords(advice.costs)))
  }
  lines.push(field('verdict', verdictWords(advice)))
  for (const reason of advice.verdict.reasons) {
    lines.push(`    - ${escapeTerminal(`${reasonHeading(reason, cwd)}: ${reason.finding.message}`)}`)
  }
  const context = contextWords(advice)
  if (context) lines.push(`    - ${escapeTerminal(context)}`)
  return lines
}
