// Phases 2 and 3: resolve the source stage of a promotion, plan the bump, and prove the source stage healthy.
import * as core from '../runner.js'
import {INPUT_DEFAULTS, type FromStage} from '../inputs.js'
import {planBump} from '../../core/bump/index.js'
import {formatImageRef} from '../../core/image-ref.js'
import {formatChart, splitTargets} from '../../core/charts.js'
import {readStages, proveSource, type Evidence, type SourceStage} from '../promote/source.js'
import {promotionLines} from '../../core/promote/message.js'
import type {Planned} from '../write/types.js'
import {logEvidence, logPlan, logResolution} from './log.js'
import {updateConfig, type RunState, type Target} from './state.js'
import {readAndPlan} from '../write/plan.js'

export interface PlannedChange {
  first: Planned
  /** Set when promoting from a source stage. */
  source?: SourceStage
}

export async function planChange(state: RunState, target: Target): Promise<PlannedChange> {
  const from = target.config.from
  const change = from ? await planPromotion(state, target, from) : {first: await planBumpAtHead(target)}
  state.summary.plan = change.first.plan
  const {images, charts} = splitTargets(target.config.targets)
  state.outcome.images = images.map(t => formatImageRef(t.ref))
  if (charts.length > 0) state.outcome.charts = charts.map(formatChart)
  return change
}

async function planBumpAtHead(target: Target): Promise<Planned> {
  return core.group('Bump', async () => {
    const planned = await readAndPlan(
      {gh: target.github, at: target.at},
      target.branch,
      target.config,
      target.headAtStart
    )
    logPlan(planned.plan, planned.head, target.branch)
    return planned
  })
}

async function planPromotion(state: RunState, target: Target, from: FromStage): Promise<PlannedChange> {
  const {branch} = target
  const read = await core.group('Resolve from the source stage', async () => {
    const r = await readStages(target.github, target.config, from, branch)
    logResolution(r.source, from.paths)
    return r
  })
  const source = read.source
  updateConfig(state, target, {...target.config, targets: source.resolution.targets})
  state.summary.targets = target.config.targets.map(t => t.line)
  state.summary.source = {
    paths: from.paths,
    branch: source.branch,
    revision: source.revision,
    soakMs: from.soakMs,
    rows: [],
    skipped: source.resolution.skipped
  }
  const targets = target.config.targets
  const first = await core.group('Bump', async () => {
    const planned = {head: read.target.head, plan: planBump(read.target.files, targets)}
    logPlan(planned.plan, planned.head, branch)
    return planned
  })
  return {first, source}
}

/** Waits for the source stage's evidence, then words the commit and pull request after the promotion. */
export async function checkSourceStage(state: RunState, target: Target, change: PlannedChange): Promise<void> {
  const config = target.config
  const {from} = config
  const stage = change.source
  if (!from || !stage) return
  const evidence: Evidence = await core.group('Check the source stage', () =>
    proveSource(target.github, config, from, stage, state.rt, {
      once: config.dryRun,
      onRows: rows => {
        if (state.summary.source) state.summary.source.rows = rows
      }
    })
  )
  state.outcome.sourceRevision = evidence.sourceRevision
  logEvidence(evidence.rows)
  const lines = promotionLines(stage.resolution, change.first.plan, from.paths, evidence.sourceRevision)
  const subject =
    lines.length === 1
      ? (lines[0] as string)
      : `promote ${lines.length} ${promotedWhat(stage.resolution.targets)} from ${from.paths.join(', ')}@${evidence.sourceRevision.slice(0, 7)}`
  const message = lines.length === 1 ? subject : [subject, '', ...lines].join('\n')
  updateConfig(state, target, {
    ...config,
    promotion: lines,
    commitMessage: config.commitMessage === INPUT_DEFAULTS['commit-message'] ? message : config.commitMessage,
    prTitle: config.prTitle === INPUT_DEFAULTS['pr-title'] ? subject : config.prTitle
  })
}

/** `images`, `charts` or `images and charts`: what a promotion of several moves. */
function promotedWhat(targets: Parameters<typeof splitTargets>[0]): string {
  const {images, charts} = splitTargets(targets)
  return charts.length === 0 ? 'images' : images.length === 0 ? 'charts' : 'images and charts'
}
