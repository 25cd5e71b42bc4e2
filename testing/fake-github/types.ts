// The fake GitHub's public types: options, recorded requests, the model objects tests read, fault control.
import type {FakeAppSupport, FakeAppOptions} from './app.js'

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any

// Public types

export type Permission = 'none' | 'read' | 'write'

export type PermissionArea = 'contents' | 'pull_requests' | 'statuses' | 'checks' | 'deployments' | 'issues'

export type RepoPermissions = Partial<Record<PermissionArea, Permission>>

export interface Person {
  name: string
  email: string
  /** ISO 8601; defaults to the fake's clock. */
  date?: string
}

export interface BranchProtection {
  /** Status contexts / check-run names that must be successful on the PR head before a merge. */
  requiredStatusChecks?: string[]
  /** Approving reviews needed (given with `approvePullRequest`). */
  requiredApprovals?: number
  /** Head must contain the base head ("Require branches to be up to date"). */
  strict?: boolean
  /** Classic protection "Require a pull request before merging": direct commits onto the branch are refused. */
  requirePullRequest?: boolean
}

/** A repository ruleset on branches. Only the rule types the action reacts to are modelled. */
export interface RulesetOptions {
  id?: number
  name: string
  /** Branch names it targets (default: the default branch). */
  branches?: string[]
  rules: ('pull_request' | 'update' | 'required_status_checks' | 'non_fast_forward' | 'deletion')[]
}

/** A merge queue on the default branch (GitHub models it as a ruleset rule `merge_queue`). */
export interface MergeQueueOptions {
  /** How the queue merges (default squash, GitHub's default). */
  mergeMethod?: MergeMethod
  /** Time from being queued until the queue merges the PR (default 1000 ms). */
  mergeAfterMs?: number
  /** Instead of merging, the queue drops the PR with this reason (e.g. "The merge group failed checks"). */
  removeWith?: string
  /** The token could merge around the queue (an admin with bypass): REST merge then succeeds, as on GitHub. */
  bypassAllowed?: boolean
}

export interface CreateRepoOptions {
  defaultBranch?: string
  files?: Record<string, string>
  allowAutoMerge?: boolean
  allowSquashMerge?: boolean
  allowMergeCommit?: boolean
  allowRebaseMerge?: boolean
  deleteBranchOnMerge?: boolean
  private?: boolean
  permissions?: RepoPermissions
  protection?: BranchProtection
  /** Initial commit message (default "Initial commit"). */
  message?: string
  author?: Person
  /** After a PR changes, this many reads of it answer `mergeable: null` / `unknown` (GitHub computes it lazily). */
  mergeableUnknownReads?: number
  /** With auto-merge enabled on a PR, GitHub merges it after this many further reads of the PR (REST or GraphQL). */
  autoMergeAfterReads?: number
  rulesets?: RulesetOptions[]
  mergeQueue?: MergeQueueOptions
}

export type RequestMatcher = string | RegExp | ((r: RequestInfo) => boolean)

export interface RequestInfo {
  method: string
  /** Decoded path without the API prefix, e.g. `/repos/acme/gitops/git/refs/heads/main`. */
  path: string
  /** OpenAPI template when known, e.g. `/repos/{owner}/{repo}/git/refs/{ref}`. */
  operation?: string
  /** GraphQL top-level fields of the operation (`createCommitOnBranch`). */
  graphqlFields?: string[]
  body?: Json
  /** REST query parameters. */
  query?: Record<string, string>
}

export interface RecordedRequest {
  id: number
  method: string
  path: string
  query: Record<string, string>
  /** HTTP status of the answer (304 for a conditional hit). */
  status: number
  body?: Json
  /** Non-GET/HEAD REST requests and GraphQL mutations. */
  write: boolean
  /** `${METHOD} ${template}` for REST, `graphql` for GraphQL, `codeload` for archive downloads. */
  operation?: string
  graphql?: {operationName?: string; mutation: boolean; fields: string[]; variables?: Json; errors?: Json[]}
  /** Parsed JSON answer (absent for 304, archives and empty bodies). */
  response?: Json
  /** Set when the answer was produced by fault injection. */
  injected?: string
  /** `x-fake-client` header: helpers such as fake-flux mark their requests with it. */
  client?: string
  userAgent?: string
  time: number
}

export interface Violation {
  requestId: number
  method: string
  path: string
  message: string
}

export interface ForcedUpdate {
  owner: string
  repo: string
  ref: string
  sha: string
  requestId: number
}

export interface FakeGitHubOptions {
  /** Accepted tokens. Default: any non-empty token. */
  token?: string | string[]
  /** Check requests against the OpenAPI description and the GraphQL schema (default true). */
  validate?: boolean
  /** Serve REST below this prefix (GHES style `/api/v3`; GraphQL then at `/api/graphql`). */
  apiPrefix?: string
  /** Base of html_url fields (default https://github.com). */
  htmlUrl?: string
  /** The authenticated user (author of commits made by createCommitOnBranch, merger, PR author). */
  user?: {login: string; id?: number; type?: 'User' | 'Bot'}
  /** Clock in ms (default Date.now). Commit dates and SHAs depend on it. */
  clock?: () => number
  /** Fraction of API requests answered 502, chosen by a PRNG seeded with `seed`. */
  errorRate?: number
  seed?: number
  /** Primary rate limit per resource (default 5000). Exhausted → 403 "API rate limit exceeded". */
  rateLimit?: number
  /** A GitHub App installed on every account: JWT-authenticated App endpoints and installation tokens. */
  app?: FakeAppOptions
}

export interface FakeEvent {
  type: 'ref' | 'status' | 'check_run' | 'pull_request' | 'deployment'
  owner: string
  repo: string
  /** For ref events: full ref name (`refs/heads/main`). */
  ref?: string
  sha?: string
  before?: string
  number?: number
}

export interface LogEntry {
  sha: string
  message: string
  parents: string[]
  tree: string
  author: Person
  committer: Person
}

export interface PullRequestModel {
  number: number
  id: number
  nodeId: string
  title: string
  body: string | null
  state: 'open' | 'closed'
  draft: boolean
  headRef: string
  baseRef: string
  /** Frozen head sha once closed; while open the live branch head is used. */
  headSha: string
  merged: boolean
  mergedAt: string | null
  mergeCommitSha: string | null
  mergedBy: string | null
  closedAt: string | null
  createdAt: string
  updatedAt: string
  labels: string[]
  user: string
  autoMerge: {
    mergeMethod: MergeMethod
    enabledAt: string
    enabledBy: string
    commitHeadline?: string
    commitBody?: string
  } | null
  approvals: number
  blocked: boolean
  conflict: boolean
  unknownReadsLeft: number
  readsSinceAutoMerge: number
}

export interface CommitStatusModel {
  id: number
  nodeId: string
  sha: string
  state: 'error' | 'failure' | 'pending' | 'success'
  context: string
  description: string | null
  targetUrl: string | null
  createdAt: string
  updatedAt: string
  creator: string
}

export interface CheckRunModel {
  id: number
  nodeId: string
  headSha: string
  name: string
  status: string
  conclusion: string | null
  startedAt: string | null
  completedAt: string | null
  detailsUrl: string | null
  externalId: string | null
  output: {title: string | null; summary: string | null; text: string | null}
}

export interface DeploymentModel {
  id: number
  nodeId: string
  sha: string
  ref: string
  task: string
  payload: Json
  environment: string
  originalEnvironment: string
  description: string | null
  transientEnvironment: boolean
  productionEnvironment: boolean
  createdAt: string
  updatedAt: string
  creator: string
  statuses: DeploymentStatusModel[]
}

export interface DeploymentStatusModel {
  id: number
  nodeId: string
  state: string
  description: string
  environment: string
  targetUrl: string
  logUrl: string
  environmentUrl: string
  createdAt: string
  updatedAt: string
  creator: string
}

/** A comment on a pull request (GitHub's issue comment). */
export interface CommentModel {
  id: number
  nodeId: string
  /** The pull request's number. */
  issue: number
  body: string
  user: string
  createdAt: string
  updatedAt: string
  /** How many times it was edited (PATCH). */
  edits: number
}

export type MergeMethod = 'merge' | 'squash' | 'rebase'

/** Which matching requests a fault hits: `times` of them from the `nth` (1-based, default 1); `afterApply` applies a write first. */
export interface FaultOptions {
  times?: number
  afterApply?: boolean
  nth?: number
}

export interface FaultControl {
  /** Fraction of API requests answered 502 (seeded PRNG; 0 disables). */
  errorRate: number
  /** The next request matching answers 403 secondary rate limit with `retry-after: 1`. */
  secondaryRateLimitOnce(matcher: RequestMatcher): void
  /** The next request matching answers 403 primary rate limit (x-ratelimit-remaining: 0). */
  primaryRateLimitOnce(matcher: RequestMatcher): void
  /**
   * The next `times` requests matching answer `status` with `body`. With `afterApply` a write is carried out
   * first and its answer then replaced (the client cannot know whether it happened).
   */
  failNext(matcher: RequestMatcher, status: number, body?: Json, opts?: FaultOptions): void
  /** The next matching request's connection is destroyed without an answer (with `afterApply`, once applied). */
  resetNext(matcher: RequestMatcher, opts?: FaultOptions): void
  /** The next matching request is never answered (with `afterApply`, once applied); the fake's close ends it. */
  hangNext(matcher: RequestMatcher, opts?: FaultOptions): void
  /** Called before each write (REST non-GET, GraphQL mutation) is applied; may be async. Returns an unsubscriber. */
  beforeWrite(hook: (r: RequestInfo) => void | Promise<void>): () => void
  /** Called before each read is answered (another writer acting between two reads of a run); may be async. */
  beforeRead(hook: (r: RequestInfo) => void | Promise<void>): () => void
  /** Removes every pending fault. */
  clear(): void
}

// Git object model

export interface FakeGitHub {
  /** REST base, e.g. http://127.0.0.1:PORT (plus apiPrefix). */
  readonly url: string
  readonly graphqlUrl: string
  /** Server origin (codeload URLs live here). */
  readonly origin: string
  /** A token the fake accepts (the configured one, or "test-token"). */
  readonly token: string
  readonly requests: RecordedRequest[]
  readonly violations: Violation[]
  /** Real GitHub operations the fake does not implement (answered 501). */
  readonly unimplemented: Violation[]
  readonly forcedUpdates: ForcedUpdate[]
  /** Merges that went around a required merge queue (only possible with `mergeQueue.bypassAllowed`). */
  readonly queueBypasses: {number: number; requestId?: number}[]
  /** What the merge queues did: enqueue, merge (with the commit it put on the base) or removal, per PR. */
  readonly queueLog: {number: number; action: 'enqueued' | 'merged' | 'removed'; sha?: string; reason?: string}[]
  readonly faults: FaultControl
  /** The GitHub App endpoints' state: repository_dispatch events received, installation tokens issued. */
  readonly app: FakeAppSupport
  /** Write requests (non-GET/HEAD REST, GraphQL mutations); by default without those of helpers (x-fake-client). */
  writes(opts?: {includeHelpers?: boolean}): RecordedRequest[]
  close(): Promise<void>

  createRepo(owner: string, name: string, opts?: CreateRepoOptions): string
  commitFiles(
    owner: string,
    repo: string,
    branch: string,
    files: Record<string, string | null>,
    message?: string,
    author?: Person
  ): string
  createBranch(owner: string, repo: string, branch: string, from?: string): string
  deleteBranch(owner: string, repo: string, branch: string): void
  getFile(owner: string, repo: string, ref: string, path: string): string | undefined
  listFiles(owner: string, repo: string, ref: string): Record<string, string>
  headOf(owner: string, repo: string, branch: string): string | undefined
  resolve(owner: string, repo: string, ref: string): string | undefined
  log(owner: string, repo: string, branch: string): LogEntry[]
  isAncestor(owner: string, repo: string, ancestor: string, descendant: string): boolean
  pulls(owner: string, repo: string): PullRequestModel[]
  pull(owner: string, repo: string, number: number): PullRequestModel
  statuses(owner: string, repo: string, sha?: string): CommitStatusModel[]
  checkRuns(owner: string, repo: string, sha?: string): CheckRunModel[]
  deployments(owner: string, repo: string): DeploymentModel[]
  labels(owner: string, repo: string): string[]
  /** Comments on pull requests, of one when `issue` is given, oldest first. */
  comments(owner: string, repo: string, issue?: number): CommentModel[]
  /** Adds a commit status directly (not through HTTP). */
  addStatus(
    owner: string,
    repo: string,
    sha: string,
    s: {state: CommitStatusModel['state']; context: string; description?: string; targetUrl?: string}
  ): CommitStatusModel
  setPermissions(owner: string, repo: string, permissions: RepoPermissions): void
  setRepoSettings(
    owner: string,
    repo: string,
    settings: Partial<Omit<CreateRepoOptions, 'files' | 'defaultBranch'>>
  ): void
  setPullRequestMergeability(
    owner: string,
    repo: string,
    number: number,
    s: {blocked?: boolean; conflict?: boolean; unknownReads?: number}
  ): void
  approvePullRequest(owner: string, repo: string, number: number): void
  /** Merges a PR on which auto-merge was enabled, with the recorded method (as GitHub would once it is ready). */
  completeAutoMerge(owner: string, repo: string, number: number): string
  /** Merges a PR as a person would in the UI. */
  mergePullRequest(owner: string, repo: string, number: number, method?: MergeMethod): string
  /** Subscribes to model changes (ref updates, statuses, …), whatever their source. */
  onEvent(listener: (e: FakeEvent) => void): () => void
}
