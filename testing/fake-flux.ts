// A fake Flux notification-controller with a `github` Provider: when the watched branch gets a new head, each
// reporter posts a commit status (or, for other reporters, a check run) on that commit through the fake GitHub's
// HTTP API, after a delay, following an optional script. No jest imports (scripts use the compiled copy).
import type {FakeEvent, FakeGitHub} from './fake-github/index.js'

export type FluxState = 'success' | 'failure' | 'error' | 'pending'

export interface FluxStep {
  /** Wait this long after the previous step (the first step: after the reporter's `delayMs`). Default 0. */
  afterMs?: number
  state: FluxState
  /** Default: "reconciliation succeeded" for success, "health check failed" otherwise. */
  description?: string
}

export interface FluxReporter {
  /** Status context (Flux: `kustomization/<name>/<first 8 hex of the Provider UID>`), or check-run name. */
  context: string
  /** Delay between a new head and the first report. Default 0. */
  delayMs?: number
  /** What to post on each new head, in order. Default: one success "reconciliation succeeded". */
  script?: FluxStep[]
  /** `status` (Flux's github provider, default) or `check-run` (other reporters). */
  via?: 'status' | 'check-run'
  /** Never report anything (a Kustomization that is never reconciled, or Flux 2.8.0). */
  never?: boolean
  /**
   * Report only on heads for which this returns true. `index` counts the heads seen since start (0 = first new
   * head). E.g. `({index}) => index >= 1` reports only on a later commit.
   */
  when?: (head: {sha: string; index: number}) => boolean
  /**
   * Like Flux fetching at an interval: if the branch moves again before a pending report fires, report on the
   * newest head instead of each one. Default false (each head gets its own reports).
   */
  coalesce?: boolean
  /** target_url of posted statuses (Flux's github provider posts none). */
  targetUrl?: string
  /** Report on this commit instead of the new head (e.g. an older one Flux is still applying). */
  commit?: (head: {sha: string; index: number}) => string
}

export interface FakeFluxOptions {
  owner: string
  repo: string
  branch: string
  reporters: FluxReporter[]
  /** Token for the fake's API (default: the fake's accepted token). */
  token?: string
  /** Also report on the head present at start (default false: Flux already did). */
  reportInitial?: boolean
}

export interface FluxReport {
  context: string
  sha: string
  state: FluxState
  description: string
  via: 'status' | 'check-run'
  at: number
  httpStatus: number
}

export interface FakeFlux {
  /** Every report posted so far, in order. */
  readonly reports: FluxReport[]
  /** Posts one status (or check run) now, through the HTTP API. */
  report(
    sha: string,
    context: string,
    state: FluxState,
    description?: string,
    via?: 'status' | 'check-run'
  ): Promise<FluxReport>
  /** Resolves when no report is scheduled or in flight. */
  idle(): Promise<void>
  stop(): Promise<void>
}

function defaultDescription(state: FluxState): string {
  return state === 'success' ? 'reconciliation succeeded' : state === 'pending' ? 'progressing' : 'health check failed'
}

export function startFakeFlux(fake: FakeGitHub, opts: FakeFluxOptions): FakeFlux {
  const reports: FluxReport[] = []
  const timers = new Set<NodeJS.Timeout>()
  const inflight = new Set<Promise<unknown>>()
  const ref = `refs/heads/${opts.branch}`
  const token = opts.token ?? fake.token
  let stopped = false
  let index = 0
  const pendingCoalesced = new Map<FluxReporter, boolean>()
  let idleWaiters: (() => void)[] = []

  const checkIdle = (): void => {
    if (timers.size === 0 && inflight.size === 0) {
      const waiters = idleWaiters
      idleWaiters = []
      for (const w of waiters) w()
    }
  }

  const schedule = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t)
      if (!stopped) fn()
      checkIdle()
    }, ms)
    timers.add(t)
  }

  const post = async (
    sha: string,
    context: string,
    state: FluxState,
    description: string,
    via: 'status' | 'check-run',
    targetUrl?: string
  ): Promise<FluxReport> => {
    const base = `${fake.url}/repos/${opts.owner}/${opts.repo}`
    const headers = {
      authorization: `token ${token}`,
      accept: 'application/vnd.github+json',
      'content-type': 'application/json',
      'user-agent': 'fake-flux-notification-controller',
      'x-fake-client': 'fake-flux'
    }
    let res: Response
    if (via === 'status') {
      const body: Record<string, string> = {state, context, description}
      if (targetUrl) body.target_url = targetUrl
      res = await fetch(`${base}/statuses/${sha}`, {method: 'POST', headers, body: JSON.stringify(body)})
    } else {
      const completed = state !== 'pending'
      const body: Record<string, unknown> = {
        name: context,
        head_sha: sha,
        status: completed ? 'completed' : 'in_progress',
        output: {title: description, summary: description}
      }
      if (completed) body.conclusion = state === 'success' ? 'success' : 'failure'
      res = await fetch(`${base}/check-runs`, {method: 'POST', headers, body: JSON.stringify(body)})
    }
    await res.arrayBuffer()
    const r: FluxReport = {context, sha, state, description, via, at: Date.now(), httpStatus: res.status}
    reports.push(r)
    return r
  }

  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p)
    const done = (): void => {
      inflight.delete(p)
      checkIdle()
    }
    p.then(done, done)
    return p
  }

  const runScript = (reporter: FluxReporter, shaOf: () => string | undefined): void => {
    const steps = reporter.script ?? [{state: 'success' as const}]
    let at = reporter.delayMs ?? 0
    steps.forEach((step, i) => {
      at += step.afterMs ?? 0
      schedule(at, () => {
        if (i === 0) pendingCoalesced.delete(reporter)
        const sha = shaOf()
        if (!sha) return
        track(
          post(
            sha,
            reporter.context,
            step.state,
            step.description ?? defaultDescription(step.state),
            reporter.via ?? 'status',
            reporter.targetUrl
          )
        ).catch(() => undefined)
      })
    })
  }

  const onHead = (sha: string): void => {
    const head = {sha, index: index++}
    for (const reporter of opts.reporters) {
      if (reporter.never) continue
      if (reporter.when && !reporter.when(head)) continue
      if (reporter.coalesce) {
        if (pendingCoalesced.get(reporter)) continue
        pendingCoalesced.set(reporter, true)
        let chosen: string | undefined
        runScript(reporter, () => (chosen ??= fake.headOf(opts.owner, opts.repo, opts.branch)))
      } else {
        const target = reporter.commit ? reporter.commit(head) : sha
        runScript(reporter, () => target)
      }
    }
  }

  const unsubscribe = fake.onEvent((e: FakeEvent) => {
    if (stopped || e.type !== 'ref' || e.ref !== ref || !e.sha) return
    if (e.owner.toLowerCase() !== opts.owner.toLowerCase() || e.repo.toLowerCase() !== opts.repo.toLowerCase()) return
    onHead(e.sha)
  })
  if (opts.reportInitial) {
    const sha = fake.headOf(opts.owner, opts.repo, opts.branch)
    if (sha) onHead(sha)
  }

  return {
    reports,
    report: (sha, context, state, description, via = 'status') =>
      track(post(sha, context, state, description ?? defaultDescription(state), via)),
    idle: () =>
      new Promise<void>(resolve => {
        idleWaiters.push(resolve)
        checkIdle()
      }),
    stop: async () => {
      stopped = true
      unsubscribe()
      for (const t of timers) clearTimeout(t)
      timers.clear()
      await Promise.allSettled([...inflight])
      checkIdle()
    }
  }
}
