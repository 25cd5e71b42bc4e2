// The rules GitHub enforces on a branch (rulesets), read before a push so that a refused push writes nothing.
import {statusOf, type GitHub} from './client.js'
import type {RepoRef} from './files.js'
import {NOT_IMPLEMENTED} from '../../core/classify.js'

export interface BranchRule {
  type: string
  rulesetId?: number
  /** The ruleset's name when it could be read. */
  rulesetName?: string
}

/** Rule types under which a direct commit onto the branch is refused. */
const REFUSE_DIRECT_COMMITS = new Set(['pull_request', 'merge_queue', 'update'])

/**
 * The first active rule that refuses a direct commit onto `branch`, or undefined. Best effort: where the rules API is
 * missing (older GitHub Enterprise Server: 404 or 501) nothing is known and the commit itself will say.
 */
export async function directCommitRule(gh: GitHub, at: RepoRef, branch: string): Promise<BranchRule | undefined> {
  let rules: {type: string; ruleset_id?: number}[]
  try {
    const res = await gh.octokit.rest.repos.getBranchRules({...at, branch, per_page: 100})
    rules = res.data as {type: string; ruleset_id?: number}[]
  } catch (e) {
    if (statusOf(e) === 404 || statusOf(e) === NOT_IMPLEMENTED) return undefined
    throw e
  }
  const rule = rules.find(r => REFUSE_DIRECT_COMMITS.has(r.type))
  if (!rule) return undefined
  const out: BranchRule = {type: rule.type, rulesetId: rule.ruleset_id}
  if (rule.ruleset_id !== undefined) {
    try {
      const rs = await gh.octokit.rest.repos.getRepoRuleset({...at, ruleset_id: rule.ruleset_id})
      out.rulesetName = rs.data.name
    } catch {
      // The name only makes the message nicer.
    }
  }
  return out
}

/** The merge methods a repository allows, from its settings. */
export async function allowedMergeMethods(gh: GitHub, at: RepoRef): Promise<string[]> {
  const res = await gh.octokit.rest.repos.get({owner: at.owner, repo: at.repo})
  const d = res.data
  return [
    d.allow_merge_commit !== false ? 'merge' : '',
    d.allow_squash_merge !== false ? 'squash' : '',
    d.allow_rebase_merge !== false ? 'rebase' : ''
  ].filter(m => m !== '')
}
