// strategy: push. One commit straight onto the branch, unless a rule says the branch only takes pull requests.
import {step} from '../github/errors.js'
import {directCommitRule} from '../github/rules.js'
import {PromoteError} from '../../core/errors.js'
import {commitWithRetry} from './commit.js'
import {repoName, unchanged, type Planned, type Planner, type WriteContext, type WriteOutcome} from './types.js'

const RULE_WORDS: Record<string, string> = {
  pull_request: 'changes must be made through a pull request',
  merge_queue: 'changes must be made through the merge queue',
  update: 'updates are restricted'
}

export async function push(ctx: WriteContext, first: Planned, message: string, replan: Planner): Promise<WriteOutcome> {
  const {gh, at, branch, rt} = ctx
  const repo = repoName(at)
  // Read before writing, so that a refused push leaves nothing behind (not even a refused request).
  const rule = await step(`read the rules of '${branch}'`, repo, 'metadata: read', () =>
    directCommitRule(gh, at, branch)
  )
  if (rule) {
    const source = rule.rulesetName ? `ruleset '${rule.rulesetName}'` : `a ruleset`
    throw new PromoteError(
      `'${branch}' in ${repo} does not take direct commits: ${source} requires that ${RULE_WORDS[rule.type] ?? rule.type} ` +
        `(rule '${rule.type}'). Nothing was written. Use strategy: merge (or pull-request, or auto-merge) instead of push.`
    )
  }
  const {sha, planned} = await commitWithRetry(ctx, branch, {planned: first, message, replan})
  if (sha === undefined) {
    rt.log.info(`A concurrent commit already set the images on '${branch}' (${planned.head}): nothing to commit.`)
    return unchanged(planned, rt.clock())
  }
  rt.log.info(`Committed ${sha} onto '${branch}'.`)
  return {
    changed: true,
    files: planned.plan.edits.map(e => e.path),
    commit: sha,
    landedAt: rt.clock(),
    plan: planned.plan
  }
}
