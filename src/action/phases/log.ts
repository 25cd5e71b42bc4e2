// What the run prints about the source stage, the evidence and the planned edits.
import * as core from '../runner.js'
import type {BumpPlan} from '../../core/bump/types.js'
import type {SourceStage} from '../promote/source.js'
import type {EvidenceRow} from '../../core/rollout/source-evidence.js'
import {safeInfo} from '../runtime.js'

export function logResolution(source: SourceStage, paths: string[]): void {
  const r = source.resolution
  core.info(
    `Source stage '${paths.join(', ')}' on '${source.branch}' at ${source.head.slice(0, 12)}; last changed by ${source.revision.slice(0, 12)}.`
  )
  // File names and references come from the gitops repo: printed so that none of them can act as a command.
  for (const image of r.images) {
    const where = image.where.map(w => `${w.file}:${w.line}`).join(', ')
    safeInfo(`${image.line === '*' ? '* ->' : `${image.line} ->`} ${image.reference} (${where})`)
  }
  if (r.skipped.length > 0) safeInfo(`Skipped (referenced by the source only): ${r.skipped.join(', ')}`)
}

export function logEvidence(rows: EvidenceRow[]): void {
  core.info('Evidence:')
  for (const r of rows) {
    const since = r.healthySince === undefined ? '' : `, healthy since ${new Date(r.healthySince).toISOString()}`
    // Flux's words: a line of them must not act as a workflow command.
    safeInfo(`  ${r.context || r.pattern}: ${r.state} on ${r.commit.slice(0, 7)}${since} "${r.description}"`)
  }
}

export function logPlan(plan: BumpPlan, head: string, branch: string): void {
  core.info(`Read ${plan.scanned.length} manifest files at ${head.slice(0, 12)} of '${branch}'.`)
  for (const w of plan.warnings) core.warning(w)
  for (const edit of plan.edits) {
    for (const c of edit.changes) safeInfo(`${c.file}:${c.line}: ${c.field} ${c.from} -> ${c.to}`)
  }
  if (plan.edits.length === 0) core.info('Every matched reference already has the requested value.')
}
