// The wait's judgement, pure: a Snapshot plus the time -> healthy / failed / superseded / pending, per pattern and
// overall. No I/O and no clock reads, so every rule is tested directly; the connector reuses it for handed-off waits.
//
// The rules (docs/architecture.md, "The rules of the wait", explains them):
// - Expected set: a pattern expects every context it matches that reported on B (C's first parent), that is listed
//   in the snapshot's baseline, or that reports on C or a descendant of C. Those follow this branch.
// - For one context, the report that counts is the newest on C or a descendant that still holds the written values
//   (newest commit first, then the newest timestamp).
// - A pattern is healthy when its expected set is not empty and every context in it counts a healthy report. One
//   failing context starts the failure-grace (from the failing report's own timestamp); one silent context keeps it
//   pending. Past the grace the pattern has failed, even when other patterns are healthy.
// - Superseded: a context whose newest report is on a descendant that no longer holds the written values, and that
//   has no healthy report on a commit that does (in `strict` mode, used while soaking: whatever it had before).

import {contextMatcher} from '../glob.js'
import {formatDuration} from '../duration.js'
import type {Report, Snapshot, Supersession} from './types.js'

/** How one expected context stands. */
export type Health = 'healthy' | 'failing' | 'pending' | 'superseded'

/** `failing` = failing but still inside the failure-grace; `failed` = past it. */
export type PatternStatus = 'healthy' | 'failing' | 'failed' | 'pending' | 'superseded'

export interface ContextRow {
  context: string
  /** The report that counts (on C or a descendant holding the values); absent: no report there yet. */
  report?: Report
  /** The newest report on C or any descendant, holding or not (differs from `report` when superseded). */
  newest?: Report
  health: Health
  /** failing: when this context's failing streak began (its failing report's own timestamp, or earlier). */
  failingSince?: number
  /** superseded: the descendant that changed the values and what it holds. */
  supersededBy?: Supersession
}

export interface PatternVerdict {
  pattern: string
  status: PatternStatus
  /**
   * The deciding report. healthy: the healthy report closest to the head; failing/failed: the failing report that
   * started the grace clock; superseded: the newest report, on the superseding commit; pending: the newest report
   * seen for an expected context (absent: no report yet).
   */
  report?: Report
  /** When the grace clock started; set for failing/failed. */
  failingSince?: number
  /** superseded: the commit that changed the values and what it holds. */
  supersededBy?: Supersession
  /** The expected set: every context this pattern waits for, sorted. */
  contexts: string[]
  /** The expected contexts that are not healthy yet (for progress lines and the timeout message), sorted. */
  waitingOn: ContextRow[]
}

export interface Verdict {
  status: 'healthy' | 'failed' | 'superseded' | 'pending'
  /** On healthy: the newest commit among the reports that made the patterns healthy. */
  appliedRevision?: string
  patterns: PatternVerdict[]
  /** Every expected context of some pattern, sorted by name. */
  contexts: ContextRow[]
  /** The `now` the verdict was made at (messages say how long things have been failing). */
  now: number
  /** context -> start of its current failing streak: pass it back as `failingSince` to the next judge call. */
  failingSince: ReadonlyMap<string, number>
}

export interface JudgeOptions {
  patterns: string[]
  /** Glob a commit status's description must match for `success` to mean healthy (`*`: any). */
  healthyDescription: string
  graceMs: number
  /** Now, on the reporters' clock (GitHub's): compared with the reports' timestamps. */
  now: number
  /**
   * The previous verdict's `failingSince`: a context that keeps failing keeps its streak's start even when the
   * reporter posts a fresh failure (a newer timestamp) on every retry.
   */
  failingSince?: ReadonlyMap<string, number>
  /** Soak: a context whose newest report is on a superseding commit is superseded even if it was healthy before. */
  strict?: boolean
}

export function judge(snapshot: Snapshot, opts: JudgeOptions): Verdict {
  const index = new Map<string, number>()
  snapshot.commits.forEach((sha, i) => {
    if (!index.has(sha)) index.set(sha, i)
  })
  const superseded = snapshot.superseded ?? new Map<string, Supersession>()
  const healthyDescription = contextMatcher(opts.healthyDescription)
  const rank = (r: Report): number => index.get(r.commit) ?? -1
  const latest = latestReports(snapshot, index, superseded, rank)

  const failingSince = new Map<string, number>()
  const rowOf = (context: string): ContextRow =>
    contextRow(context, {latest, superseded}, {healthyDescription, opts}, failingSince)
  const known = [...latest.known].sort(compareStrings)
  const rows = new Map<string, ContextRow>()
  const patterns: PatternVerdict[] = opts.patterns.map(pattern => {
    const matches = contextMatcher(pattern)
    const mine: ContextRow[] = []
    for (const context of known) {
      if (!matches(context)) continue
      let row = rows.get(context)
      if (!row) rows.set(context, (row = rowOf(context)))
      mine.push(row)
    }
    return judgePattern(pattern, mine, opts, rank)
  })

  const contexts = [...rows.values()].sort((a, b) => compareStrings(a.context, b.context))
  const base = {patterns, contexts, now: opts.now, failingSince}
  if (patterns.some(p => p.status === 'failed')) return {status: 'failed', ...base}
  if (patterns.some(p => p.status === 'superseded')) return {status: 'superseded', ...base}
  if (patterns.every(p => p.status === 'healthy')) {
    let applied: Report | undefined
    for (const row of contexts) if (row.report && (!applied || rank(row.report) > rank(applied))) applied = row.report
    return {status: 'healthy', ...(applied ? {appliedRevision: applied.commit} : {}), ...base}
  }
  return {status: 'pending', ...base}
}

/** Per context, the newest report on C or any descendant and the newest on a commit still holding the values. */
interface LatestReports {
  newestAny: Map<string, Report>
  counting: Map<string, Report>
  /** Every context that reported on B, C or a descendant, or is listed in the baseline. */
  known: Set<string>
}

function latestReports(
  snapshot: Snapshot,
  index: ReadonlyMap<string, number>,
  superseded: ReadonlyMap<string, Supersession>,
  rank: (r: Report) => number
): LatestReports {
  const newestAny = new Map<string, Report>()
  const counting = new Map<string, Report>()
  const known = new Set<string>(snapshot.baseline ?? [])
  const keepNewest = (map: Map<string, Report>, report: Report, i: number): void => {
    const held = map.get(report.context)
    if (held === undefined || newerOrSame(report, i, held, rank(held))) map.set(report.context, report)
  }
  for (const report of snapshot.reports) {
    if (snapshot.base !== undefined && report.commit === snapshot.base) known.add(report.context)
    const i = index.get(report.commit)
    if (i === undefined) continue
    known.add(report.context)
    keepNewest(newestAny, report, i)
    if (!superseded.has(report.commit)) keepNewest(counting, report, i)
  }
  return {newestAny, counting, known}
}

/** How one expected context stands; records a failing context's streak start in `failingSince`. */
function contextRow(
  context: string,
  {latest, superseded}: {latest: LatestReports; superseded: ReadonlyMap<string, Supersession>},
  {healthyDescription, opts}: {healthyDescription: (description: string) => boolean; opts: JudgeOptions},
  failingSince: Map<string, number>
): ContextRow {
  const report = latest.counting.get(context)
  const newest = latest.newestAny.get(context)
  const base = {context, ...(report ? {report} : {}), ...(newest ? {newest} : {})}
  const by = newest ? superseded.get(newest.commit) : undefined
  const health = report ? reportHealth(report, healthyDescription) : 'pending'
  if (by && (opts.strict || health !== 'healthy')) return {...base, health: 'superseded', supersededBy: by}
  if (health === 'failing' && report) {
    const since = Math.min(report.at, opts.failingSince?.get(context) ?? report.at)
    failingSince.set(context, since)
    return {...base, health, failingSince: since}
  }
  return {...base, health}
}

/** One pattern's status from its expected contexts: failed, then superseded, healthy, failing, pending. */
function judgePattern(
  pattern: string,
  mine: ContextRow[],
  opts: JudgeOptions,
  rank: (r: Report) => number
): PatternVerdict {
  const newest = (a: Report, b: Report): Report => (newerOrSame(b, rank(b), a, rank(a)) ? b : a)
  const contexts = mine.map(r => r.context)
  const waitingOn = mine.filter(r => r.health !== 'healthy')
  const reports = (rs: ContextRow[]): Report[] => rs.flatMap(r => (r.report ? [r.report] : []))

  const failing = mine.filter(r => r.health === 'failing')
  const first = failing.reduce<ContextRow | undefined>(
    (a, b) => (a === undefined || (b.failingSince as number) < (a.failingSince as number) ? b : a),
    undefined
  )
  const failed = first !== undefined && opts.now - (first.failingSince as number) > opts.graceMs
  if (failed && first?.report) {
    return {pattern, status: 'failed', report: first.report, failingSince: first.failingSince, contexts, waitingOn}
  }
  const gone = mine.find(r => r.health === 'superseded')
  if (gone) {
    const verdict: PatternVerdict = {pattern, status: 'superseded', contexts, waitingOn}
    if (gone.newest) verdict.report = gone.newest
    if (gone.supersededBy) verdict.supersededBy = gone.supersededBy
    return verdict
  }
  if (mine.length > 0 && waitingOn.length === 0) {
    return {pattern, status: 'healthy', report: reports(mine).reduce(newest), contexts, waitingOn}
  }
  if (first?.report) {
    return {pattern, status: 'failing', report: first.report, failingSince: first.failingSince, contexts, waitingOn}
  }
  const seen = reports(mine)
  return {
    pattern,
    status: 'pending',
    ...(seen.length > 0 ? {report: seen.reduce(newest)} : {}),
    contexts,
    waitingOn
  }
}

/** How one report reads on its own: healthy, failing or pending. */
export function reportHealth(
  r: Report,
  healthyDescription: (description: string) => boolean
): Exclude<Health, 'superseded'> {
  if (r.state === 'failure') return 'failing'
  if (r.state !== 'success') return 'pending'
  // Flux <= 2.7 posts `success` for "dependency not ready": only the configured description means healthy.
  if (r.source === 'status' && !healthyDescription(r.description)) return 'pending'
  return 'healthy'
}

/** Whether `a` (at commit index ia) supersedes `b`: later commit, then later `at`; a tie goes to `a` (later in input). */
function newerOrSame(a: Report, ia: number, b: Report, ib: number): boolean {
  if (ia !== ib) return ia > ib
  return a.at >= b.at
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

// ---- messages ----

export function shortSha(sha: string): string {
  return sha.slice(0, 7)
}

/** One report as a person reads it: `kustomization/apps/5c1e4a7b: failure on 731f7ea "health check failed"`. */
export function describeReport(r: Report): string {
  const description = r.description ? ` "${r.description}"` : ''
  return `${r.context}: ${r.state} on ${shortSha(r.commit)}${description}`
}

/** What a superseding commit holds: `abc1234 set apps/podinfo.yaml:12 to 6.16.0 (this run wrote 6.15.0)`. */
export function describeSupersession(s: Supersession): string {
  const where = s.line !== undefined ? `${s.file}:${s.line}` : s.file
  const wrote = s.wrote !== undefined ? ` (this run wrote ${s.wrote})` : ''
  return `${shortSha(s.commit)} no longer holds the written values: ${where} has ${s.value}${wrote}`
}

/** The failure message: each failed pattern with the failing context, Flux's description, commit and duration. */
export function renderFailure(v: Verdict): string {
  const lines = v.patterns
    .filter(p => p.status === 'failed' && p.report)
    .map(p => {
      const r = p.report as Report
      const since = p.failingSince ?? r.at
      const description = r.description || 'no description'
      const url = r.url ? ` (${r.url})` : ''
      return (
        `${r.context} (pattern '${p.pattern}') has been failing on ${shortSha(r.commit)} for ` +
        `${formatDuration(v.now - since)}, past the failure-grace: ${description}${url}`
      )
    })
  return lines.length === 1
    ? `Flux reported a failure: ${lines[0]}`
    : ['Flux reported failures:', ...lines].join('\n- ')
}

/** The superseded message: which commit changed the written values, to what, and which context applied it. */
export function renderSuperseded(v: Verdict): string {
  const lines = v.patterns
    .filter(p => p.status === 'superseded')
    .map(p => {
      const by = p.supersededBy ? describeSupersession(p.supersededBy) : 'a later commit changed the written values'
      const applied = p.report ? `; ${describeReport(p.report)}` : ''
      return `pattern '${p.pattern}': ${by}${applied}`
    })
  return ['A later commit superseded this change before it was reported healthy:', ...lines].join('\n- ')
}

/** One expected context that is not healthy yet. */
export function describeWaiting(row: ContextRow, now: number): string {
  if (!row.report) return `${row.context}: no report on this commit or a later one yet`
  if (row.health === 'failing') {
    return `${describeReport(row.report)}, failing for ${formatDuration(now - (row.failingSince ?? row.report.at))}`
  }
  return describeReport(row.report)
}

/** What a pattern is waiting on, for the timeout message and the progress lines. */
export function describePending(p: PatternVerdict, now: number): string {
  if (p.contexts.length === 0) return `${p.pattern}: no report yet`
  return `${p.pattern}: ${p.waitingOn.map(r => describeWaiting(r, now)).join('; ')}`
}

/** The timeout message: every pattern not yet healthy, with what each expected context last said. */
export function renderTimeout(v: Verdict, budget: number | string, what = 'waiting for Flux'): string {
  const waiting = v.patterns.filter(p => p.status !== 'healthy').map(p => describePending(p, v.now))
  const when = typeof budget === 'number' ? `after ${formatDuration(budget)}` : budget
  return [`Timed out ${when} ${what}; still not healthy:`, ...waiting].join('\n- ')
}

/** The success message: the applied revision and what reported healthy. */
export function renderHealthy(v: Verdict): string {
  const reports = v.contexts.flatMap(r => (r.report ? [describeReport(r.report)] : []))
  const at = v.appliedRevision ? ` at ${shortSha(v.appliedRevision)}` : ''
  return [`Flux reports the revision applied and healthy${at}:`, ...reports].join('\n- ')
}
