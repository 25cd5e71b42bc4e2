// on-failure: revert. The change that restores what a failed rollout replaced: every edited file that still holds
// exactly what was written goes back, byte for byte, to what it was; a file someone changed since is left alone.
import type {GitHub} from '../github/client.js'
import {step} from '../github/errors.js'
import {branchHead, readManifests} from '../github/files.js'
import type {BumpPlan, FileEdit} from '../../core/bump/types.js'
import type {ChangeText, Planned, RepoRef} from './types.js'

/** Pure: the revert of `written` over the files as they are now, and the files left alone because they changed. */
export function planRevert(written: FileEdit[], now: Map<string, string>): {plan: BumpPlan; skipped: string[]} {
  const edits: FileEdit[] = []
  const skipped: string[] = []
  for (const e of written) {
    if (now.get(e.path) === e.after) {
      edits.push({
        path: e.path,
        before: e.after,
        after: e.before,
        changes: e.changes.map(c => ({...c, from: c.to, to: c.from}))
      })
    } else skipped.push(e.path)
  }
  return {plan: {edits, scanned: written.map(e => e.path), warnings: [], previous: {}}, skipped}
}

/** A planner for the write path that reads the branch and plans the revert there; `skipped` holds the latest skips. */
export function revertPlanner(
  gh: GitHub,
  at: RepoRef,
  written: FileEdit[]
): {plan: (branch: string) => Promise<Planned>; skipped: () => string[]} {
  let skipped: string[] = []
  const repo = `${at.owner}/${at.repo}`
  return {
    skipped: () => skipped,
    plan: async branch => {
      const head = await step(`read branch '${branch}'`, repo, 'contents: read', () => branchHead(gh, at, branch))
      const files = await step(`download ${head.slice(0, 7)}`, repo, 'contents: read', () =>
        readManifests(
          gh,
          at,
          head,
          written.map(e => e.path)
        )
      )
      const r = planRevert(written, files)
      skipped = r.skipped
      return {head, plan: r.plan}
    }
  }
}

export function revertText(original: ChangeText, commit: string, why: string): ChangeText {
  const headline = `Revert "${original.message.split('\n')[0] ?? ''}"`
  return {
    message: `${headline}\n\nThe rollout of ${commit} failed: ${why.split('\n')[0] ?? ''}\nThis restores the previous values.`,
    title: `Revert "${original.title}"`,
    body: plan =>
      [
        `Rolls back ${commit}: its rollout failed.`,
        '',
        '> ' + (why.split('\n')[0] ?? ''),
        '',
        'Restored files:',
        ...plan.edits.map(e => `- \`${e.path}\``)
      ].join('\n')
  }
}
