/**
 * `iac-lint front-doors -f markdown`, for a GitHub job summary or a pull-request comment: the
 * table of front doors with their verdicts, then the reasons of each. The whole stays under
 * GitHub's limit for one step's summary: front doors past it are counted, not listed.
 */
import { KIND_NAMES, summarize, type FrontDoorAdvice } from '../advisor/front-doors.js'
import { SCENARIOS } from '../advisor/scenarios.js'
import { escapeMarkdown } from './escape.js'
import {
  breakEvenWords,
  contextWords,
  costWords,
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
import { SUMMARY_MAX_BYTES } from './markdown.js'

export function renderFrontDoorsMarkdown(advice: readonly FrontDoorAdvice[], options: { cwd: string; maxBytes?: number }): string {
  const maxBytes = options.maxBytes ?? SUMMARY_MAX_BYTES
  const head = ['## iac-lint front doors', '', escapeMarkdown(summaryWords(summarize(advice)))]
  if (advice.length === 0) return `${head.join('\n')}\n`
  const rows = advice.map((one) => row(one, options.cwd))
  const sections = advice.map((one) => section(one, options.cwd))
  const table = ['| Front door | Kind | Exposure | Scenario | Targets | Verdict |', '| --- | --- | --- | --- | --- | --- |']
  // The table first, then the reasons, each kept whole: what does not fit is counted in the closing note.
  const reserve = 400
  let used = Buffer.byteLength(head.join('\n')) + Buffer.byteLength(table.join('\n')) + reserve
  let listed = 0
  for (const line of rows) {
    const size = Buffer.byteLength(line) + 1
    if (used + size > maxBytes) break
    table.push(line)
    used += size
    listed += 1
  }
  const detailed: string[] = []
  for (const text of sections.slice(0, listed)) {
    const size = Buffer.byteLength(text) + 2
    if (used + size > maxBytes) break
    detailed.push(text)
    used += size
  }
  const parts = [head.join('\n'), table.join('\n')]
  if (detailed.length) parts.push('### Reasons', ...detailed)
  if (listed < advice.length || detailed.length < advice.length) {
    parts.push(
      `**Cut to fit GitHub's summary limit:** ${advice.length - listed} of ${advice.length} front doors left out of the table, ${advice.length - detailed.length} without their reasons; \`iac-lint front-doors\` lists them all.`,
    )
  }
  return `${parts.join('\n\n')}\n`
}

function row(advice: FrontDoorAdvice, cwd: string): string {
  const where = whereWords(advice, cwd)
  const exposure = 'unknown' in advice.exposure ? 'unknown' : exposureWords(advice)
  const cells = [
    `${advice.door.source.address} (${where})`,
    KIND_NAMES[advice.kind],
    exposure,
    SCENARIOS[advice.scenario.id].title,
    targetKindsWords(advice),
    verdictWords(advice),
  ]
  return `| ${cells.map(escapeMarkdown).join(' | ')} |`
}

function section(advice: FrontDoorAdvice, cwd: string): string {
  const where = whereWords(advice, cwd)
  const lines = [`**${escapeMarkdown(advice.name)}** at ${escapeMarkdown(where)}: ${escapeMarkdown(verdictWords(advice))}`, '']
  const item = (name: string, text: string): void => {
    lines.push(`- ${name}: ${escapeMarkdown(text)}`)
  }
  item('Exposure', exposureWords(advice))
  item('Features', featuresWords(advice))
  item('Targets', targetsWords(advice))
  item('Scenario', scenarioWords(advice))
  if ('compared' in advice.costs) {
    item('Traffic', trafficWords(advice.costs.compared))
    item('Cost', costWords(advice.costs))
    item('Break-even', breakEvenWords(advice.costs.compared))
  } else {
    item('Cost', costWords(advice.costs))
  }
  for (const reason of advice.verdict.reasons) item(escapeMarkdown(reasonHeading(reason, cwd)), reason.finding.message)
  const context = contextWords(advice)
  if (context) lines.push(`- ${escapeMarkdown(context)}`)
  return lines.join('\n')
}
