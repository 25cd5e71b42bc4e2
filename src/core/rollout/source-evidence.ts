// The source stage's evidence, pure: which path prefixes to ask the commits API about, since when the source has been
// healthy, and the evidence rows people read. No I/O, no clock reads.
import {contextMatcher} from '../glob.js'
import {reportHealth, type Verdict} from './verdict.js'
import type {Report, Snapshot} from './types.js'

/**
 * The literal folder/file prefixes of `from-paths` patterns, for the commits API's `path` filter (which takes no
 * globs): `apps/*\/staging` -> `apps`, `clusters/staging/**` -> `clusters/staging`. A pattern with no literal part
 * (or `.`) means the whole repo: `['']`. Prefixes below another one are dropped (the shorter one sees their commits
 * too), so the number of requests is the number of distinct roots, whatever the repo's size. `!` exclusions are
 * ignored here: a commit that only touched an excluded file makes I newer than it need be, which only asks for
 * fresher evidence, never less.
 */
export function literalPrefixes(patterns: string[]): string[] {
  const prefixes = new Set<string>()
  for (const raw of patterns) {
    let p = raw.trim()
    if (p === '' || p.startsWith('#') || p.startsWith('!')) continue
    while (p.startsWith('./')) p = p.slice(2)
    p = p.replace(/^\/+/, '').replace(/\/+$/, '')
    if (p === '.') p = ''
    const literal: string[] = []
    for (const segment of p.split('/')) {
      if (segment === '' || /[*?[\]{}()!+@]/.test(segment)) break
      literal.push(segment)
    }
    prefixes.add(literal.join('/'))
  }
  const sorted = [...prefixes].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
  const kept: string[] = []
  for (const p of sorted) {
    if (kept.some(k => k === '' || p === k || p.startsWith(`${k}/`))) continue
    kept.push(p)
  }
  return kept
}

/** One row of the evidence table: a context of the source stage and how it stands. */
export interface EvidenceRow {
  pattern: string
  context: string
  state: 'healthy' | 'failing' | 'failed' | 'pending' | 'superseded'
  commit: string
  description: string
  /** Start of the context's current unbroken run of healthy reports (GitHub's clock, ms). */
  healthySince?: number
}

export interface SoakReading {
  /** The source has been healthy since (the latest of its contexts' healthy-since); undefined when not healthy. */
  since?: number
  rows: EvidenceRow[]
  /**
   * Contexts the verdict counts healthy (by their report on the newest commit) whose newest report in time is not
   * healthy at the references: e.g. a failure on an earlier commit that still holds them, reported later. Each one's
   * newest report; while any is listed the source is not healthy.
   */
  stale?: Report[]
}

/**
 * Since when the source has been healthy at its references. Per context: walk its reports on I and its descendants,
 * newest first in time (then commit order), back to the first one that is not healthy at the references; the oldest
 * healthy report of that run is when the context became healthy. Flux posts a new success on every commit it
 * applies, so taking the newest report would restart the soak on every unrelated commit; a failing report, a pending
 * one, or any report on a commit that no longer holds the references (it ran other values then) ends the run. Time,
 * not commit order, because a failure on any commit that holds the references counts: one reported after a newer
 * commit's success is newer evidence. The source is healthy since the latest of those moments over the contexts that
 * made the verdict healthy.
 */
export function soakReading(snapshot: Snapshot, verdict: Verdict, healthyDescription: string): SoakReading {
  const index = new Map<string, number>()
  snapshot.commits.forEach((sha, i) => {
    if (!index.has(sha)) index.set(sha, i)
  })
  const superseded = snapshot.superseded
  const describe = contextMatcher(healthyDescription)
  const byContext = new Map<string, Report[]>()
  for (const r of snapshot.reports) {
    if (!index.has(r.commit)) continue
    byContext.set(r.context, [...(byContext.get(r.context) ?? []), r])
  }
  const healthyAtReferences = (r: Report): boolean =>
    !superseded?.has(r.commit) && reportHealth(r, describe) === 'healthy'
  const sinceOf = (context: string): {since?: number; newest?: Report} => {
    const reports = [...(byContext.get(context) ?? [])].sort(
      (a, b) => b.at - a.at || (index.get(b.commit) ?? 0) - (index.get(a.commit) ?? 0)
    )
    let since: number | undefined
    for (const r of reports) {
      if (!healthyAtReferences(r)) break
      since = r.at
    }
    return {...(since !== undefined ? {since} : {}), ...(reports[0] ? {newest: reports[0]} : {})}
  }

  const rows: EvidenceRow[] = []
  const stale: Report[] = []
  for (const p of verdict.patterns) {
    // The pattern's expected set: every context it waits for.
    const contexts = verdict.contexts.filter(c => p.contexts.includes(c.context))
    if (contexts.length === 0) {
      rows.push({
        pattern: p.pattern,
        context: '',
        state: p.status,
        commit: '',
        description: 'no report yet'
      })
      continue
    }
    for (const c of contexts) {
      const run = c.health === 'healthy' ? sinceOf(c.context) : {}
      const healthySince = run.since
      const late = c.health === 'healthy' && healthySince === undefined ? run.newest : undefined
      if (late && !stale.includes(late)) stale.push(late)
      const state = late
        ? lateState(late, describe)
        : c.health === 'failing'
          ? p.status === 'failed'
            ? 'failed'
            : 'failing'
          : (c.health as EvidenceRow['state'])
      const shown = late ?? c.report ?? c.newest
      rows.push({
        pattern: p.pattern,
        context: c.context,
        state,
        commit: shown?.commit ?? '',
        description: shown?.description ?? 'no report on I or a later commit yet',
        ...(healthySince !== undefined ? {healthySince} : {})
      })
    }
  }
  if (verdict.status !== 'healthy') return {rows}
  if (stale.length > 0) return {rows, stale}
  // Every expected context is healthy now; the source has been healthy since the last of them became so.
  const healthy = rows.filter(r => r.state === 'healthy' && r.healthySince !== undefined)
  const since = healthy.length > 0 ? Math.max(...healthy.map(r => r.healthySince as number)) : undefined
  return since === undefined ? {rows} : {since, rows}
}

/** How a context reads whose newest report is not healthy at the references (the decision applies the grace). */
function lateState(r: Report, describe: (description: string) => boolean): EvidenceRow['state'] {
  const health = reportHealth(r, describe)
  return health === 'healthy' ? 'superseded' : health
}
