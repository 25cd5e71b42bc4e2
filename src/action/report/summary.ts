// The job summary: what changed, where it landed, and how each context fared. Written on failure too. Whatever
// came from Flux, GitHub or the gitops repo (messages, descriptions, context and file names, references) goes
// through core/untrusted.ts: GitHub renders the summary's HTML and Markdown.
import * as core from '../runner.js'
import type {Outcome} from './outputs.js'
import type {BumpPlan} from '../../core/bump/types.js'
import {formatDuration} from '../../core/duration.js'
import type {EvidenceRow} from '../../core/rollout/source-evidence.js'
import {markdownCode as code, markdownText as text} from '../../core/untrusted.js'
import {rolloutGantt, type RolloutChart} from '../../core/views/rollout-chart.js'

export interface ContextRow {
  pattern: string
  context: string
  state: string
  commit: string
  description: string
  /** From the change landing on the branch to this context's first healthy report. */
  timeToHealthyMs?: number
}

export interface SummaryInput {
  outcome: Outcome
  repository?: string
  branch?: string
  serverUrl: string
  targets: string[]
  plan?: BumpPlan
  diff?: string
  contexts?: ContextRow[]
  /** The rollout over time (write, merge, each context until healthy or failed), drawn as a Mermaid gantt. */
  chart?: RolloutChart
  /** With from-paths: where the references came from and the source stage's evidence. */
  source?: {paths: string[]; branch: string; revision: string; soakMs: number; rows: EvidenceRow[]; skipped: string[]}
}

const RESULT_ICON: Record<Outcome['result'], string> = {
  healthy: '✅',
  written: '📝',
  'dry-run': '🔍',
  'handed-off': '🤝',
  failed: '❌',
  'timed-out': '⌛',
  superseded: '⏭️',
  blocked: '⛔',
  reverted: '↩️'
}

export function summaryMarkdown(s: SummaryInput): string {
  const o = s.outcome
  const repoUrl = s.repository ? `${s.serverUrl}/${s.repository}` : ''
  const lines: string[] = [`## ${RESULT_ICON[o.result]} gitops-promote: ${o.result}`, '']
  if (o.message)
    lines.push(
      o.message
        .split('\n')
        .map(l => `> ${text(l)}`)
        .join('\n'),
      ''
    )
  if (s.repository)
    lines.push(`**Gitops repo:** ${link(text(s.repository), repoUrl)}${s.branch ? ` @ ${code(s.branch)}` : ''}`, '')

  if (s.targets.length > 0) {
    lines.push('| image or chart | before |', '| --- | --- |')
    for (const t of s.targets) lines.push(`| ${code(t)} | ${(s.plan?.previous[t] ?? []).map(code).join(', ') || '–'} |`)
    lines.push('')
  }
  if (o.files && o.files.length > 0) lines.push('**Files:** ' + o.files.map(code).join(', '), '')
  if (o.commit)
    lines.push(
      `**Commit:** ${link(o.commit.slice(0, 12), repoUrl && `${repoUrl}/commit/${o.commit}`)}${o.changed === false ? ' (unchanged)' : ''}`,
      ''
    )
  if (o.pullRequest) lines.push(`**Pull request:** ${link(`#${o.pullRequest.number}`, o.pullRequest.url)}`, '')
  if (o.appliedRevision) lines.push(`**Applied revision:** \`${o.appliedRevision}\``, '')
  if (o.watchId) {
    lines.push(
      `**Handed off:** connector watch ${code(o.watchId)}; the result arrives as a \`gitops-promote.<result>\` repository_dispatch.`,
      ''
    )
  }
  if (s.contexts && s.contexts.length > 0) lines.push(...contextTable(s.contexts))
  if (s.chart) lines.push('### Rollout', '', rolloutGantt(s.chart), '')
  if (s.source) lines.push(...sourceSection(s.source, repoUrl))
  if (s.diff)
    lines.push('<details><summary>Diff</summary>', '', ...fenced('diff', s.diff.trimEnd()), '', '</details>', '')
  return lines.join('\n')
}

function link(label: string, url: string): string {
  return url ? `[${label}](${url.replace(/[()\s]/g, encodeURIComponent)})` : label
}

/** A fenced block the text cannot close: its fence is longer than any run of backticks in it. */
function fenced(lang: string, body: string): string[] {
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return [`${fence}${lang}`, body, fence]
}

/** The target's contexts: state, commit and time to healthy. */
function contextTable(contexts: ContextRow[]): string[] {
  const lines = [
    '| pattern | context | state | commit | description | time to healthy |',
    '| --- | --- | --- | --- | --- | --- |'
  ]
  for (const r of contexts) {
    const t = r.timeToHealthyMs === undefined ? '' : formatDuration(r.timeToHealthyMs)
    lines.push(
      `| ${code(r.pattern)} | ${r.context ? code(r.context) : '–'} | ${r.state} | ${r.commit ? code(r.commit.slice(0, 7)) : ''} | ${text(r.description)} | ${t} |`
    )
  }
  lines.push('')
  return lines
}

/** With from-paths: the source stage, its evidence and the names it skipped. */
function sourceSection(src: NonNullable<SummaryInput['source']>, repoUrl: string): string[] {
  const lines: string[] = []
  const at = src.revision
    ? ` @ ${link(code(src.revision.slice(0, 7)), repoUrl && `${repoUrl}/commit/${src.revision}`)}`
    : ''
  lines.push(
    `**Source stage:** ${code(src.paths.join(', '))} on ${code(src.branch)}${at}` +
      (src.soakMs > 0 ? `, from-soak ${formatDuration(src.soakMs)}` : ''),
    ''
  )
  if (src.rows.length > 0) {
    lines.push('| source context | state | commit | healthy since | description |', '| --- | --- | --- | --- | --- |')
    for (const r of src.rows) {
      const since = r.healthySince === undefined ? '' : new Date(r.healthySince).toISOString()
      lines.push(
        `| ${code(r.context || r.pattern)} | ${r.state} | ${r.commit ? code(r.commit.slice(0, 7)) : ''} | ${since} | ${text(r.description)} |`
      )
    }
    lines.push('')
  }
  if (src.skipped.length > 0) lines.push(`Skipped (only in the source): ${src.skipped.map(code).join(', ')}`, '')
  return lines
}

export async function writeSummary(s: SummaryInput): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.appendSummary(summaryMarkdown(s))
}
