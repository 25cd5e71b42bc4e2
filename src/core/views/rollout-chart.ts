// The rollout as a Mermaid gantt chart for the job summary (GitHub renders ```mermaid blocks): the write, the merge,
// then each context from its first report until healthy or failed. Labels carry context names, which come from
// reporters: they are reduced to characters that mean nothing to Mermaid (no `:` `#` `;` `%` quote or line break, so
// no directive, comment, entity, statement or `click` can come from them) and never start with a keyword.
import type {ContextLine} from './rollout.js'

export interface RolloutChart {
  /** Runner clock, ms since epoch. */
  startedAt: number
  /** Pull request strategies: when the pull request was opened (then "merge" runs from here to `landedAt`). */
  openedAt?: number
  /** When the change reached the branch. */
  landedAt: number
  /** When the wait ended. */
  endedAt: number
  contexts: ContextLine[]
}

/** Words that start a statement in a gantt chart: a label never begins with one. */
const KEYWORDS =
  /^(click|call|href|section|title|dateformat|axisformat|tickinterval|excludes|includes|todaymarker|weekday|weekend|inclusiveenddates|topaxis|displaymode|acctitle|accdescr|gantt|after|until)\b/i
const MAX_LABEL = 80

/** A label Mermaid reads as plain text. */
export function mermaidLabel(text: string): string {
  const plain = text
    .replace(/[^A-Za-z0-9 ./_()+=,@[\]-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_LABEL)
    .trim()
  if (plain === '') return 'unnamed'
  return KEYWORDS.test(plain) ? `· ${plain}` : plain
}

const TAG: Record<ContextLine['state'], string> = {
  healthy: 'done',
  failed: 'crit',
  failing: 'crit, active',
  pending: 'active',
  superseded: ''
}

export function rolloutGantt(c: RolloutChart): string {
  const lines = ['```mermaid', 'gantt', '  dateFormat x', '  axisFormat %H:%M:%S', '  section Write']
  const span = (from: number, to: number): string => `${Math.round(from)}, ${Math.round(Math.max(to, from + 1))}`
  if (c.openedAt !== undefined) {
    lines.push(`  open the pull request :done, write, ${span(c.startedAt, c.openedAt)}`)
    lines.push(`  merge :done, merge, ${span(c.openedAt, c.landedAt)}`)
  } else {
    lines.push(`  commit :done, write, ${span(c.startedAt, c.landedAt)}`)
  }
  if (c.contexts.length > 0) lines.push('  section Flux')
  c.contexts.forEach((ctx, i) => {
    const from = ctx.firstSeenAt ?? c.landedAt
    const to = ctx.settledAt ?? c.endedAt
    const tag = TAG[ctx.state]
    lines.push(`  ${mermaidLabel(ctx.context)} ${ctx.state} :${tag ? `${tag}, ` : ''}ctx${i}, ${span(from, to)}`)
  })
  lines.push('```')
  return lines.join('\n')
}
