// The PR comment that follows a rollout: the marker, a row per context, then the verdict, the applied revision and
// the run. Pure: rows and verdict in, Markdown out. Every word from Flux or GitHub goes through core/untrusted.ts.
import {markdownCode as code, markdownText as text} from '../untrusted.js'
import {commentMarker} from './promotion-key.js'
import type {ContextLine, ContextState} from './rollout.js'

/** Where the rollout stands: merging, then waiting for Flux, then the run's result. */
export type CommentVerdict =
  'merging' | 'waiting' | 'healthy' | 'failed' | 'timed-out' | 'superseded' | 'reverted' | 'written' | 'handed-off'

export interface PrCommentView {
  /** From promotionKey(): finds the comment again. */
  key: string
  verdict: CommentVerdict
  /** What is promoted, one reference a line (inputs or as resolved). */
  images: string[]
  branch: string
  /** The commit that carries the change (40 hex). */
  commit?: string
  appliedRevision?: string
  contexts: ContextLine[]
  /** Why the run ended as it did (untrusted: it quotes Flux). */
  message?: string
  /** e.g. https://github.com/acme/gitops: commit links. Empty: none. */
  repoUrl: string
  /** The workflow run. Empty: none. */
  runUrl: string
}

const VERDICT: Record<CommentVerdict, string> = {
  merging: '🔀 waiting for the merge',
  waiting: '⏳ waiting for Flux',
  healthy: '✅ healthy',
  failed: '❌ failed',
  'timed-out': '⌛ timed out',
  superseded: '⏭️ superseded',
  reverted: '↩️ reverted',
  written: '📝 written',
  'handed-off': '🤝 handed off to the connector'
}

const STATE: Record<ContextState, string> = {
  healthy: '✅ healthy',
  failing: '⚠️ failing',
  failed: '❌ failed',
  pending: '⏳ pending',
  superseded: '⏭️ superseded'
}

export function prCommentMarkdown(v: PrCommentView): string {
  const lines = [commentMarker(v.key), `### gitops-promote: ${VERDICT[v.verdict]}`, '']
  const what = v.images.map(code).join(', ')
  const onto = v.commit ? ` in ${commitLink(v.commit, v.repoUrl)}` : ''
  lines.push(`${what || 'The change'} on ${code(v.branch)}${onto}.`, '')
  if (v.contexts.length > 0) {
    lines.push('| context | state | commit | Flux says | when |', '| --- | --- | --- | --- | --- |')
    for (const c of v.contexts.slice(0, MAX_ROWS)) {
      const commit = c.commit ? commitLink(c.commit, v.repoUrl) : ''
      const when = c.reportedAt === undefined ? '' : utc(c.reportedAt)
      lines.push(
        `| ${code(c.context)} | ${STATE[c.state]} | ${commit} | ${text(clip(c.description ?? 'no report yet'))} | ${when} |`
      )
    }
    if (v.contexts.length > MAX_ROWS) lines.push(`| … and ${v.contexts.length - MAX_ROWS} more | | | | |`)
    lines.push('')
  } else if (v.verdict === 'waiting') {
    lines.push('No report from Flux yet.', '')
  }
  const facts = [`**Verdict:** ${v.verdict}`]
  if (v.appliedRevision) facts.push(`**Applied revision:** ${commitLink(v.appliedRevision, v.repoUrl)}`)
  if (v.runUrl) facts.push(`[Workflow run](${v.runUrl})`)
  lines.push(facts.join(' · '), '')
  if (v.message)
    lines.push(
      v.message
        .split('\n')
        .map(l => `> ${text(l)}`)
        .join('\n'),
      ''
    )
  lines.push('<sub>Kept up to date by gitops-promote while it waits; a re-run edits this comment.</sub>', '')
  return lines.join('\n')
}

/** GitHub refuses a comment over 65,536 characters: bounded rows and words keep it well below. */
const MAX_ROWS = 50
const MAX_WORDS = 160

function clip(words: string): string {
  return words.length > MAX_WORDS ? `${words.slice(0, MAX_WORDS)}…` : words
}

function commitLink(sha: string, repoUrl: string): string {
  const short = code(sha.slice(0, 7))
  return repoUrl && /^[0-9a-f]{40}$/.test(sha) ? `[${short}](${repoUrl}/commit/${sha})` : short
}

/** `2026-12-08 01:23:45 UTC`: a fixed format, whatever the reader's locale. */
function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}
