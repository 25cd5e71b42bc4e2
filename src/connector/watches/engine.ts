// Runs the watches: on every change of the Flux state and on a timer (deadlines, failure-grace, soak, retries) it
// judges each open watch, stores the decision, then sends the dispatch (retried until GitHub accepts it) and moves
// the Deployment. Every step is stored before the next, so a restart resumes exactly where it stopped.
import type {ConnectorObject} from '../events.js'
import type {Ancestry} from '../../core/rollout/revision.js'
import {createEvidence, type Evidence} from '../../core/rollout/evidence.js'
import {readTargets} from '../../core/targets.js'
import {readCharts} from '../../core/charts.js'
import {countChartVersion, unanchored} from '../../core/connector-api.js'
import type {GitHubApi} from '../github-app.js'
import {describeError} from '../github-app.js'
import type {Supersession} from '../../core/rollout/types.js'
import {decide, reportsFor} from './decide.js'
import {deploymentStatusBody, dispatchBody, retryDelayMs} from './dispatch.js'
import type {Watch, WatchSpec} from './spec.js'
import {WatchStoreFailure, type WatchStore} from './store.js'

/** How often open watches are judged without a Flux event (deadlines, grace, soak, due retries). */
export const TICK_MS = 1000
/** Reports on commits outside C's known descendants re-read the ancestry at most this often. */
const ANCESTRY_RECHECK_MS = 30_000
/** The Deployment status is best effort after the dispatch: bounded attempts, then a log line. */
const MAX_DEPLOYMENT_ATTEMPTS = 10
/** Watches judged at once in a pass. */
export const WATCH_CONCURRENCY = 8

/** Runs `fn` on every item, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T)
  }
  await Promise.all(Array.from({length: Math.min(Math.max(1, limit), items.length)}, worker))
}

export interface WatchEngineOptions {
  store: WatchStore
  /** The connector's current Flux objects. */
  objects: () => readonly ConnectorObject[]
  github: GitHubApi
  /** Deadlines, failure grace, soak and retry times are read from it. */
  clock: () => number
  random?: () => number
  log?: (msg: string) => void
  tickMs?: number
  /** Watches judged at once (default WATCH_CONCURRENCY). */
  concurrency?: number
  /** Called when the store fails (the connector ends the process); default: log only. */
  onFatal?: (e: unknown) => void
  /** The gitops repo's reads for a watch; default through `github`. */
  evidence?: (spec: WatchSpec) => WatchEvidence
}

/** The wait's reads of the gitops repo for one watch: the action's own (src/wait/evidence.ts). */
export type WatchEvidence = Evidence

/** Reads through the App's installation on the gitops repo, with the written files re-read as the action would. */
export function githubEvidence(github: GitHubApi, spec: WatchSpec): WatchEvidence {
  const [owner = '', repo = ''] = spec.repository.split('/')
  return createEvidence({
    get: (route, params) => github.get(spec.repository, route, params),
    owner,
    repo,
    c: spec.commit,
    branch: spec.branch,
    written: spec.written.map(w => ({
      path: w.path,
      targets: [
        ...(w.images.length > 0 ? readTargets(w.images, false).targets : []),
        ...readCharts(w.charts ?? [], false).targets.map(t => (w.releases ? {...t, releases: w.releases} : t))
      ]
    }))
  })
}

interface AncestryState {
  evidence: WatchEvidence
  ancestry: Ancestry
  /** Commits seen in reports that were not descendants when last checked. */
  outside: Set<string>
  checkedAt: number
}

export class WatchEngine {
  private readonly clock: () => number
  private readonly random: () => number
  private readonly log: (msg: string) => void
  private readonly ancestries = new Map<string, AncestryState>()
  private readonly evidenceFor: (spec: WatchSpec) => WatchEvidence
  private readonly warned = new Map<string, string>()
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private again = false
  private stopped = false

  constructor(private readonly opts: WatchEngineOptions) {
    this.clock = opts.clock
    this.random = opts.random ?? Math.random
    this.log = opts.log ?? (() => undefined)
    this.evidenceFor = opts.evidence ?? (spec => githubEvidence(opts.github, spec))
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.opts.tickMs ?? TICK_MS)
    this.timer.unref()
    this.kick()
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.timer)
    await this.running
  }

  /** Judges every open watch soon; calls while a pass runs make one more pass. */
  kick(): void {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    this.running = (async () => {
      do {
        this.again = false
        await this.pass()
      } while (this.again && !this.stopped)
    })().finally(() => {
      this.running = undefined
    })
  }

  async register(spec: WatchSpec): Promise<{watch: Watch; created: boolean}> {
    const r = await this.opts.store.create(spec, this.clock())
    if (r.created) {
      this.log(
        `watch ${r.watch.id}: ${spec.repository}@${spec.branch} ${spec.commit.slice(0, 7)} for ${spec.contexts.join(', ')}` +
          ` (deadline ${new Date(spec.deadline).toISOString()}), dispatching to ${spec.workflowRepository}`
      )
      this.kick()
    }
    return r
  }

  private async pass(): Promise<void> {
    let open: Watch[]
    try {
      if (this.opts.store.lead && !(await this.opts.store.lead())) return
      open = await this.opts.store.open()
    } catch (e) {
      this.log(`reading the watches failed: ${describeError(e)}`)
      return
    }
    let fatal = false
    // Watches are independent: a few at once, so one slow repository (GitHub at its deadline) does not hold up the
    // rest, and never so many that a pass floods GitHub or the store.
    await eachLimited(open, this.opts.concurrency ?? WATCH_CONCURRENCY, async w => {
      if (this.stopped || fatal) return
      try {
        if (w.status === 'watching') await this.evaluate(w)
        if (w.status === 'dispatching') await this.deliver(w)
      } catch (e) {
        // A store failure ends the process; anything else is retried on the next pass.
        if (e instanceof WatchStoreFailure) {
          if (fatal) return
          fatal = true
          this.log(e.message)
          this.opts.onFatal?.(e)
          return
        }
        this.warnOnce(w.id, `watch ${w.id}: ${describeError(e)}`)
      }
    })
    if (fatal) return
    for (const id of this.ancestries.keys()) if (!open.some(w => w.id === id)) this.ancestries.delete(id)
  }

  private ancestry(w: Watch): AncestryState {
    let a = this.ancestries.get(w.id)
    if (!a) {
      const ancestry: Ancestry = {commits: [w.spec.commit], touched: new Set()}
      a = {evidence: this.evidenceFor(w.spec), ancestry, outside: new Set(), checkedAt: 0}
      this.ancestries.set(w.id, a)
    }
    return a
  }

  private async evaluate(w: Watch): Promise<void> {
    const now = this.clock()
    // A HelmRelease still at another chart version than the one written is not healthy for this watch.
    const charts = w.spec.charts ?? []
    const objects = charts.length > 0 ? this.opts.objects().map(o => countChartVersion(o, charts)) : this.opts.objects()
    const reports = reportsFor(objects, w.spec.contexts)
    const a = this.ancestry(w)
    const unknown = reports.filter(r => !a.ancestry.commits.includes(r.commit))
    const fresh = unknown.some(r => !a.outside.has(r.commit))
    let superseded: ReadonlyMap<string, Supersession> = new Map()
    try {
      if (a.checkedAt === 0 || fresh || (unknown.length > 0 && now - a.checkedAt >= ANCESTRY_RECHECK_MS)) {
        a.ancestry = await a.evidence.ancestry()
        a.checkedAt = now
        for (const r of reports) if (!a.ancestry.commits.includes(r.commit)) a.outside.add(r.commit)
      }
      if (w.baseline === undefined) {
        // The state when the watch starts: objects on this branch's history are expected even before they report.
        const baseline: string[] = []
        for (const r of reports) {
          if (!a.ancestry.commits.includes(r.commit) && (await a.evidence.inHistory(r.commit))) baseline.push(r.context)
        }
        w.baseline = baseline
        await this.opts.store.put(w)
      }
      superseded = await a.evidence.superseded(
        a.ancestry,
        reports.map(r => r.commit)
      )
    } catch (e) {
      if ((e as {fatal?: boolean}).fatal) {
        await this.decided(w, {status: 'failed', message: (e as Error).message}, now)
        return
      }
      // GitHub unreachable or erroring: judge on what is known; the deadline still applies.
      this.warnOnce(w.id, `watch ${w.id}: reading ${w.spec.repository}: ${describeError(e)}`)
      if (w.baseline === undefined) return
    }
    const d = decide(
      w.spec,
      {
        commits: a.ancestry.commits,
        reports,
        superseded,
        baseline: w.baseline ?? [],
        unanchored: unanchored(w.baseline ?? [], reports, a.ancestry.base),
        ...(a.ancestry.base ? {base: a.ancestry.base} : {})
      },
      now,
      w.memory
    )
    if (d.status === 'pending') {
      if (JSON.stringify(d.memory) !== JSON.stringify(w.memory ?? {})) {
        w.memory = d.memory
        await this.opts.store.put(w)
      }
      return
    }
    await this.decided(w, d, now)
  }

  private async decided(
    w: Watch,
    d: {status: Watch['result'] & string; message: string; appliedRevision?: string},
    now: number
  ): Promise<void> {
    w.status = 'dispatching'
    w.result = d.status
    w.message = d.message
    if (d.appliedRevision) w.appliedRevision = d.appliedRevision
    w.decidedAt = now
    await this.opts.store.put(w)
    this.log(`watch ${w.id}: ${d.status}: ${d.message.split('\n').join(' | ')}`)
  }

  private async deliver(w: Watch): Promise<void> {
    const now = this.clock()
    if (w.dispatch.sentAt === undefined) {
      if (w.dispatch.nextAttemptAt !== undefined && now < w.dispatch.nextAttemptAt) return
      if (!(await this.fenced(w, 'dispatch'))) return
      const body = dispatchBody(w)
      try {
        await this.opts.github.send(w.spec.workflowRepository, 'POST /repos/{owner}/{repo}/dispatches', {...body})
        w.dispatch = {attempts: w.dispatch.attempts + 1, sentAt: this.clock()}
        this.log(`watch ${w.id}: dispatched ${body.event_type} to ${w.spec.workflowRepository}`)
      } catch (e) {
        const attempts = w.dispatch.attempts + 1
        const delay = retryDelayMs(attempts, this.random)
        w.dispatch = {attempts, nextAttemptAt: now + delay, lastError: describeError(e)}
        this.log(`watch ${w.id}: dispatch attempt ${attempts} failed (${describeError(e)}); retrying in ${delay} ms`)
        await this.opts.store.put(w)
        return
      }
      await this.opts.store.put(w)
    }
    const dep = w.deploymentUpdate
    if (w.spec.deployment && dep && dep.doneAt === undefined && !dep.gaveUp) {
      if (dep.nextAttemptAt !== undefined && now < dep.nextAttemptAt) return
      const {repository, id} = w.spec.deployment
      if (!(await this.fenced(w, `deployment ${id} status`))) return
      try {
        await this.opts.github.send(repository, 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
          deployment_id: id,
          ...deploymentStatusBody(w)
        })
        w.deploymentUpdate = {attempts: dep.attempts + 1, doneAt: this.clock()}
      } catch (e) {
        const attempts = dep.attempts + 1
        const gaveUp = attempts >= MAX_DEPLOYMENT_ATTEMPTS
        w.deploymentUpdate = {
          attempts,
          nextAttemptAt: now + retryDelayMs(attempts, this.random),
          lastError: describeError(e),
          gaveUp
        }
        this.log(
          `watch ${w.id}: setting deployment ${id} in ${repository} failed (${describeError(e)})` +
            (gaveUp ? `; giving up after ${attempts} attempts` : '; retrying')
        )
        if (!gaveUp) {
          await this.opts.store.put(w)
          return
        }
      }
    }
    w.status = 'done'
    await this.opts.store.put(w)
  }

  /** Whether this replica may make the GitHub call for `w` now (its leader epoch is current); logged when not. */
  private async fenced(w: Watch, what: string): Promise<boolean> {
    const fence = this.opts.store.fence
    if (!fence) return true
    if (await fence.call(this.opts.store, w)) return true
    this.log(`watch ${w.id}: not sending the ${what}: this replica no longer holds the watch lead`)
    return false
  }

  private warnOnce(id: string, message: string): void {
    if (this.warned.get(id) === message) return
    this.warned.set(id, message)
    this.log(message)
  }
}
