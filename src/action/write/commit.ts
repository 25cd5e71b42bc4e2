// One commit as a compare-and-swap on the head that was read; when the branch moved, read and plan again.
import {commitOnBranch} from '../github/commit.js'
import {step} from '../github/errors.js'
import {messageOf} from '../github/client.js'
import {PromoteError} from '../../core/errors.js'
import {getRefSha} from '../github/pull-request.js'
import {pushRefusal} from '../../core/refusals.js'
import {repoName, type Planned, type Planner, type WriteContext} from './types.js'
import {jittered} from '../../core/retry.js'

const MAX_ATTEMPTS = 5

/**
 * Commits `planned` onto `branch`; on a moved head, plans again on the new head (bounded, jittered). Returns no sha
 * when, on a re-read, the branch already had the change, or (`headBranch`) was deleted meanwhile: a pull request's
 * branch goes away when a parallel run lands its PR. A commit refused by a rule fails at once, naming the rule.
 */
export async function commitWithRetry(
  {gh, at, rt}: Pick<WriteContext, 'gh' | 'at' | 'rt'>,
  branch: string,
  change: {planned: Planned; message: string; replan: Planner; headBranch?: boolean}
): Promise<{sha?: string; planned: Planned; gone?: true}> {
  const {message, replan, headBranch = false} = change
  let {planned} = change
  const repo = repoName(at)
  for (let attempt = 1; ; attempt++) {
    if (planned.plan.edits.length === 0) return {planned}
    const files = planned.plan.edits.map(e => ({path: e.path, contents: e.after}))
    const head = planned.head
    let result: {sha: string} | 'stale'
    try {
      result = await commitOnBranch(gh, at, {branch, expectedHead: head, message, files})
    } catch (e) {
      const rule = pushRefusal(messageOf(e))
      if (rule) throw refusedCommit(repo, branch, rule)
      return step(`commit to '${branch}'`, repo, 'contents: write', () => Promise.reject(e))
    }
    if (result !== 'stale') return {sha: result.sha, planned}
    if (attempt >= MAX_ATTEMPTS) {
      throw new PromoteError(
        `'${branch}' in ${repo} kept moving: ${MAX_ATTEMPTS} attempts to commit lost the race. Re-run the job.`
      )
    }
    const pause = jittered(250 * attempt, 0.5, rt.random)
    rt.log.info(
      `'${branch}' moved while writing (someone else pushed); reading it again and re-applying in ${pause}ms.`
    )
    await rt.sleep(pause)
    try {
      planned = await replan(branch)
    } catch (e) {
      if (headBranch && (await getRefSha(gh, at, branch)) === undefined) {
        rt.log.info(`'${branch}' was deleted meanwhile (its pull request landed or was closed).`)
        return {planned, gone: true}
      }
      throw e
    }
  }
}

export function refusedCommit(repo: string, branch: string, rule: string): PromoteError {
  return new PromoteError(
    `GitHub refused the commit onto '${branch}' in ${repo}: ${rule} Nothing was written. ` +
      `Use strategy: merge (or pull-request, or auto-merge) to land the change through a pull request.`
  )
}
