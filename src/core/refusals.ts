// GitHub's reasons for refusing a merge or a commit, sorted into what to do about them. Pure: tested directly.

/** What a refused merge (HTTP 405, or a GraphQL error) means for the run. */
export type MergeRefusal =
  /** Checks pending, mergeability still being computed, the base just moved: try again within the budget. */
  | {kind: 'not-ready'; reason: string}
  /** The repository does not allow the requested `merge-method`. */
  | {kind: 'method-not-allowed'; reason: string}
  /** The base only takes changes through its merge queue. */
  | {kind: 'queue-required'}
  /** A person has to act first (reviews, code owners, conversations, a draft): waiting will not help. */
  | {kind: 'blocked'; requirement: string}
  | {kind: 'closed'}
  | {kind: 'merged'}
  /** The base requires up-to-date branches and moved. */
  | {kind: 'behind'}
  | {kind: 'conflict'}

export interface PullRequestState {
  state: string
  merged: boolean
  mergeable: boolean | null
  mergeableState: string
}

// Requirements that only a person can meet; checked after the status-check wording, which means "wait".
const NEEDS_A_PERSON =
  /approving review|review(s)? (is |are )?required|review required|code owner|changes requested|requested changes|conversation|must be resolved|draft|signed|signature|deployment|locked/i
const CHECKS_PENDING =
  /status checks? .*(is|are) (expected|pending|in progress)|(is|are) expected|required status check|checks? (is|are) (pending|in progress)|waiting for|base branch was modified|try again/i

export function classifyMergeRefusal(message: string, pr: PullRequestState): MergeRefusal {
  if (pr.merged) return {kind: 'merged'}
  if (pr.state === 'closed') return {kind: 'closed'}
  if (/merge queue/i.test(message)) return {kind: 'queue-required'}
  if (
    /(merge commits|squash merges|rebase merges) are not allowed|merge method .*not allowed|not allowed.*merge method/i.test(
      message
    )
  )
    return {kind: 'method-not-allowed', reason: message}
  if (pr.mergeable === false || pr.mergeableState === 'dirty') return {kind: 'conflict'}
  if (pr.mergeableState === 'behind' || /not up to date/i.test(message)) return {kind: 'behind'}
  const requirement = ruleText(message)
  if (CHECKS_PENDING.test(requirement)) return {kind: 'not-ready', reason: requirement}
  if (NEEDS_A_PERSON.test(requirement) || pr.mergeableState === 'draft') return {kind: 'blocked', requirement}
  return {kind: 'not-ready', reason: requirement}
}

/**
 * When GitHub refused a commit because of branch protection or a ruleset, the rule it named (e.g. "Changes must be
 * made through a pull request."); otherwise undefined.
 */
export function pushRefusal(message: string): string | undefined {
  if (
    !/repository rule violations|protected branch|GH006|GH013|branch protection|cannot update this protected ref/i.test(
      message
    )
  )
    return undefined
  return ruleText(message) || message.trim()
}

/** "Repository rule violations found\n\n- Changes must be made …\n\n" -> "Changes must be made …". */
function ruleText(message: string): string {
  const lines = message
    .split('\n')
    .map(l => l.replace(/^\s*(?:remote:\s*)?[-*]?\s*/, '').trim())
    .filter(l => l !== '' && !/^repository rule violations found/i.test(l) && !/^review all repository rules/i.test(l))
  return lines.length > 0 ? lines.join(' ') : message.trim()
}
