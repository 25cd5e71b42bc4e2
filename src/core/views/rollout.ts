// What the rollout views (the PR comment, the job summary's chart) show, built from the wait's verdicts as they
// arrive. Pure: the caller passes the times (the runner's clock) with each verdict.
import type {Verdict} from '../rollout/verdict.js'

/** How one context stands in a view: the wait's health, with `failed` once the run failed on it. */
export type ContextState = 'healthy' | 'failing' | 'failed' | 'pending' | 'superseded'

export interface ContextLine {
  context: string
  state: ContextState
  /** The commit of the report that counts (40 hex), when there is one. */
  commit?: string
  /** The reporter's words (Flux's description or message): untrusted. */
  description?: string
  /** When the report was made (the reporter's clock, ms since epoch). */
  reportedAt?: number
  /** Runner clock: when the wait first saw a report for it. */
  firstSeenAt?: number
  /** Runner clock: when it first turned healthy, or when the run failed on it. */
  settledAt?: number
}

/** The contexts as the newest verdict shows them, keeping first-seen and settled times from the earlier ones. */
export function contextLines(verdict: Verdict, now: number, previous: readonly ContextLine[] = []): ContextLine[] {
  const before = new Map(previous.map(l => [l.context, l]))
  const failedPatterns = verdict.patterns.filter(p => p.status === 'failed')
  return verdict.contexts.map(row => {
    const old = before.get(row.context)
    const failed = row.health === 'failing' && failedPatterns.some(p => p.contexts.includes(row.context))
    const state: ContextState = failed ? 'failed' : row.health
    const report = row.report ?? row.newest
    const line: ContextLine = {context: row.context, state}
    if (report) {
      line.commit = report.commit
      line.description = report.description
      line.reportedAt = report.at
    }
    const firstSeenAt = old?.firstSeenAt ?? (report ? now : undefined)
    if (firstSeenAt !== undefined) line.firstSeenAt = firstSeenAt
    const settledAt = old?.settledAt ?? (state === 'healthy' || state === 'failed' ? now : undefined)
    if (settledAt !== undefined) line.settledAt = settledAt
    return line
  })
}

/** What decides whether a PR comment edit is a state change (written at once) or a detail (throttled). */
export function stateKey(verdict: string, lines: readonly ContextLine[]): string {
  return [verdict, ...lines.map(l => `${l.context}=${l.state}`)].join('\n')
}
