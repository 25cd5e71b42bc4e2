// run(): inputs -> bump -> write -> wait -> outputs and summary. The only place that calls core.setFailed.
import * as core from '@actions/core'
import {defaultPrBranch, readInputs, type Config} from './inputs.js'
import {BumpError, InputError, PromoteError} from './errors.js'
import {createGitHub, type GitHub} from './github/client.js'
import {step} from './github/errors.js'
import {readAndPlan} from './write/plan.js'
import type {Planner, Runtime, WriteOutcome, WriteProgress} from './write/types.js'
import {setOutputs, type Outcome} from './report/outputs.js'
import {writeSummary, type SummaryInput} from './report/summary.js'
import type {Deployment} from './github/deployment.js'
import type {BumpPlan} from './bump/types.js'
import {planBump} from './bump/index.js'
import {formatImageRef} from './image-ref.js'
import {readStages, proveSource, type Evidence, type SourceStage} from './promote/source.js'
import {promotionLines} from './promote/message.js'
import type {EvidenceRow} from './promote/evidence.js'
import {INPUT_DEFAULTS} from './inputs.js'
import {createBudget} from './budget.js'
import {commandSafe} from './report/untrusted.js'

export function defaultRuntime(): Runtime {
  return {
    clock: () => Date.now(),
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    random: Math.random,
    // Info lines carry Flux's and reporters' words: never let a line of them act as a workflow command.
    log: {info: m => core.info(commandSafe(m)), debug: core.debug, warning: core.warning}
  }
}

export async function run(runtime: Runtime = defaultRuntime()): Promise<void> {
  const startedAt = runtime.clock()
  let rt = runtime
  const outcome: Outcome = {result: 'failed'}
  const summary: SummaryInput = {outcome, serverUrl: process.env.GITHUB_SERVER_URL || 'https://github.com', targets: []}
  let deployment: Deployment | undefined
  let gh: GitHub | undefined
  let cfg: Config | undefined
  try {
    // Mask secrets before anything could print them.
    for (const secret of ['token', 'connector-token']) {
      const v = core.getInput(secret)
      if (v) core.setSecret(v)
    }
    cfg = await core.group('Resolve inputs', async () => readInputs(name => core.getInput(name)))
    let config = cfg
    summary.repository = `${config.owner}/${config.repo}`
    summary.targets = config.targets.map(t => t.line)
    // One budget from the run's start for the merge wait, the Flux wait and the soak; it learns GitHub's clock.
    const budget = createBudget(config.timeoutMs, rt.clock, startedAt)
    rt = {...rt, budget}
    const github = (gh = createGitHub(config.token, rt.log, process.env, budget, rt.clock))
    const at = {owner: config.owner, repo: config.repo}

    const branch =
      config.branch ||
      (await step('read the repository', summary.repository, 'metadata: read', async () => {
        const res = await github.octokit.rest.repos.get(at)
        return res.data.default_branch
      }))
    summary.branch = branch

    // Re-reads and re-plans the branch when a commit loses a race; sees the resolved targets of a promotion.
    const planner: Planner = b => readAndPlan(github, at, b, config)
    let source: SourceStage | undefined
    let first
    if (config.from) {
      const from = config.from
      const read = await core.group('Resolve from the source stage', async () => {
        const r = await readStages(github, config, from, branch)
        logResolution(r.source, from.paths)
        return r
      })
      source = read.source
      config = cfg = {...config, targets: source.resolution.targets}
      summary.targets = config.targets.map(t => t.line)
      summary.source = {
        paths: from.paths,
        branch: source.branch,
        revision: source.revision,
        soakMs: from.soakMs,
        rows: [],
        skipped: source.resolution.skipped
      }
      const targets = config.targets
      first = await core.group('Bump images', async () => {
        const planned = {head: read.target.head, plan: planBump(read.target.files, targets)}
        logPlan(planned.plan, planned.head, branch)
        return planned
      })
    } else {
      first = await core.group('Bump images', async () => {
        const planned = await planner(branch)
        logPlan(planned.plan, planned.head, branch)
        return planned
      })
    }
    summary.plan = first.plan
    outcome.images = config.targets.map(t => formatImageRef(t.ref))

    if (config.from && source) {
      const from = config.from
      const stage = source
      const evidence: Evidence = await core.group('Check the source stage', () =>
        proveSource(github, config, from, stage, rt, {
          once: config.dryRun,
          onRows: rows => {
            if (summary.source) summary.source.rows = rows
          }
        })
      )
      outcome.sourceRevision = evidence.sourceRevision
      logEvidence(evidence.rows)
      const lines = promotionLines(source.resolution, first.plan, from.paths, evidence.sourceRevision)
      const subject =
        lines.length === 1
          ? (lines[0] as string)
          : `promote ${lines.length} images from ${from.paths.join(', ')}@${evidence.sourceRevision.slice(0, 7)}`
      const message = lines.length === 1 ? subject : [subject, '', ...lines].join('\n')
      config = cfg = {
        ...config,
        promotion: lines,
        commitMessage: config.commitMessage === INPUT_DEFAULTS['commit-message'] ? message : config.commitMessage,
        prTitle: config.prTitle === INPUT_DEFAULTS['pr-title'] ? subject : config.prTitle
      }
    }

    if (config.dryRun) {
      const {unifiedDiff} = await import('./diff.js')
      const diff = first.plan.edits.map(e => unifiedDiff(e.path, e.before, e.after)).join('')
      if (diff) core.info(diff)
      Object.assign(outcome, {
        result: 'dry-run',
        changed: first.plan.edits.length > 0,
        files: first.plan.edits.map(e => e.path),
        commit: first.head
      })
      summary.diff = diff
      return
    }

    if (config.wait === 'handoff') {
      // A handoff that cannot be registered must fail before anything is written.
      const {checkConnector} = await import('./wait/handoff.js')
      await core.group('Check the connector', () => checkConnector(config, rt))
    }

    if (config.environment) {
      deployment = await step(
        `create a deployment for '${config.environment}'`,
        config.run.repository,
        'deployments: write',
        async () => {
          const {createDeployment, setDeploymentState} = await import('./github/deployment.js')
          const d = await createDeployment(github, {
            repository: config.run.repository,
            sha: config.run.sha,
            environment: config.environment,
            description: `gitops-promote ${summary.targets.join(', ')}`
          })
          await setDeploymentState(
            github,
            d,
            'in_progress',
            `Promoting to ${config.owner}/${config.repo}@${branch}`,
            config.run.url
          )
          return d
        }
      )
    }

    // The phases only some runs reach (writing, waiting, reverting) load when reached: less code at start.
    const {write, promotionText} = await import('./write/index.js')
    const progress: WriteProgress = {}
    const written: WriteOutcome = await core
      .group(config.strategy === 'push' ? 'Write commit' : 'Open pull request', () =>
        write(
          github,
          at,
          branch,
          first,
          planner,
          promotionText({...config, runUrl: config.run.url}, branch),
          {...config, prBranch: config.prBranch || defaultPrBranch(branch, config.targets)},
          budget,
          rt,
          progress
        )
      )
      .finally(() => {
        if (progress.pr) outcome.pullRequest = progress.pr
      })
    Object.assign(outcome, {
      changed: written.changed,
      files: written.files,
      commit: written.commit,
      pullRequest: written.pr
    })
    summary.plan = written.plan

    if (config.wait === 'none') {
      outcome.result = 'written'
      return
    }
    if (config.wait === 'handoff') {
      const {registerWatch, watchBody} = await import('./wait/handoff.js')
      const body = watchBody(config, {
        branch,
        commit: written.commit,
        images: outcome.images ?? config.targets.map(t => formatImageRef(t.ref)),
        written: written.plan.edits.map(e => ({path: e.path, images: [...new Set(e.changes.map(c => c.target))]})),
        startedAt,
        deployment: deployment && {repository: `${deployment.owner}/${deployment.repo}`, id: deployment.id}
      })
      const watch = await core.group('Hand off to the connector', async () => {
        const r = await registerWatch(config, body, rt)
        core.info(
          `Watch ${r.id}${r.created ? '' : ' (already registered by this run)'}: the connector waits for ` +
            `${body.contexts.join(', ')} to report ${written.commit.slice(0, 7)} healthy until ${body.deadline}, then ` +
            `sends repository_dispatch 'gitops-promote.<result>' to ${body.workflow_repository}.`
        )
        return r
      })
      outcome.watchId = watch.id
      outcome.result = 'handed-off'
      return
    }
    const {awaitRollout} = await import('./wait/run.js')
    const waited = await core.group('Wait for Flux', () => awaitRollout(github, config, branch, written, rt))
    summary.contexts = waited.rows
    if (waited.appliedRevision) outcome.appliedRevision = waited.appliedRevision
    outcome.result = waited.result
    if (waited.result !== 'healthy') outcome.message = waited.message
    else core.info(commandSafe(waited.message))
    if (waited.result === 'failed' && config.onFailure === 'revert' && written.changed) {
      core.error(waited.message, {title: 'gitops-promote: rollout failed, reverting'})
      const {rollBack} = await import('./rollback.js')
      const back = await core.group('Revert', () => rollBack(github, config, branch, written, waited.message, rt))
      Object.assign(outcome, {result: back.result, message: back.message, revertCommit: back.revertCommit})
      if (back.rows) summary.contexts = back.rows
    }
  } catch (e) {
    outcome.result = e instanceof PromoteError ? e.result : 'failed'
    outcome.message = messageFor(e)
    if (e instanceof BumpError && e.file) {
      core.error(e.message, {title: 'gitops-promote', file: e.file, startLine: e.line, startColumn: e.column})
    }
    if (!(e instanceof InputError || e instanceof BumpError || e instanceof PromoteError)) {
      core.debug((e as Error)?.stack ?? String(e))
    }
  } finally {
    await core.group('Outputs', async () => {
      // Handed off: the connector moves the Deployment when it decides.
      if (deployment && gh && outcome.result !== 'handed-off')
        await finishDeployment(gh, deployment, outcome, cfg?.run.url ?? '')
      setOutputs(outcome)
      await writeSummary(summary).catch((e: unknown) => core.warning(`Could not write the job summary: ${String(e)}`))
      if (gh) core.info(`GitHub API: ${gh.stats.requests} requests, ${gh.stats.notModified} answered 304 (free).`)
    })
    const ok = ['healthy', 'written', 'dry-run', 'handed-off'].includes(outcome.result)
    if (!ok) core.setFailed(outcome.message ?? `gitops-promote ended ${outcome.result}`)
  }
}

function messageFor(e: unknown): string {
  if (e instanceof Error) return e.message
  return String(e)
}

function logResolution(source: SourceStage, paths: string[]): void {
  const r = source.resolution
  core.info(
    `Source stage '${paths.join(', ')}' on '${source.branch}' at ${source.head.slice(0, 12)}; last changed by ${source.revision.slice(0, 12)}.`
  )
  for (const image of r.images) {
    const where = image.where.map(w => `${w.file}:${w.line}`).join(', ')
    core.info(`${image.line === '*' ? '* ->' : `${image.line} ->`} ${image.reference} (${where})`)
  }
  if (r.skipped.length > 0) core.info(`Skipped (referenced by the source only): ${r.skipped.join(', ')}`)
}

function logEvidence(rows: EvidenceRow[]): void {
  core.info('Evidence:')
  for (const r of rows) {
    const since = r.healthySince === undefined ? '' : `, healthy since ${new Date(r.healthySince).toISOString()}`
    core.info(`  ${r.context || r.pattern}: ${r.state} on ${r.commit.slice(0, 7)}${since} "${r.description}"`)
  }
}

function logPlan(plan: BumpPlan, head: string, branch: string): void {
  core.info(`Read ${plan.scanned.length} manifest files at ${head.slice(0, 12)} of '${branch}'.`)
  for (const w of plan.warnings) core.warning(w)
  for (const edit of plan.edits) {
    for (const c of edit.changes) core.info(commandSafe(`${c.file}:${c.line}: ${c.field} ${c.from} -> ${c.to}`))
  }
  if (plan.edits.length === 0) core.info('Every matched reference already has the requested value.')
}

async function finishDeployment(gh: GitHub, d: Deployment, o: Outcome, logUrl: string): Promise<void> {
  const state = o.result === 'healthy' || o.result === 'written' ? 'success' : 'failure'
  const text =
    o.result === 'healthy'
      ? `Flux reports ${o.appliedRevision?.slice(0, 7) ?? ''} applied and healthy`
      : o.result === 'written'
        ? 'Written to the gitops repo; health not awaited (wait: none)'
        : (o.message ?? o.result)
  try {
    const {setDeploymentState} = await import('./github/deployment.js')
    await setDeploymentState(gh, d, state, text, logUrl)
  } catch (e) {
    core.warning(`Could not update deployment ${d.id}: ${messageFor(e)}`)
  }
}
