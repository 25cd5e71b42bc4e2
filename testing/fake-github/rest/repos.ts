// REST: the repository, rate limit, branches and the rules that apply to a branch.
import {httpError, type Answer} from '../faults.js'
import type {RepoState, FakeGitHubImpl} from '../model.js'
import {paginate} from '../paging.js'
import type {Json, RulesetOptions} from '../types.js'
import {registerAppRoutes} from './app.js'

// ------------------------------------------------------------------------------------------------ JSON shapes

export function repoUrl(gh: FakeGitHubImpl, repo: RepoState): string {
  return `${gh.url}/repos/${repo.owner}/${repo.name}`
}

export function htmlRepo(gh: FakeGitHubImpl, repo: RepoState): string {
  return `${gh.htmlBase}/${repo.owner}/${repo.name}`
}

export function repoJson(gh: FakeGitHubImpl, repo: RepoState, full = true): Json {
  const url = repoUrl(gh, repo)
  const html = htmlRepo(gh, repo)
  const push = repo.permissions.contents === 'write'
  const base: Json = {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    private: repo.private,
    owner: gh.userJson(repo.owner),
    html_url: html,
    description: null,
    fork: false,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    branches_url: `${url}/branches{/branch}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    deployments_url: `${url}/deployments`,
    git_refs_url: `${url}/git/refs{/sha}`,
    pulls_url: `${url}/pulls{/number}`,
    statuses_url: `${url}/statuses/{sha}`,
    trees_url: `${url}/git/trees{/sha}`
  }
  if (!full) return base
  return {
    ...base,
    git_url: `git://github.com/${repo.owner}/${repo.name}.git`,
    ssh_url: `git@github.com:${repo.owner}/${repo.name}.git`,
    clone_url: `${html}.git`,
    default_branch: repo.defaultBranch,
    visibility: repo.private ? 'private' : 'public',
    archived: false,
    disabled: false,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    pushed_at: repo.pushedAt,
    permissions: {admin: false, maintain: false, push, triage: push, pull: true},
    allow_squash_merge: repo.allowSquashMerge,
    allow_merge_commit: repo.allowMergeCommit,
    allow_rebase_merge: repo.allowRebaseMerge,
    allow_auto_merge: repo.allowAutoMerge,
    delete_branch_on_merge: repo.deleteBranchOnMerge,
    allow_update_branch: false,
    use_squash_pr_title_as_default: false,
    squash_merge_commit_title: 'COMMIT_OR_PR_TITLE',
    squash_merge_commit_message: 'COMMIT_MESSAGES',
    merge_commit_title: 'MERGE_MESSAGE',
    merge_commit_message: 'PR_TITLE'
  }
}

export function branchJson(gh: FakeGitHubImpl, repo: RepoState, branch: string, sha: string): Json {
  return {
    label: `${repo.owner}:${branch}`,
    ref: branch,
    sha,
    user: gh.userJson(repo.owner),
    repo: repoJson(gh, repo)
  }
}

export function registerRepoRoutes(gh: FakeGitHubImpl): void {
  const R = '/repos/{owner}/{repo}'
  const ok = (body: Json, status = 200, headers?: Record<string, string>): Answer => ({status, body, headers})

  gh.route('GET', R, 'metadata', ({repo}) => ok(repoJson(gh, repo)))
  registerAppRoutes(gh, R)

  // --- branches (read)
}

// ------------------------------------------------------------------------------------------------ guarded bases
// Rulesets, classic "require a pull request", and merge queues: what refuses a direct commit or a merge, and the
// queue itself (enqueue, a delayed merge of its own, or a removal with a reason).

export function rulesFor(
  gh: FakeGitHubImpl,
  repo: RepoState,
  branch: string
): {type: string; ruleset?: Required<RulesetOptions>}[] {
  const out: {type: string; ruleset?: Required<RulesetOptions>}[] = []
  for (const rs of repo.rulesets)
    if (rs.branches.includes(branch)) for (const type of rs.rules) out.push({type, ruleset: rs})
  if (repo.mergeQueue && branch === repo.defaultBranch) out.push({type: 'merge_queue'})
  return out
}

/** GitHub's message when a direct commit onto `branch` is refused, or undefined. */
export function directCommitRefusal(gh: FakeGitHubImpl, repo: RepoState, branch: string): string | undefined {
  const rules = rulesFor(gh, repo, branch).map(r => r.type)
  const lines: string[] = []
  if (rules.includes('pull_request')) lines.push('Changes must be made through a pull request.')
  if (rules.includes('merge_queue')) lines.push('Changes must be made through the merge queue')
  if (rules.includes('update')) lines.push('Cannot update this protected ref.')
  if (lines.length) return `Repository rule violations found\n\n${lines.join('\n\n')}\n\n`
  if (repo.protection.requirePullRequest && branch === repo.defaultBranch) {
    return `Protected branch update failed for refs/heads/${branch}.\n\nChanges must be made through a pull request.`
  }
  return undefined
}

export function registerRuleRoutes(gh: FakeGitHubImpl): void {
  const R = '/repos/{owner}/{repo}'
  const ok = (body: Json, status = 200, headers?: Record<string, string>): Answer => ({status, body, headers})
  gh.route('GET', `${R}/rules/branches/{branch}`, 'metadata', ctx => {
    const rules = rulesFor(gh, ctx.repo, ctx.params.branch ?? '').map(r => ({
      type: r.type,
      ...(r.type === 'pull_request'
        ? {
            parameters: {
              dismiss_stale_reviews_on_push: false,
              require_code_owner_review: false,
              require_last_push_approval: false,
              required_approving_review_count: 0,
              required_review_thread_resolution: false
            }
          }
        : {}),
      ruleset_source_type: 'Repository',
      ruleset_source: `${ctx.repo.owner}/${ctx.repo.name}`,
      ruleset_id: r.ruleset?.id ?? 7
    }))
    const headers: Record<string, string> = {}
    return ok(paginate(gh, ctx, rules, headers), 200, headers)
  })
  gh.route('GET', `${R}/rulesets/{ruleset_id}`, 'metadata', ({repo, params}) => {
    const rs = repo.rulesets.find(r => r.id === Number(params.ruleset_id))
    if (!rs) throw httpError(404, 'Not Found')
    return ok({
      id: rs.id,
      name: rs.name,
      target: 'branch',
      source_type: 'Repository',
      source: `${repo.owner}/${repo.name}`,
      enforcement: 'active',
      conditions: {ref_name: {include: rs.branches.map(b => `refs/heads/${b}`), exclude: []}},
      rules: rs.rules.map(type => ({type}))
    })
  })
}
