// An in-process fake of the parts of GitHub that gitops-promote talks to: a real HTTP server on 127.0.0.1 with an
// in-memory model of repositories (real git objects and SHA-1s, refs, pull requests, statuses, check runs,
// deployments, labels), REST + GraphQL, checked against GitHub's published descriptions, with request recording
// and fault injection. No jest imports: scripts import the compiled copy (build/__tests__/helpers).
import {createHash, randomBytes} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {gzipSync} from 'node:zlib'
import tarStream from 'tar-stream'
import {execute, type ExecutionResult} from 'graphql'
import {PathTemplateMatcher, validateRestRequest} from './openapi.js'
import {checkGraphQLRequest, getGitHubSchema} from './graphql-schema.js'
import {FakeAppSupport, type FakeAppOptions} from './fake-github-app.js'

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any

// ---------------------------------------------------------------------------------------------------------------
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

export type MergeMethod = 'merge' | 'squash' | 'rebase'

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
  failNext(matcher: RequestMatcher, status: number, body?: Json, opts?: {times?: number; afterApply?: boolean}): void
  /** Called before each write (REST non-GET, GraphQL mutation) is applied; may be async. Returns an unsubscriber. */
  beforeWrite(hook: (r: RequestInfo) => void | Promise<void>): () => void
  /** Removes every pending fault. */
  clear(): void
}

// ---------------------------------------------------------------------------------------------------------------
// Git object model

interface FileEntry {
  sha: string
  mode: string
}
interface TreeEntry {
  name: string
  mode: string
  type: 'blob' | 'tree' | 'commit'
  sha: string
}
interface GitCommit {
  tree: string
  parents: string[]
  author: Required<Person>
  committer: Required<Person>
  message: string
  verified: boolean
}
type GitObject =
  {type: 'blob'; data: Buffer} | {type: 'tree'; entries: TreeEntry[]} | {type: 'commit'; commit: GitCommit}

export function gitHash(type: 'blob' | 'tree' | 'commit', content: Buffer): string {
  return createHash('sha1')
    .update(Buffer.from(`${type} ${content.length}\0`))
    .update(content)
    .digest('hex')
}

function gitDate(iso: string): string {
  return `${Math.floor(Date.parse(iso) / 1000)} +0000`
}

function treeSortKey(e: TreeEntry): Buffer {
  return Buffer.from(e.type === 'tree' ? `${e.name}/` : e.name)
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

class GitStore {
  readonly objects = new Map<string, GitObject>()

  putBlob(data: Buffer): string {
    const sha = gitHash('blob', data)
    if (!this.objects.has(sha)) this.objects.set(sha, {type: 'blob', data})
    return sha
  }

  putTree(entries: TreeEntry[]): string {
    const sorted = [...entries].sort((a, b) => Buffer.compare(treeSortKey(a), treeSortKey(b)))
    const content = Buffer.concat(
      sorted.flatMap(e => [
        Buffer.from(`${e.mode === '040000' ? '40000' : e.mode} ${e.name}\0`),
        Buffer.from(e.sha, 'hex')
      ])
    )
    const sha = gitHash('tree', content)
    if (!this.objects.has(sha)) this.objects.set(sha, {type: 'tree', entries: sorted})
    return sha
  }

  putCommit(c: GitCommit): string {
    const lines = [`tree ${c.tree}`, ...c.parents.map(p => `parent ${p}`)]
    lines.push(`author ${c.author.name} <${c.author.email}> ${gitDate(c.author.date)}`)
    lines.push(`committer ${c.committer.name} <${c.committer.email}> ${gitDate(c.committer.date)}`)
    const sha = gitHash('commit', Buffer.from(`${lines.join('\n')}\n\n${c.message}`))
    if (!this.objects.has(sha)) this.objects.set(sha, {type: 'commit', commit: c})
    return sha
  }

  blob(sha: string): Buffer | undefined {
    const o = this.objects.get(sha)
    return o?.type === 'blob' ? o.data : undefined
  }
  tree(sha: string): TreeEntry[] | undefined {
    const o = this.objects.get(sha)
    return o?.type === 'tree' ? o.entries : undefined
  }
  commit(sha: string): GitCommit | undefined {
    const o = this.objects.get(sha)
    return o?.type === 'commit' ? o.commit : undefined
  }

  /** path → blob entry for every file below the tree. */
  flatten(treeSha: string, prefix = '', out = new Map<string, FileEntry>()): Map<string, FileEntry> {
    for (const e of this.tree(treeSha) ?? []) {
      const path = prefix + e.name
      if (e.type === 'tree') this.flatten(e.sha, `${path}/`, out)
      else out.set(path, {sha: e.sha, mode: e.mode})
    }
    return out
  }

  buildTree(files: Map<string, FileEntry>): string {
    const here: TreeEntry[] = []
    const dirs = new Map<string, Map<string, FileEntry>>()
    for (const [path, entry] of files) {
      const slash = path.indexOf('/')
      if (slash < 0) {
        here.push({name: path, mode: entry.mode, type: entry.mode === '160000' ? 'commit' : 'blob', sha: entry.sha})
      } else {
        const dir = path.slice(0, slash)
        let sub = dirs.get(dir)
        if (!sub) dirs.set(dir, (sub = new Map()))
        sub.set(path.slice(slash + 1), entry)
      }
    }
    for (const [name, sub] of dirs) here.push({name, mode: '040000', type: 'tree', sha: this.buildTree(sub)})
    return this.putTree(here)
  }

  filesOf(commitSha: string): Map<string, FileEntry> {
    const c = this.commit(commitSha)
    return c ? this.flatten(c.tree) : new Map()
  }

  ancestors(sha: string): Set<string> {
    const seen = new Set<string>()
    const stack = [sha]
    while (stack.length) {
      const s = stack.pop() as string
      if (seen.has(s)) continue
      seen.add(s)
      for (const p of this.commit(s)?.parents ?? []) stack.push(p)
    }
    return seen
  }

  isAncestor(ancestor: string, descendant: string): boolean {
    return this.ancestors(descendant).has(ancestor)
  }

  /** Commits in topological order, parents before children (oldest first), reachable from `head`, not in `exclude`. */
  topo(head: string, exclude: Set<string> = new Set()): string[] {
    const out: string[] = []
    const done = new Set<string>()
    const stack: {sha: string; expanded: boolean}[] = [{sha: head, expanded: false}]
    while (stack.length) {
      const top = stack[stack.length - 1] as {sha: string; expanded: boolean}
      if (done.has(top.sha) || exclude.has(top.sha)) {
        stack.pop()
        continue
      }
      if (top.expanded) {
        stack.pop()
        done.add(top.sha)
        out.push(top.sha)
        continue
      }
      top.expanded = true
      const parents = this.commit(top.sha)?.parents ?? []
      for (let i = parents.length - 1; i >= 0; i--) {
        const p = parents[i] as string
        if (!done.has(p) && !exclude.has(p)) stack.push({sha: p, expanded: false})
      }
    }
    return out
  }

  mergeBase(a: string, b: string): string | undefined {
    const fromA = this.ancestors(a)
    const common = [...this.ancestors(b)].filter(s => fromA.has(s))
    if (!common.length) return undefined
    // The best common ancestor is the one that is not an ancestor of another common ancestor.
    const commonSet = new Set(common)
    for (const c of this.topo(b).reverse()) {
      if (commonSet.has(c)) return c
    }
    return common[0]
  }
}

/** Three-way merge of whole files: a path changed on both sides, differently, is a conflict. */
function merge3(
  base: Map<string, FileEntry>,
  ours: Map<string, FileEntry>,
  theirs: Map<string, FileEntry>
): {files: Map<string, FileEntry>; conflicts: string[]} {
  const same = (x?: FileEntry, y?: FileEntry): boolean => x?.sha === y?.sha && x?.mode === y?.mode
  const files = new Map<string, FileEntry>()
  const conflicts: string[] = []
  for (const path of new Set([...base.keys(), ...ours.keys(), ...theirs.keys()])) {
    const b = base.get(path)
    const o = ours.get(path)
    const t = theirs.get(path)
    let result: FileEntry | undefined
    if (same(o, t)) result = o
    else if (same(b, o)) result = t
    else if (same(b, t)) result = o
    else {
      conflicts.push(path)
      result = o
    }
    if (result) files.set(path, result)
  }
  return {files, conflicts}
}

function lineDiffStats(a: string, b: string): {additions: number; deletions: number} {
  const lines = (t: string): string[] => (t === '' ? [] : t.replace(/\n$/, '').split('\n'))
  const x = lines(a)
  const y = lines(b)
  if (x.length * y.length > 4_000_000) return {additions: y.length, deletions: x.length}
  // LCS length, O(n*m) with two rows.
  let prev = new Array<number>(y.length + 1).fill(0)
  for (let i = 1; i <= x.length; i++) {
    const cur = new Array<number>(y.length + 1).fill(0)
    for (let j = 1; j <= y.length; j++) {
      cur[j] = x[i - 1] === y[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, cur[j - 1] as number)
    }
    prev = cur
  }
  const lcs = prev[y.length] as number
  return {additions: y.length - lcs, deletions: x.length - lcs}
}

// ---------------------------------------------------------------------------------------------------------------
// Repository state

interface RepoState {
  id: number
  nodeId: string
  owner: string
  name: string
  defaultBranch: string
  private: boolean
  allowAutoMerge: boolean
  allowSquashMerge: boolean
  allowMergeCommit: boolean
  allowRebaseMerge: boolean
  deleteBranchOnMerge: boolean
  permissions: Record<PermissionArea, Permission>
  protection: BranchProtection
  mergeableUnknownReads: number
  autoMergeAfterReads?: number
  rulesets: Required<RulesetOptions>[]
  mergeQueue?: MergeQueueOptions
  createdAt: string
  pushedAt: string
  git: GitStore
  refs: Map<string, string>
  pulls: PullRequestModel[]
  statuses: CommitStatusModel[]
  checkRuns: CheckRunModel[]
  deployments: DeploymentModel[]
  labels: Map<string, {id: number; nodeId: string; name: string; color: string; description: string | null}>
  verifiedCommits: Set<string>
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
    readonly headers: Record<string, string> = {}
  ) {
    super(typeof body?.message === 'string' ? body.message : `HTTP ${status}`)
  }
}

const DOCS = 'https://docs.github.com/rest'

function httpError(status: number, message: string, extra: Json = {}): HttpError {
  return new HttpError(status, {message, documentation_url: DOCS, status: String(status), ...extra})
}

function validationFailed(errors: Json[], message = 'Validation Failed'): HttpError {
  return httpError(422, message, {errors})
}

class GraphQLFailure extends Error {
  readonly extensions: {type: string}
  constructor(type: string, message: string) {
    super(message)
    this.extensions = {type}
  }
}

interface Answer {
  status: number
  body?: Json
  raw?: Buffer
  headers?: Record<string, string>
}

interface RouteContext {
  repo: RepoState
  params: Record<string, string>
  query: URLSearchParams
  body: Json
  url: URL
  headers: Record<string, string>
  record: RecordedRequest
}

interface Route {
  area: PermissionArea | 'metadata'
  handler: (ctx: RouteContext) => Answer | Promise<Answer>
}

interface PendingFault {
  matcher: RequestMatcher
  kind: 'secondary' | 'primary' | 'fail'
  status?: number
  body?: Json
  times: number
  afterApply?: boolean
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function base64url(s: string): string {
  return Buffer.from(s).toString('base64url')
}

const FULL_SHA = /^[0-9a-f]{40}$/
const SHORT_SHA = /^[0-9a-f]{7,40}$/

// ---------------------------------------------------------------------------------------------------------------

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

export async function startFakeGitHub(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const fake = new FakeGitHubImpl(opts)
  await fake.listen()
  return fake
}

class FakeGitHubImpl implements FakeGitHub {
  url = ''
  graphqlUrl = ''
  origin = ''
  readonly token: string
  readonly requests: RecordedRequest[] = []
  readonly violations: Violation[] = []
  readonly unimplemented: Violation[] = []
  readonly forcedUpdates: ForcedUpdate[] = []
  readonly queueBypasses: {number: number; requestId?: number}[] = []
  readonly queueLog: {number: number; action: 'enqueued' | 'merged' | 'removed'; sha?: string; reason?: string}[] = []
  readonly faults: FaultControl
  readonly app: FakeAppSupport

  private readonly server: Server
  private readonly repos = new Map<string, RepoState>()
  private readonly listeners = new Set<(e: FakeEvent) => void>()
  private readonly routes = new PathTemplateMatcher<Map<string, Route>>()
  private readonly routeTable = new Map<string, Map<string, Route>>()
  private readonly pending: PendingFault[] = []
  private readonly hooks = new Set<(r: RequestInfo) => void | Promise<void>>()
  private readonly random: () => number
  private readonly validate: boolean
  private readonly prefix: string
  private readonly htmlBase: string
  private readonly tokens?: Set<string>
  private readonly now: () => number
  private readonly user: {login: string; id: number; type: 'User' | 'Bot'}
  private readonly rateLimit: number
  private readonly rateUsed = {core: 0, graphql: 0}
  private readonly rateReset: number
  private readonly nodes = new Map<string, {kind: 'repo' | 'pr' | 'ref' | 'commit'; repo: RepoState; key: string}>()
  private readonly codeloadTokens = new Map<string, string>()
  private nextId = 1000
  private readonly queueTimers = new Set<NodeJS.Timeout>()
  private readonly queueEntries = new Map<string, {id: string; enqueuedAt: string; state: string}>()
  private readonly queueRemovals = new Map<string, {id: string; reason: string; at: string}[]>()
  private lastClock = 0

  constructor(private readonly opts: FakeGitHubOptions) {
    this.validate = opts.validate ?? true
    this.prefix = (opts.apiPrefix ?? '').replace(/\/$/, '')
    this.htmlBase = (opts.htmlUrl ?? 'https://github.com').replace(/\/$/, '')
    const tokens = opts.token === undefined ? undefined : Array.isArray(opts.token) ? opts.token : [opts.token]
    this.tokens = tokens ? new Set(tokens) : undefined
    this.token = tokens?.[0] ?? 'test-token'
    this.now = opts.clock ?? Date.now
    this.user = {login: opts.user?.login ?? 'gitops-bot', id: opts.user?.id ?? 4242, type: opts.user?.type ?? 'User'}
    this.rateLimit = opts.rateLimit ?? 5000
    this.rateReset = Math.floor(Date.now() / 1000) + 3600
    this.random = mulberry32(opts.seed ?? 1)
    this.app = new FakeAppSupport(opts.app, this.now)
    const self = this
    this.faults = {
      errorRate: opts.errorRate ?? 0,
      secondaryRateLimitOnce: matcher => void self.pending.push({matcher, kind: 'secondary', times: 1}),
      primaryRateLimitOnce: matcher => void self.pending.push({matcher, kind: 'primary', times: 1}),
      failNext: (matcher, status, body, o) =>
        void self.pending.push({matcher, kind: 'fail', status, body, times: o?.times ?? 1, afterApply: o?.afterApply}),
      beforeWrite: hook => {
        self.hooks.add(hook)
        return () => void self.hooks.delete(hook)
      },
      clear: () => {
        self.pending.length = 0
        self.hooks.clear()
        self.faults.errorRate = 0
      }
    }
    this.registerRoutes()
    this.registerRuleRoutes()
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(err => {
        if (!res.headersSent) {
          res.writeHead(500, {'content-type': 'application/json; charset=utf-8'})
          res.end(JSON.stringify({message: `fake-github internal error: ${String(err?.stack ?? err)}`}))
        }
      })
    })
    this.server.keepAliveTimeout = 1000
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(0, '127.0.0.1', () => resolve())
    })
    const {port} = this.server.address() as AddressInfo
    this.origin = `http://127.0.0.1:${port}`
    this.url = `${this.origin}${this.prefix}`
    this.graphqlUrl = this.prefix ? `${this.origin}${this.prefix.replace(/\/v3$/, '')}/graphql` : `${this.url}/graphql`
  }

  async close(): Promise<void> {
    for (const t of this.queueTimers) clearTimeout(t)
    this.listeners.clear()
    this.server.closeAllConnections()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }

  writes(o: {includeHelpers?: boolean} = {}): RecordedRequest[] {
    return this.requests.filter(r => r.write && (o.includeHelpers || !r.client))
  }

  onEvent(listener: (e: FakeEvent) => void): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  private emit(e: FakeEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e)
      } catch {
        // listeners must not break the fake
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private id(): number {
    return this.nextId++
  }

  private nowIso(): string {
    // Never go back in time, so that ordering by date is stable.
    const t = Math.max(this.now(), this.lastClock)
    this.lastClock = t
    return isoSeconds(t)
  }

  private key(owner: string, name: string): string {
    return `${owner}/${name}`.toLowerCase()
  }

  private repoOf(owner: string, name: string): RepoState {
    const r = this.repos.get(this.key(owner, name))
    if (!r) throw new Error(`fake-github: no repository ${owner}/${name}`)
    return r
  }

  private nodeId(prefix: string, kind: 'repo' | 'pr' | 'ref' | 'commit', repo: RepoState, key: string): string {
    const id = `${prefix}_kwDO${base64url(`${repo.id}:${key}`)}`
    this.nodes.set(id, {kind, repo, key})
    return id
  }

  private userJson(login = this.user.login): Json {
    const id = login === this.user.login ? this.user.id : 10000 + (createHash('sha1').update(login).digest()[0] ?? 0)
    const type = login === this.user.login ? this.user.type : login.endsWith('[bot]') ? 'Bot' : 'User'
    return {
      login,
      id,
      node_id: `U_kgDO${base64url(String(id))}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
      gravatar_id: '',
      url: `${this.url}/users/${encodeURIComponent(login)}`,
      html_url: `${this.htmlBase}/${login}`,
      type,
      site_admin: false
    }
  }

  private person(p?: Person): Required<Person> {
    const fallback = {name: this.user.login, email: `${this.user.id}+${this.user.login}@users.noreply.github.com`}
    return {name: p?.name ?? fallback.name, email: p?.email ?? fallback.email, date: p?.date ?? this.nowIso()}
  }

  private setRef(repo: RepoState, ref: string, sha: string | undefined): void {
    const before = repo.refs.get(ref)
    if (sha === undefined) repo.refs.delete(ref)
    else repo.refs.set(ref, sha)
    if (before === sha) return
    repo.pushedAt = this.nowIso()
    if (ref.startsWith('refs/heads/')) {
      const branch = ref.slice('refs/heads/'.length)
      for (const pr of repo.pulls) {
        if (pr.state !== 'open') continue
        if (pr.headRef === branch) {
          if (sha === undefined) {
            pr.state = 'closed'
            pr.closedAt = this.nowIso()
          } else pr.headSha = sha
          pr.updatedAt = this.nowIso()
          pr.unknownReadsLeft = repo.mergeableUnknownReads
        }
        if (pr.baseRef === branch) pr.unknownReadsLeft = repo.mergeableUnknownReads
      }
    }
    this.emit({type: 'ref', owner: repo.owner, repo: repo.name, ref, sha, before})
    this.autoMergeReady(repo)
  }

  /** Resolves a branch, tag, `heads/x`, `refs/heads/x`, a full or abbreviated commit SHA to a commit SHA. */
  private resolveIn(repo: RepoState, ref: string): string | undefined {
    if (FULL_SHA.test(ref) && repo.git.commit(ref)) return ref
    for (const candidate of [ref, `refs/${ref}`, `refs/heads/${ref}`, `refs/tags/${ref}`]) {
      const sha = repo.refs.get(candidate)
      if (sha) return sha
    }
    if (SHORT_SHA.test(ref)) {
      const hits = [...repo.git.objects.entries()].filter(([s, o]) => o.type === 'commit' && s.startsWith(ref))
      if (hits.length === 1) return (hits[0] as [string, GitObject])[0]
    }
    return undefined
  }

  private commitOrThrow(repo: RepoState, ref: string, status = 422): string {
    const sha = this.resolveIn(repo, ref)
    if (!sha) {
      throw status === 404 ? httpError(404, 'Not Found') : httpError(422, `No commit found for SHA: ${ref}`)
    }
    return sha
  }

  private makeCommit(
    repo: RepoState,
    files: Map<string, FileEntry>,
    parents: string[],
    message: string,
    author?: Person,
    committer?: Person,
    verified = false
  ): string {
    const tree = repo.git.buildTree(files)
    const a = this.person(author)
    const sha = repo.git.putCommit({
      tree,
      parents,
      author: a,
      committer: committer ? this.person(committer) : a,
      message,
      verified
    })
    if (verified) repo.verifiedCommits.add(sha)
    return sha
  }

  private applyFileChanges(
    repo: RepoState,
    base: Map<string, FileEntry>,
    files: Record<string, string | null>
  ): Map<string, FileEntry> {
    const next = new Map(base)
    for (const [path, content] of Object.entries(files)) {
      const clean = path.replace(/^\/+/, '')
      if (content === null) {
        next.delete(clean)
        for (const p of [...next.keys()]) if (p.startsWith(`${clean}/`)) next.delete(p)
      } else
        next.set(clean, {sha: repo.git.putBlob(Buffer.from(content, 'utf8')), mode: next.get(clean)?.mode ?? '100644'})
    }
    return next
  }

  // ------------------------------------------------------------------------------------------------ test API

  createRepo(owner: string, name: string, o: CreateRepoOptions = {}): string {
    const key = this.key(owner, name)
    if (this.repos.has(key)) throw new Error(`fake-github: repository ${owner}/${name} exists`)
    const id = this.id()
    const repo: RepoState = {
      id,
      nodeId: '',
      owner,
      name,
      defaultBranch: o.defaultBranch ?? 'main',
      private: o.private ?? true,
      allowAutoMerge: o.allowAutoMerge ?? false,
      allowSquashMerge: o.allowSquashMerge ?? true,
      allowMergeCommit: o.allowMergeCommit ?? true,
      allowRebaseMerge: o.allowRebaseMerge ?? true,
      deleteBranchOnMerge: o.deleteBranchOnMerge ?? false,
      permissions: {
        contents: 'write',
        pull_requests: 'write',
        statuses: 'write',
        checks: 'write',
        deployments: 'write',
        issues: 'write',
        ...o.permissions
      },
      protection: o.protection ?? {},
      mergeableUnknownReads: o.mergeableUnknownReads ?? 0,
      autoMergeAfterReads: o.autoMergeAfterReads,
      rulesets: (o.rulesets ?? []).map((r, i) => ({
        id: r.id ?? 42 + i,
        name: r.name,
        branches: r.branches ?? [o.defaultBranch ?? 'main'],
        rules: r.rules
      })),
      mergeQueue: o.mergeQueue,
      createdAt: this.nowIso(),
      pushedAt: this.nowIso(),
      git: new GitStore(),
      refs: new Map(),
      pulls: [],
      statuses: [],
      checkRuns: [],
      deployments: [],
      labels: new Map(),
      verifiedCommits: new Set()
    }
    repo.nodeId = this.nodeId('R', 'repo', repo, '')
    this.repos.set(key, repo)
    const files = this.applyFileChanges(repo, new Map(), o.files ?? {})
    const sha = this.makeCommit(repo, files, [], o.message ?? 'Initial commit', o.author)
    this.setRef(repo, `refs/heads/${repo.defaultBranch}`, sha)
    return sha
  }

  commitFiles(
    owner: string,
    name: string,
    branch: string,
    files: Record<string, string | null>,
    message = 'Update files',
    author?: Person
  ): string {
    const repo = this.repoOf(owner, name)
    const ref = `refs/heads/${branch}`
    const parent = repo.refs.get(ref) ?? repo.refs.get(`refs/heads/${repo.defaultBranch}`)
    const base = parent ? repo.git.filesOf(parent) : new Map<string, FileEntry>()
    const sha = this.makeCommit(repo, this.applyFileChanges(repo, base, files), parent ? [parent] : [], message, author)
    this.setRef(repo, ref, sha)
    return sha
  }

  createBranch(owner: string, name: string, branch: string, from?: string): string {
    const repo = this.repoOf(owner, name)
    const sha = this.resolveIn(repo, from ?? repo.defaultBranch)
    if (!sha) throw new Error(`fake-github: cannot resolve ${from}`)
    this.setRef(repo, `refs/heads/${branch}`, sha)
    return sha
  }

  deleteBranch(owner: string, name: string, branch: string): void {
    this.setRef(this.repoOf(owner, name), `refs/heads/${branch}`, undefined)
  }

  getFile(owner: string, name: string, ref: string, path: string): string | undefined {
    const repo = this.repoOf(owner, name)
    const sha = this.resolveIn(repo, ref)
    const entry = sha ? repo.git.filesOf(sha).get(path.replace(/^\/+/, '')) : undefined
    return entry ? repo.git.blob(entry.sha)?.toString('utf8') : undefined
  }

  listFiles(owner: string, name: string, ref: string): Record<string, string> {
    const repo = this.repoOf(owner, name)
    const sha = this.resolveIn(repo, ref)
    const out: Record<string, string> = {}
    for (const [path, e] of sha ? repo.git.filesOf(sha) : []) out[path] = repo.git.blob(e.sha)?.toString('utf8') ?? ''
    return out
  }

  headOf(owner: string, name: string, branch: string): string | undefined {
    return this.repoOf(owner, name).refs.get(`refs/heads/${branch}`)
  }

  resolve(owner: string, name: string, ref: string): string | undefined {
    return this.resolveIn(this.repoOf(owner, name), ref)
  }

  log(owner: string, name: string, branch: string): LogEntry[] {
    const repo = this.repoOf(owner, name)
    const head = this.resolveIn(repo, branch)
    if (!head) return []
    return repo.git
      .topo(head)
      .reverse()
      .map(sha => {
        const c = repo.git.commit(sha) as GitCommit
        return {
          sha,
          message: c.message,
          parents: [...c.parents],
          tree: c.tree,
          author: c.author,
          committer: c.committer
        }
      })
  }

  isAncestor(owner: string, name: string, ancestor: string, descendant: string): boolean {
    const repo = this.repoOf(owner, name)
    const a = this.resolveIn(repo, ancestor)
    const d = this.resolveIn(repo, descendant)
    return Boolean(a && d && repo.git.isAncestor(a, d))
  }

  pulls(owner: string, name: string): PullRequestModel[] {
    return this.repoOf(owner, name).pulls
  }

  pull(owner: string, name: string, number: number): PullRequestModel {
    const pr = this.repoOf(owner, name).pulls.find(p => p.number === number)
    if (!pr) throw new Error(`fake-github: no pull request #${number} in ${owner}/${name}`)
    return pr
  }

  statuses(owner: string, name: string, sha?: string): CommitStatusModel[] {
    return this.repoOf(owner, name).statuses.filter(s => !sha || s.sha === sha)
  }

  checkRuns(owner: string, name: string, sha?: string): CheckRunModel[] {
    return this.repoOf(owner, name).checkRuns.filter(c => !sha || c.headSha === sha)
  }

  deployments(owner: string, name: string): DeploymentModel[] {
    return this.repoOf(owner, name).deployments
  }

  labels(owner: string, name: string): string[] {
    return [...this.repoOf(owner, name).labels.values()].map(l => l.name)
  }

  addStatus(
    owner: string,
    name: string,
    sha: string,
    s: {state: CommitStatusModel['state']; context: string; description?: string; targetUrl?: string; creator?: string}
  ): CommitStatusModel {
    const repo = this.repoOf(owner, name)
    const full = this.resolveIn(repo, sha)
    if (!full) throw new Error(`fake-github: no commit ${sha}`)
    return this.insertStatus(repo, full, s.state, s.context, s.description ?? null, s.targetUrl ?? null, s.creator)
  }

  setPermissions(owner: string, name: string, permissions: RepoPermissions): void {
    Object.assign(this.repoOf(owner, name).permissions, permissions)
  }

  setRepoSettings(owner: string, name: string, s: Partial<Omit<CreateRepoOptions, 'files' | 'defaultBranch'>>): void {
    const repo = this.repoOf(owner, name)
    if (s.allowAutoMerge !== undefined) repo.allowAutoMerge = s.allowAutoMerge
    if (s.allowSquashMerge !== undefined) repo.allowSquashMerge = s.allowSquashMerge
    if (s.allowMergeCommit !== undefined) repo.allowMergeCommit = s.allowMergeCommit
    if (s.allowRebaseMerge !== undefined) repo.allowRebaseMerge = s.allowRebaseMerge
    if (s.deleteBranchOnMerge !== undefined) repo.deleteBranchOnMerge = s.deleteBranchOnMerge
    if (s.private !== undefined) repo.private = s.private
    if (s.permissions) Object.assign(repo.permissions, s.permissions)
    if (s.protection) repo.protection = s.protection
    if (s.mergeableUnknownReads !== undefined) repo.mergeableUnknownReads = s.mergeableUnknownReads
    if ('autoMergeAfterReads' in s) repo.autoMergeAfterReads = s.autoMergeAfterReads
    this.autoMergeReady(repo)
  }

  setPullRequestMergeability(
    owner: string,
    name: string,
    number: number,
    s: {blocked?: boolean; conflict?: boolean; unknownReads?: number}
  ): void {
    const pr = this.pull(owner, name, number)
    if (s.blocked !== undefined) pr.blocked = s.blocked
    if (s.conflict !== undefined) pr.conflict = s.conflict
    if (s.unknownReads !== undefined) pr.unknownReadsLeft = s.unknownReads
    this.autoMergeReady(this.repoOf(owner, name))
  }

  approvePullRequest(owner: string, name: string, number: number): void {
    this.pull(owner, name, number).approvals++
    this.autoMergeReady(this.repoOf(owner, name))
  }

  completeAutoMerge(owner: string, name: string, number: number): string {
    const repo = this.repoOf(owner, name)
    const pr = this.pull(owner, name, number)
    if (!pr.autoMerge) throw new Error(`fake-github: auto-merge is not enabled on #${number}`)
    const am = pr.autoMerge
    const result = this.doMerge(repo, pr, am.mergeMethod, {
      title: am.commitHeadline,
      message: am.commitBody,
      merger: am.enabledBy,
      ignoreRequirements: true
    })
    if ('error' in result) {
      pr.autoMerge = null
      throw new Error(`fake-github: auto-merge of #${number} failed: ${result.error.message}`)
    }
    return result.sha
  }

  mergePullRequest(owner: string, name: string, number: number, method: MergeMethod = 'merge'): string {
    const repo = this.repoOf(owner, name)
    const result = this.doMerge(repo, this.pull(owner, name, number), method, {
      merger: 'octocat',
      ignoreRequirements: true
    })
    if ('error' in result) throw new Error(`fake-github: merge of #${number} failed: ${result.error.message}`)
    return result.sha
  }

  // ------------------------------------------------------------------------------------------------ statuses

  private insertStatus(
    repo: RepoState,
    sha: string,
    state: CommitStatusModel['state'],
    context: string,
    description: string | null,
    targetUrl: string | null,
    creator = this.user.login
  ): CommitStatusModel {
    const id = this.id()
    const at = this.nowIso()
    const s: CommitStatusModel = {
      id,
      nodeId: `SC_kwDO${base64url(`${repo.id}:${id}`)}`,
      sha,
      state,
      context,
      description,
      targetUrl,
      createdAt: at,
      updatedAt: at,
      creator
    }
    repo.statuses.push(s)
    this.emit({type: 'status', owner: repo.owner, repo: repo.name, sha})
    this.autoMergeReady(repo)
    return s
  }

  private statusJson(repo: RepoState, s: CommitStatusModel): Json {
    const creator = this.userJson(s.creator)
    return {
      url: `${this.url}/repos/${repo.owner}/${repo.name}/statuses/${s.sha}`,
      avatar_url: creator.avatar_url,
      id: s.id,
      node_id: s.nodeId,
      state: s.state,
      description: s.description,
      target_url: s.targetUrl,
      context: s.context,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
      creator
    }
  }

  /** Newest status per context on a commit, newest first. */
  private latestStatuses(repo: RepoState, sha: string): CommitStatusModel[] {
    const byContext = new Map<string, CommitStatusModel>()
    for (const s of repo.statuses) if (s.sha === sha) byContext.set(s.context, s)
    return [...byContext.values()].sort((a, b) => b.id - a.id)
  }

  private combinedState(statuses: CommitStatusModel[]): string {
    if (statuses.some(s => s.state === 'error' || s.state === 'failure')) return 'failure'
    if (!statuses.length || statuses.some(s => s.state === 'pending')) return 'pending'
    return 'success'
  }

  private latestCheckRuns(repo: RepoState, sha: string): CheckRunModel[] {
    const byName = new Map<string, CheckRunModel>()
    for (const c of repo.checkRuns) if (c.headSha === sha) byName.set(c.name, c)
    return [...byName.values()].sort((a, b) => b.id - a.id)
  }

  private checkRunJson(repo: RepoState, c: CheckRunModel): Json {
    const base = `${this.url}/repos/${repo.owner}/${repo.name}`
    return {
      id: c.id,
      head_sha: c.headSha,
      node_id: c.nodeId,
      external_id: c.externalId ?? '',
      url: `${base}/check-runs/${c.id}`,
      html_url: `${this.htmlBase}/${repo.owner}/${repo.name}/runs/${c.id}`,
      details_url: c.detailsUrl,
      status: c.status,
      conclusion: c.conclusion,
      started_at: c.startedAt,
      completed_at: c.completedAt,
      output: {
        title: c.output.title,
        summary: c.output.summary,
        text: c.output.text,
        annotations_count: 0,
        annotations_url: `${base}/check-runs/${c.id}/annotations`
      },
      name: c.name,
      check_suite: {id: 7000 + c.id},
      app: {id: 1, slug: 'fake-app', node_id: 'A_kwDOfake', name: 'Fake App', owner: this.userJson('fake-app')},
      pull_requests: []
    }
  }

  // ------------------------------------------------------------------------------------------------ JSON shapes

  private repoUrl(repo: RepoState): string {
    return `${this.url}/repos/${repo.owner}/${repo.name}`
  }

  private htmlRepo(repo: RepoState): string {
    return `${this.htmlBase}/${repo.owner}/${repo.name}`
  }

  private repoJson(repo: RepoState, full = true): Json {
    const url = this.repoUrl(repo)
    const html = this.htmlRepo(repo)
    const push = repo.permissions.contents === 'write'
    const base: Json = {
      id: repo.id,
      node_id: repo.nodeId,
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      private: repo.private,
      owner: this.userJson(repo.owner),
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

  private refJson(repo: RepoState, ref: string, sha: string): Json {
    const url = this.repoUrl(repo)
    return {
      ref,
      node_id: `REF_kwDO${base64url(`${repo.id}:${ref}`)}`,
      url: `${url}/git/${ref}`,
      object: {sha, type: 'commit', url: `${url}/git/commits/${sha}`}
    }
  }

  private verification(repo: RepoState, sha: string): Json {
    return repo.verifiedCommits.has(sha)
      ? {
          verified: true,
          reason: 'valid',
          signature: '-----BEGIN PGP SIGNATURE-----\n\nfake\n-----END PGP SIGNATURE-----\n',
          payload: '',
          verified_at: (repo.git.commit(sha) as GitCommit).committer.date
        }
      : {verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null}
  }

  private gitCommitJson(repo: RepoState, sha: string): Json {
    const c = repo.git.commit(sha) as GitCommit
    const url = this.repoUrl(repo)
    return {
      sha,
      node_id: `C_kwDO${base64url(`${repo.id}:${sha}`)}`,
      url: `${url}/git/commits/${sha}`,
      html_url: `${this.htmlRepo(repo)}/commit/${sha}`,
      author: {...c.author},
      committer: {...c.committer},
      message: c.message,
      tree: {sha: c.tree, url: `${url}/git/trees/${c.tree}`},
      parents: c.parents.map(p => ({
        sha: p,
        url: `${url}/git/commits/${p}`,
        html_url: `${this.htmlRepo(repo)}/commit/${p}`
      })),
      verification: this.verification(repo, sha)
    }
  }

  private commitJson(repo: RepoState, sha: string, withFiles: boolean): Json {
    const c = repo.git.commit(sha) as GitCommit
    const url = this.repoUrl(repo)
    const out: Json = {
      sha,
      node_id: `C_kwDO${base64url(`${repo.id}:${sha}`)}`,
      commit: {
        author: {...c.author},
        committer: {...c.committer},
        message: c.message,
        tree: {sha: c.tree, url: `${url}/git/trees/${c.tree}`},
        url: `${url}/git/commits/${sha}`,
        comment_count: 0,
        verification: this.verification(repo, sha)
      },
      url: `${url}/commits/${sha}`,
      html_url: `${this.htmlRepo(repo)}/commit/${sha}`,
      comments_url: `${url}/commits/${sha}/comments`,
      author: null,
      committer: null,
      parents: c.parents.map(p => ({
        sha: p,
        url: `${url}/commits/${p}`,
        html_url: `${this.htmlRepo(repo)}/commit/${p}`
      }))
    }
    if (withFiles) {
      const parent = c.parents[0]
      const files = this.fileDiffs(repo, parent ? repo.git.filesOf(parent) : new Map(), repo.git.flatten(c.tree), sha)
      out.files = files
      const additions = files.reduce((n: number, f: Json) => n + f.additions, 0)
      const deletions = files.reduce((n: number, f: Json) => n + f.deletions, 0)
      out.stats = {total: additions + deletions, additions, deletions}
    }
    return out
  }

  private fileDiffs(
    repo: RepoState,
    before: Map<string, FileEntry>,
    after: Map<string, FileEntry>,
    ref: string
  ): Json[] {
    const out: Json[] = []
    const paths = [...new Set([...before.keys(), ...after.keys()])].sort()
    for (const path of paths) {
      const a = before.get(path)
      const b = after.get(path)
      if (a?.sha === b?.sha && a?.mode === b?.mode) continue
      const text = (e?: FileEntry): string => (e ? (repo.git.blob(e.sha)?.toString('utf8') ?? '') : '')
      const {additions, deletions} = lineDiffStats(text(a), text(b))
      const status = !a ? 'added' : !b ? 'removed' : 'modified'
      const sha = (b ?? a) as FileEntry
      out.push({
        sha: sha.sha,
        filename: path,
        status,
        additions,
        deletions,
        changes: additions + deletions,
        blob_url: `${this.htmlRepo(repo)}/blob/${ref}/${path}`,
        raw_url: `${this.htmlRepo(repo)}/raw/${ref}/${path}`,
        contents_url: `${this.repoUrl(repo)}/contents/${path}?ref=${ref}`
      })
    }
    return out
  }

  private pullHeadSha(repo: RepoState, pr: PullRequestModel): string {
    if (pr.state === 'open') return repo.refs.get(`refs/heads/${pr.headRef}`) ?? pr.headSha
    return pr.headSha
  }

  /** GitHub's `mergeable` / `mergeable_state` for an open PR. */
  private mergeability(
    repo: RepoState,
    pr: PullRequestModel,
    countRead: boolean,
    computeNow = false
  ): {mergeable: boolean | null; state: string; reason?: string} {
    if (pr.state !== 'open') return {mergeable: null, state: 'unknown'}
    if (pr.unknownReadsLeft > 0 && !computeNow) {
      if (countRead) pr.unknownReadsLeft--
      return {mergeable: null, state: 'unknown'}
    }
    const head = this.pullHeadSha(repo, pr)
    const baseHead = repo.refs.get(`refs/heads/${pr.baseRef}`)
    if (!baseHead) return {mergeable: false, state: 'dirty', reason: 'Base branch was deleted'}
    const mb = repo.git.mergeBase(baseHead, head)
    const conflicts = mb
      ? merge3(repo.git.filesOf(mb), repo.git.filesOf(baseHead), repo.git.filesOf(head)).conflicts
      : ['<unrelated histories>']
    if (pr.conflict || conflicts.length)
      return {mergeable: false, state: 'dirty', reason: 'Pull Request is not mergeable'}
    if (pr.draft) return {mergeable: true, state: 'draft', reason: 'Pull Request is still a draft'}
    if (pr.blocked) return {mergeable: true, state: 'blocked', reason: 'Pull Request is not mergeable'}
    const p = repo.protection
    const statuses = this.latestStatuses(repo, head)
    const runs = this.latestCheckRuns(repo, head)
    for (const context of p.requiredStatusChecks ?? []) {
      const ok =
        statuses.some(s => s.context === context && s.state === 'success') ||
        runs.some(
          r =>
            r.name === context &&
            r.status === 'completed' &&
            ['success', 'neutral', 'skipped'].includes(r.conclusion ?? '')
        )
      if (!ok) return {mergeable: true, state: 'blocked', reason: `Required status check "${context}" is expected.`}
    }
    if ((p.requiredApprovals ?? 0) > pr.approvals) {
      const n = p.requiredApprovals as number
      return {
        mergeable: true,
        state: 'blocked',
        reason: `At least ${n} approving review${n > 1 ? 's are' : ' is'} required by reviewers with write access.`
      }
    }
    if (p.strict && !repo.git.isAncestor(baseHead, head)) {
      return {mergeable: true, state: 'behind', reason: 'Head branch is not up to date with the base branch.'}
    }
    const failing =
      statuses.some(s => s.state !== 'success') ||
      runs.some(r => r.status !== 'completed' || !['success', 'neutral', 'skipped'].includes(r.conclusion ?? ''))
    return {mergeable: true, state: failing ? 'unstable' : 'clean'}
  }

  private labelJson(repo: RepoState, name: string): Json {
    const l = repo.labels.get(name.toLowerCase())
    return {
      id: l?.id ?? 0,
      node_id: l?.nodeId ?? '',
      url: `${this.repoUrl(repo)}/labels/${encodeURIComponent(name)}`,
      name: l?.name ?? name,
      description: l?.description ?? null,
      color: l?.color ?? 'ededed',
      default: false
    }
  }

  private branchJson(repo: RepoState, branch: string, sha: string): Json {
    return {
      label: `${repo.owner}:${branch}`,
      ref: branch,
      sha,
      user: this.userJson(repo.owner),
      repo: this.repoJson(repo)
    }
  }

  private pullJson(repo: RepoState, pr: PullRequestModel, full: boolean): Json {
    const url = `${this.repoUrl(repo)}/pulls/${pr.number}`
    const html = `${this.htmlRepo(repo)}/pull/${pr.number}`
    const head = this.pullHeadSha(repo, pr)
    const baseSha = repo.refs.get(`refs/heads/${pr.baseRef}`) ?? ''
    const out: Json = {
      url,
      id: pr.id,
      node_id: pr.nodeId,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: `${this.repoUrl(repo)}/issues/${pr.number}`,
      commits_url: `${url}/commits`,
      review_comments_url: `${url}/comments`,
      comments_url: `${this.repoUrl(repo)}/issues/${pr.number}/comments`,
      statuses_url: `${this.repoUrl(repo)}/statuses/${head}`,
      number: pr.number,
      state: pr.state,
      locked: false,
      title: pr.title,
      user: this.userJson(pr.user),
      body: pr.body,
      labels: pr.labels.map(l => this.labelJson(repo, l)),
      milestone: null,
      active_lock_reason: null,
      created_at: pr.createdAt,
      updated_at: pr.updatedAt,
      closed_at: pr.closedAt,
      merged_at: pr.mergedAt,
      merge_commit_sha: pr.mergeCommitSha,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: this.branchJson(repo, pr.headRef, head),
      base: this.branchJson(repo, pr.baseRef, baseSha),
      _links: {
        self: {href: url},
        html: {href: html},
        issue: {href: `${this.repoUrl(repo)}/issues/${pr.number}`},
        statuses: {href: `${this.repoUrl(repo)}/statuses/${head}`}
      },
      author_association: 'CONTRIBUTOR',
      auto_merge: pr.autoMerge
        ? {
            enabled_by: this.userJson(pr.autoMerge.enabledBy),
            merge_method: pr.autoMerge.mergeMethod,
            commit_title: pr.autoMerge.commitHeadline ?? '',
            commit_message: pr.autoMerge.commitBody ?? ''
          }
        : null,
      draft: pr.draft
    }
    if (!full) return out
    const m = this.mergeability(repo, pr, true)
    const mb = baseSha ? repo.git.mergeBase(baseSha, head) : undefined
    const commits = mb ? repo.git.topo(head, repo.git.ancestors(mb)).length : 0
    const files = mb ? this.fileDiffs(repo, repo.git.filesOf(mb), repo.git.filesOf(head), head) : []
    return {
      ...out,
      merged: pr.merged,
      mergeable: m.mergeable,
      rebaseable: m.mergeable,
      mergeable_state: m.state,
      merged_by: pr.mergedBy ? this.userJson(pr.mergedBy) : null,
      comments: 0,
      review_comments: 0,
      maintainer_can_modify: false,
      commits,
      additions: files.reduce((n, f) => n + f.additions, 0),
      deletions: files.reduce((n, f) => n + f.deletions, 0),
      changed_files: files.length
    }
  }

  private countPullRead(repo: RepoState, pr: PullRequestModel): void {
    if (!pr.autoMerge || pr.state !== 'open' || repo.autoMergeAfterReads === undefined) return
    pr.readsSinceAutoMerge++
    if (pr.readsSinceAutoMerge >= repo.autoMergeAfterReads) {
      try {
        this.completeAutoMerge(repo.owner, repo.name, pr.number)
      } catch {
        // conflict: GitHub disables auto-merge (done by completeAutoMerge)
      }
    }
  }

  /** GitHub merges a PR with auto-merge as soon as nothing blocks it any more. */
  private autoMergeReady(repo: RepoState): void {
    for (const pr of repo.pulls) {
      if (pr.state !== 'open' || !pr.autoMerge) continue
      const m = this.mergeability(repo, pr, false, true)
      if (m.state === 'dirty') {
        pr.autoMerge = null
        continue
      }
      if (m.state === 'clean' || m.state === 'unstable' || m.state === 'has_hooks') {
        if (this.queueOf(repo, pr)) {
          this.enqueue(repo, pr)
          continue
        }
        try {
          this.completeAutoMerge(repo.owner, repo.name, pr.number)
        } catch {
          // disabled by completeAutoMerge
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ merging

  private doMerge(
    repo: RepoState,
    pr: PullRequestModel,
    method: MergeMethod,
    o: {
      title?: string
      message?: string
      sha?: string
      merger: string
      ignoreRequirements?: boolean
      viaQueue?: boolean
    }
  ): {sha: string} | {error: HttpError} {
    if (pr.state !== 'open') return {error: httpError(405, 'Pull Request is not mergeable')}
    const queueRefusal = this.queueRefusal(repo, pr, o)
    if (queueRefusal) return {error: queueRefusal}
    const allowed = {merge: repo.allowMergeCommit, squash: repo.allowSquashMerge, rebase: repo.allowRebaseMerge}[method]
    if (!allowed) {
      const what = {merge: 'Merge commits', squash: 'Squash merges', rebase: 'Rebase merges'}[method]
      return {error: httpError(405, `${what} are not allowed on this repository.`)}
    }
    const head = this.pullHeadSha(repo, pr)
    if (o.sha !== undefined && o.sha !== head) {
      return {error: httpError(409, 'Head branch was modified. Review and try the merge again.')}
    }
    const m = this.mergeability(repo, pr, false, true)
    if (m.state === 'dirty') return {error: httpError(405, 'Pull Request is not mergeable')}
    if (!o.ignoreRequirements && ['blocked', 'behind', 'draft'].includes(m.state)) {
      return {error: httpError(405, m.reason ?? 'Pull Request is not mergeable')}
    }
    const baseRef = `refs/heads/${pr.baseRef}`
    const baseHead = repo.refs.get(baseRef) as string
    const mb = repo.git.mergeBase(baseHead, head) as string
    const merger: Person = {
      name: o.merger,
      email: `${o.merger === this.user.login ? this.user.id : 1}+${o.merger}@users.noreply.github.com`
    }
    const github: Person = {name: 'GitHub', email: 'noreply@github.com'}
    let result: string
    if (method === 'rebase') {
      let current = baseHead
      const own = repo.git
        .topo(head, repo.git.ancestors(mb))
        .filter(s => ((repo.git.commit(s) as GitCommit).parents.length ?? 0) <= 1)
      for (const sha of own) {
        const c = repo.git.commit(sha) as GitCommit
        const parentFiles = c.parents[0] ? repo.git.filesOf(c.parents[0]) : new Map<string, FileEntry>()
        const merged = merge3(parentFiles, repo.git.filesOf(current), repo.git.flatten(c.tree))
        if (merged.conflicts.length) return {error: httpError(405, 'Pull Request is not mergeable')}
        current = this.makeCommit(repo, merged.files, [current], c.message, c.author, github, true)
      }
      result = current
    } else {
      const merged = merge3(repo.git.filesOf(mb), repo.git.filesOf(baseHead), repo.git.filesOf(head))
      if (merged.conflicts.length) return {error: httpError(405, 'Pull Request is not mergeable')}
      if (method === 'merge') {
        const title = o.title ?? `Merge pull request #${pr.number} from ${repo.owner}/${pr.headRef}`
        const body = o.message ?? pr.title
        result = this.makeCommit(
          repo,
          merged.files,
          [baseHead, head],
          body ? `${title}\n\n${body}` : title,
          merger,
          github,
          true
        )
      } else {
        const own = repo.git.topo(head, repo.git.ancestors(mb))
        const title = o.title ?? `${pr.title} (#${pr.number})`
        const body =
          o.message ??
          (own.length > 1 ? own.map(s => `* ${(repo.git.commit(s) as GitCommit).message}`).join('\n\n') : '')
        result = this.makeCommit(
          repo,
          merged.files,
          [baseHead],
          body ? `${title}\n\n${body}` : title,
          merger,
          github,
          true
        )
      }
    }
    const at = this.nowIso()
    pr.headSha = head
    pr.state = 'closed'
    pr.merged = true
    pr.mergedAt = at
    pr.closedAt = at
    pr.updatedAt = at
    pr.mergeCommitSha = result
    pr.mergedBy = o.merger
    pr.autoMerge = null
    this.setRef(repo, baseRef, result)
    if (repo.deleteBranchOnMerge) this.setRef(repo, `refs/heads/${pr.headRef}`, undefined)
    this.emit({type: 'pull_request', owner: repo.owner, repo: repo.name, number: pr.number, sha: result})
    return {sha: result}
  }

  // ------------------------------------------------------------------------------------------------ HTTP

  private route(method: string, template: string, area: Route['area'], handler: Route['handler']): void {
    let byMethod = this.routeTable.get(template)
    if (!byMethod) {
      byMethod = new Map()
      this.routeTable.set(template, byMethod)
      this.routes.add(template, byMethod)
    }
    byMethod.set(method, {area, handler})
  }

  private matches(m: RequestMatcher, info: RequestInfo): boolean {
    if (typeof m === 'function') return m(info)
    if (m instanceof RegExp) return m.test(`${info.method} ${info.path}`)
    if (m === '*') return true
    if (m === 'graphql') return Boolean(info.graphqlFields)
    if (m.startsWith('graphql:')) return Boolean(info.graphqlFields?.includes(m.slice('graphql:'.length)))
    return (
      m === `${info.method} ${info.operation}` ||
      m === `${info.method} ${info.path}` ||
      m === info.operation ||
      m === info.path
    )
  }

  private takeFault(info: RequestInfo, afterApply: boolean): PendingFault | undefined {
    const i = this.pending.findIndex(f => Boolean(f.afterApply) === afterApply && this.matches(f.matcher, info))
    if (i < 0) return undefined
    const f = this.pending[i] as PendingFault
    if (--f.times <= 0) this.pending.splice(i, 1)
    return f
  }

  private faultAnswer(f: PendingFault): Answer {
    if (f.kind === 'secondary') {
      return {
        status: 403,
        headers: {'retry-after': '1'},
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID FAKE:0001.',
          documentation_url:
            'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          status: '403'
        }
      }
    }
    if (f.kind === 'primary') {
      return {
        status: 403,
        headers: {'x-ratelimit-remaining': '0'},
        body: {
          message: 'API rate limit exceeded for installation ID 1.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
          status: '403'
        }
      }
    }
    return {status: f.status ?? 500, body: f.body ?? {message: 'Server Error', status: String(f.status ?? 500)}}
  }

  private violation(record: RecordedRequest, message: string, list = this.violations): void {
    list.push({requestId: record.id, method: record.method, path: record.path, message})
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase()
    const url = new URL(req.url ?? '/', this.origin)
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks)
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
    let decodedPath = url.pathname
    try {
      decodedPath = decodeURIComponent(url.pathname)
    } catch {
      // keep raw
    }
    const record: RecordedRequest = {
      id: this.requests.length + 1,
      method,
      path: decodedPath,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      write: false,
      client: headers['x-fake-client'],
      userAgent: headers['user-agent'],
      time: Date.now()
    }
    this.requests.push(record)
    let body: Json
    let answer: Answer
    if (raw.length) {
      try {
        body = JSON.parse(raw.toString('utf8'))
        record.body = body
      } catch {
        record.body = raw.toString('utf8')
        answer = {status: 400, body: {message: 'Problems parsing JSON', documentation_url: DOCS, status: '400'}}
        return this.send(req, res, record, answer, 'core')
      }
    }
    if (url.pathname.startsWith('/_codeload/')) {
      record.operation = 'codeload'
      return this.send(req, res, record, await this.codeload(url), 'none')
    }
    const graphqlPath = this.prefix ? `${this.prefix.replace(/\/v3$/, '')}/graphql` : '/graphql'
    if (url.pathname === graphqlPath) {
      record.operation = 'graphql'
      answer = await this.handleGraphQL(method, body, headers, record)
      return this.send(req, res, record, answer, 'graphql')
    }
    if (this.prefix && !url.pathname.startsWith(`${this.prefix}/`) && url.pathname !== this.prefix) {
      this.violation(record, `${method} ${url.pathname} is outside the API prefix ${this.prefix}`)
      return this.send(
        req,
        res,
        record,
        {status: 404, body: {message: 'Not Found', documentation_url: DOCS, status: '404'}},
        'core'
      )
    }
    const rawPath = url.pathname.slice(this.prefix.length) || '/'
    record.path = decodedPath.slice(this.prefix.length) || '/'
    record.write = method !== 'GET' && method !== 'HEAD'
    answer = await this.handleRest(method, rawPath, url, body, headers, record)
    return this.send(req, res, record, answer, 'core')
  }

  private authenticate(headers: Record<string, string>, path = ''): Answer | undefined {
    const auth = headers.authorization ?? ''
    const m = /^(?:token|bearer)\s+(\S+)$/i.exec(auth.trim())
    // App endpoints take the App's JWT and nothing else; a JWT is good for nothing else.
    const appPath = /^\/app(\/|$)|^\/repos\/[^/]+\/[^/]+\/installation$/.test(path)
    if (m && (appPath || this.app.isJwt(m[1] as string))) {
      const why =
        appPath && this.app.isJwt(m[1] as string)
          ? this.app.verifyJwt(m[1] as string)
          : 'A JSON web token could not be decoded'
      return why ? {status: 401, body: {message: why, documentation_url: DOCS, status: '401'}} : undefined
    }
    const issued = m && this.app.issued.some(t => t.token === m[1])
    if (issued && this.app.acceptsToken(m[1] as string)) return undefined
    if (!m || issued || (this.tokens && !this.tokens.has(m[1] as string))) {
      return {status: 401, body: {message: 'Bad credentials', documentation_url: DOCS, status: '401'}}
    }
    return undefined
  }

  /** Faults never hit requests of helpers (x-fake-client), so that fake-flux's reports are not lost. */
  private injectBefore(info: RequestInfo, record: RecordedRequest, resource: 'core' | 'graphql'): Answer | undefined {
    if (this.rateUsed[resource] >= this.rateLimit) {
      record.injected = 'rate-limit'
      return this.faultAnswer({matcher: '*', kind: 'primary', times: 1})
    }
    if (record.client) return undefined
    const f = this.takeFault(info, false)
    if (f) {
      record.injected = f.kind
      return this.faultAnswer(f)
    }
    if (this.faults.errorRate > 0 && this.random() < this.faults.errorRate) {
      record.injected = 'error-rate'
      return {status: 502, body: {message: 'Server Error'}}
    }
    return undefined
  }

  private async handleRest(
    method: string,
    rawPath: string,
    url: URL,
    body: Json,
    headers: Record<string, string>,
    record: RecordedRequest
  ): Promise<Answer> {
    const unauthorized = this.authenticate(headers, rawPath)
    if (unauthorized) return unauthorized
    let template: string | undefined
    let params: Record<string, string> = {}
    let reject: Answer | undefined
    if (this.validate) {
      const v = validateRestRequest(method, rawPath, url.searchParams, body)
      for (const msg of v.violations) this.violation(record, msg)
      template = v.template
      params = v.params
      if (v.reject) {
        reject = {
          status: v.reject.status,
          body: {message: v.reject.message, documentation_url: DOCS, status: String(v.reject.status)}
        }
      }
    }
    let route: Route | undefined
    if (template) {
      route = this.routeTable.get(template)?.get(method === 'HEAD' ? 'GET' : method)
    } else if (!this.validate) {
      const m = this.routes.match(rawPath)
      if (m?.value.has(method === 'HEAD' ? 'GET' : method)) {
        template = m.template
        params = m.params
        route = m.value.get(method === 'HEAD' ? 'GET' : method)
      }
    }
    record.operation = template ? `${method} ${template}` : undefined
    const info: RequestInfo = {method, path: record.path, operation: template, body}
    const injected = this.injectBefore(info, record, 'core')
    if (injected) return injected
    if (reject) return reject
    if (!route) {
      if (template) {
        this.violation(record, `fake-github does not implement ${method} ${template}`, this.unimplemented)
        return {status: 501, body: {message: `fake-github does not implement ${method} ${template}`}}
      }
      if (!this.validate)
        this.violation(record, `${method} ${record.path}: no such route in fake-github`, this.unimplemented)
      return {status: 404, body: {message: 'Not Found', documentation_url: DOCS, status: '404'}}
    }
    const repo = params.owner && params.repo ? this.repos.get(this.key(params.owner, params.repo)) : undefined
    const needsRepo = template?.includes('{owner}/{repo}') ?? true
    if (!repo && needsRepo) return {status: 404, body: {message: 'Not Found', documentation_url: DOCS, status: '404'}}
    if (repo && route.area !== 'metadata') {
      const perm = repo.permissions[route.area]
      if (perm === 'none' || (record.write && perm !== 'write')) {
        return {
          status: 403,
          body: {message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403'}
        }
      }
    }
    if (record.write && !record.client) for (const hook of [...this.hooks]) await hook(info)
    let answer: Answer
    try {
      answer = await route.handler({
        repo: repo as RepoState,
        params,
        query: url.searchParams,
        body: body ?? {},
        url,
        headers,
        record
      })
    } catch (e) {
      if (e instanceof HttpError) answer = {status: e.status, body: e.body, headers: e.headers}
      else throw e
    }
    const after = record.client ? undefined : this.takeFault(info, true)
    if (after) {
      record.injected = `${after.kind}-after-apply`
      return this.faultAnswer(after)
    }
    return answer
  }

  private send(
    req: IncomingMessage,
    res: ServerResponse,
    record: RecordedRequest,
    answer: Answer,
    resource: 'core' | 'graphql' | 'none'
  ): void {
    const headers: Record<string, string> = {
      // GitHub's clock (the fake's `clock`), which clients use to judge report timestamps.
      date: new Date(this.now()).toUTCString(),
      'x-github-request-id': `FAKE:${record.id.toString(16).toUpperCase().padStart(4, '0')}`,
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      ...answer.headers
    }
    let payload: Buffer | undefined = answer.raw
    if (payload === undefined && answer.body !== undefined) {
      payload = Buffer.from(JSON.stringify(answer.body))
      headers['content-type'] = 'application/json; charset=utf-8'
      record.response = answer.body
    }
    let status = answer.status
    if ((record.method === 'GET' || record.method === 'HEAD') && status === 200 && payload && resource === 'core') {
      const etag = `"${createHash('sha256').update(payload).digest('hex')}"`
      headers.etag = etag
      headers['cache-control'] = 'private, max-age=60, s-maxage=60'
      headers.vary = 'Accept, Authorization, Cookie, X-GitHub-OTP'
      const inm = req.headers['if-none-match']
      if (inm && inm.split(',').some(t => t.trim().replace(/^W\//, '') === etag)) {
        status = 304
        payload = undefined
        delete headers['content-type']
        delete record.response
      }
    }
    if (resource !== 'none') {
      if (status !== 304 && status !== 401 && record.injected !== 'rate-limit') this.rateUsed[resource]++
      const used = this.rateUsed[resource]
      headers['x-ratelimit-limit'] ??= String(this.rateLimit)
      headers['x-ratelimit-remaining'] ??= String(Math.max(0, this.rateLimit - used))
      headers['x-ratelimit-reset'] ??= String(this.rateReset)
      headers['x-ratelimit-used'] ??= String(used)
      headers['x-ratelimit-resource'] ??= resource
    }
    record.status = status
    if (payload && record.method !== 'HEAD') headers['content-length'] = String(payload.length)
    res.writeHead(status, headers)
    res.end(record.method === 'HEAD' || status === 304 ? undefined : payload)
  }

  // ------------------------------------------------------------------------------------------------ GitHub App

  private registerAppRoutes(R: string): void {
    const notFound = {status: 404, body: {message: 'Not Found', documentation_url: DOCS, status: '404'}}
    this.route('GET', `${R}/installation`, 'metadata', ({repo}) =>
      this.app.enabled ? {status: 200, body: this.app.installationJson(repo.owner, 9000 + repo.id)} : notFound
    )
    this.route('POST', '/app/installations/{installation_id}/access_tokens', 'metadata', ({params}) =>
      this.app.createToken(Number(params.installation_id))
    )
    this.route('POST', `${R}/dispatches`, 'contents', ({repo, body, record}) =>
      this.app.dispatch(repo.owner, repo.name, body, record.id)
    )
  }

  // ------------------------------------------------------------------------------------------------ paging

  private paginate<T>(
    ctx: RouteContext,
    items: T[],
    answerHeaders: Record<string, string>,
    defaultPer = 30,
    maxPer = 100
  ): T[] {
    const per = Math.min(maxPer, Math.max(1, Number(ctx.query.get('per_page') ?? defaultPer) || defaultPer))
    const page = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1)
    const last = Math.max(1, Math.ceil(items.length / per))
    const link = (p: number): string => {
      const u = new URL(ctx.url.toString())
      u.searchParams.set('page', String(p))
      if (ctx.query.has('per_page')) u.searchParams.set('per_page', String(per))
      return u.toString()
    }
    const links: string[] = []
    if (page > 1) links.push(`<${link(page - 1)}>; rel="prev"`)
    if (page < last) links.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`)
    if (page > 1) links.push(`<${link(1)}>; rel="first"`)
    if (links.length) answerHeaders.link = links.join(', ')
    return items.slice((page - 1) * per, page * per)
  }

  // ------------------------------------------------------------------------------------------------ routes

  private registerRoutes(): void {
    const R = '/repos/{owner}/{repo}'
    const ok = (body: Json, status = 200, headers?: Record<string, string>): Answer => ({status, body, headers})

    this.route('GET', R, 'metadata', ({repo}) => ok(this.repoJson(repo)))
    this.registerAppRoutes(R)
    this.route('GET', '/rate_limit', 'metadata', () => {
      const res = (used: number): Json => ({
        limit: this.rateLimit,
        used,
        remaining: this.rateLimit - used,
        reset: this.rateReset
      })
      const resources = {core: res(this.rateUsed.core), graphql: res(this.rateUsed.graphql), search: res(0)}
      return ok({resources, rate: resources.core})
    })

    // --- refs
    const getRef = ({repo, params}: RouteContext): Answer => {
      const ref = `refs/${params.ref}`
      const sha = repo.refs.get(ref)
      if (!sha) throw httpError(404, 'Not Found')
      return ok(this.refJson(repo, ref, sha))
    }
    this.route('GET', `${R}/git/ref/{ref}`, 'contents', getRef)
    this.route('GET', `${R}/git/matching-refs/{ref}`, 'contents', ({repo, params}) => {
      const prefix = `refs/${params.ref}`
      return ok(
        [...repo.refs.entries()]
          .filter(([r]) => r.startsWith(prefix))
          .sort()
          .map(([r, s]) => this.refJson(repo, r, s))
      )
    })
    this.route('POST', `${R}/git/refs`, 'contents', ({repo, body, record}) => {
      const ref = String(body.ref ?? '')
      if (!ref.startsWith('refs/') || ref.split('/').length < 3) {
        throw httpError(422, "Reference name must start with 'refs/' and have at least two slashes.")
      }
      if (repo.refs.has(ref)) throw httpError(422, 'Reference already exists')
      if (!repo.git.objects.has(String(body.sha))) throw httpError(422, 'Object does not exist')
      if (!repo.git.commit(String(body.sha)) && ref.startsWith('refs/heads/'))
        throw httpError(422, 'Object is not a commit')
      this.setRef(repo, ref, body.sha)
      void record
      const json = this.refJson(repo, ref, body.sha)
      return ok(json, 201, {location: json.url})
    })
    this.route('PATCH', `${R}/git/refs/{ref}`, 'contents', ({repo, params, body, record}) => {
      const ref = `refs/${params.ref}`
      const current = repo.refs.get(ref)
      if (!current) throw httpError(422, 'Reference does not exist')
      const sha = String(body.sha)
      if (!repo.git.commit(sha)) throw httpError(422, 'Object does not exist')
      if (body.force === true) {
        this.forcedUpdates.push({owner: repo.owner, repo: repo.name, ref, sha, requestId: record.id})
      } else if (!repo.git.isAncestor(current, sha)) {
        throw httpError(422, 'Update is not a fast forward')
      }
      this.setRef(repo, ref, sha)
      return ok(this.refJson(repo, ref, sha))
    })
    this.route('DELETE', `${R}/git/refs/{ref}`, 'contents', ({repo, params}) => {
      const ref = `refs/${params.ref}`
      if (!repo.refs.has(ref)) throw httpError(422, 'Reference does not exist')
      this.setRef(repo, ref, undefined)
      return {status: 204}
    })

    // --- branches (read)
    this.route('GET', `${R}/branches/{branch}`, 'contents', ({repo, params}) => {
      const sha = repo.refs.get(`refs/heads/${params.branch}`)
      if (!sha) throw httpError(404, 'Branch not found')
      return ok({
        name: params.branch,
        commit: this.commitJson(repo, sha, false),
        _links: {
          self: `${this.repoUrl(repo)}/branches/${params.branch}`,
          html: `${this.htmlRepo(repo)}/tree/${params.branch}`
        },
        protected: Boolean(repo.protection.requiredStatusChecks || repo.protection.requiredApprovals),
        protection_url: `${this.repoUrl(repo)}/branches/${params.branch}/protection`
      })
    })

    // --- commits
    this.route('GET', `${R}/commits/{ref}`, 'contents', ({repo, params}) =>
      ok(this.commitJson(repo, this.commitOrThrow(repo, params.ref as string), true))
    )
    this.route('GET', `${R}/commits`, 'contents', ctx => {
      const {repo, query} = ctx
      const start = this.commitOrThrow(repo, query.get('sha') ?? repo.defaultBranch, 404)
      let list = repo.git.topo(start).reverse()
      const path = query.get('path')
      if (path) {
        // As GitHub: a file, or a folder and everything below it; a commit counts when it changed any of them.
        const prefix = path.replace(/^\/+|\/+$/g, '')
        const under = (files: Map<string, {sha: string}>): Map<string, string> =>
          new Map([...files].filter(([p]) => p === prefix || p.startsWith(`${prefix}/`)).map(([p, e]) => [p, e.sha]))
        list = list.filter(sha => {
          const c = repo.git.commit(sha) as GitCommit
          const before = c.parents[0] ? under(repo.git.filesOf(c.parents[0])) : new Map<string, string>()
          const after = under(repo.git.flatten(c.tree))
          return before.size !== after.size || [...after].some(([p, blob]) => before.get(p) !== blob)
        })
      }
      const headers: Record<string, string> = {}
      return ok(
        this.paginate(ctx, list, headers).map(sha => this.commitJson(repo, sha, false)),
        200,
        headers
      )
    })
    this.route('GET', `${R}/git/commits/{commit_sha}`, 'contents', ({repo, params}) => {
      if (!repo.git.commit(params.commit_sha as string)) throw httpError(404, 'Not Found')
      return ok(this.gitCommitJson(repo, params.commit_sha as string))
    })
    this.route('POST', `${R}/git/commits`, 'contents', ({repo, body}) => {
      const tree = String(body.tree ?? '')
      if (!repo.git.tree(tree)) throw httpError(422, 'Tree SHA does not exist')
      const parents: string[] = Array.isArray(body.parents) ? body.parents.map(String) : []
      for (const p of parents)
        if (!repo.git.commit(p)) throw httpError(422, 'Parent SHA does not exist or is not a commit object')
      const author = this.person(body.author ?? undefined)
      const sha = repo.git.putCommit({
        tree,
        parents,
        author,
        committer: body.committer ? this.person(body.committer) : author,
        message: String(body.message ?? ''),
        verified: false
      })
      const json = this.gitCommitJson(repo, sha)
      return ok(json, 201, {location: json.url})
    })
    this.route('POST', `${R}/git/blobs`, 'contents', ({repo, body}) => {
      const encoding = body.encoding ?? 'utf-8'
      if (encoding !== 'utf-8' && encoding !== 'base64') throw httpError(422, `encoding must be utf-8 or base64`)
      const data =
        encoding === 'base64' ? Buffer.from(String(body.content), 'base64') : Buffer.from(String(body.content), 'utf8')
      const sha = repo.git.putBlob(data)
      const url = `${this.repoUrl(repo)}/git/blobs/${sha}`
      return ok({url, sha}, 201, {location: url})
    })
    this.route('GET', `${R}/git/blobs/{file_sha}`, 'contents', ({repo, params}) => {
      const data = repo.git.blob(params.file_sha as string)
      if (!data) throw httpError(404, 'Not Found')
      return ok({
        content: data.toString('base64').replace(/(.{60})/g, '$1\n'),
        encoding: 'base64',
        url: `${this.repoUrl(repo)}/git/blobs/${params.file_sha}`,
        sha: params.file_sha,
        size: data.length,
        node_id: `B_kwDO${base64url(`${repo.id}:${params.file_sha}`)}`
      })
    })
    this.route('POST', `${R}/git/trees`, 'contents', ({repo, body}) => {
      let files = new Map<string, FileEntry>()
      if (body.base_tree) {
        if (!repo.git.tree(String(body.base_tree))) throw httpError(422, 'base_tree is not a valid tree oid')
        files = repo.git.flatten(String(body.base_tree))
      }
      if (!Array.isArray(body.tree)) throw validationFailed([{resource: 'Tree', field: 'tree', code: 'missing_field'}])
      for (const e of body.tree as Json[]) {
        const path = String(e.path ?? '').replace(/^\/+|\/+$/g, '')
        if (!path) throw httpError(422, 'tree.path cannot be blank')
        if (e.sha !== undefined && e.content !== undefined) {
          throw httpError(422, 'Only one of tree.sha or tree.content may be specified')
        }
        const removeBelow = (): void => {
          files.delete(path)
          for (const p of [...files.keys()]) if (p.startsWith(`${path}/`)) files.delete(p)
        }
        if (e.sha === null) {
          removeBelow()
          continue
        }
        if (e.type === 'tree' || e.mode === '040000') {
          if (!repo.git.tree(String(e.sha))) throw httpError(422, `tree.sha ${e.sha} is not a valid tree`)
          removeBelow()
          for (const [p, fe] of repo.git.flatten(String(e.sha))) files.set(`${path}/${p}`, fe)
          continue
        }
        const mode = String(e.mode ?? '100644')
        let sha: string
        if (e.content !== undefined) sha = repo.git.putBlob(Buffer.from(String(e.content), 'utf8'))
        else {
          sha = String(e.sha)
          if (mode !== '160000' && !repo.git.blob(sha)) throw httpError(422, `tree.sha ${sha} is not a valid blob`)
        }
        removeBelow()
        files.set(path, {sha, mode})
      }
      const sha = repo.git.buildTree(files)
      const json = this.treeJson(repo, sha, false)
      return ok(json, 201, {location: json.url})
    })
    this.route('GET', `${R}/git/trees/{tree_sha}`, 'contents', ({repo, params, query}) => {
      let sha = params.tree_sha as string
      if (!repo.git.tree(sha)) {
        const c = this.resolveIn(repo, sha)
        if (!c) throw httpError(404, 'Not Found')
        sha = (repo.git.commit(c) as GitCommit).tree
      }
      return ok(this.treeJson(repo, sha, query.has('recursive')))
    })
    this.route('GET', `${R}/contents/{path}`, 'contents', ({repo, params, query}) => {
      const sha = this.commitOrThrow(repo, query.get('ref') ?? repo.defaultBranch, 404)
      const files = repo.git.filesOf(sha)
      const path = (params.path as string).replace(/^\/+|\/+$/g, '')
      const ref = query.get('ref') ?? repo.defaultBranch
      const entry = files.get(path)
      const item = (p: string, e: FileEntry | undefined, type: string): Json => ({
        type,
        size: e ? (repo.git.blob(e.sha)?.length ?? 0) : 0,
        name: p.split('/').pop(),
        path: p,
        sha: e?.sha ?? '',
        url: `${this.repoUrl(repo)}/contents/${p}?ref=${ref}`,
        git_url: e ? `${this.repoUrl(repo)}/git/blobs/${e.sha}` : null,
        html_url: `${this.htmlRepo(repo)}/blob/${ref}/${p}`,
        download_url:
          type === 'file' ? `https://raw.githubusercontent.com/${repo.owner}/${repo.name}/${ref}/${p}` : null
      })
      if (entry) {
        const data = repo.git.blob(entry.sha) ?? Buffer.alloc(0)
        return ok({
          ...item(path, entry, 'file'),
          content: data.toString('base64').replace(/(.{60})/g, '$1\n') + '\n',
          encoding: 'base64'
        })
      }
      const children = new Map<string, Json>()
      for (const [p, e] of files) {
        if (!p.startsWith(`${path}/`)) continue
        const rest = p.slice(path.length + 1)
        const name = rest.split('/')[0] as string
        const child = `${path}/${name}`
        if (!children.has(child))
          children.set(child, rest.includes('/') ? item(child, undefined, 'dir') : item(child, e, 'file'))
      }
      if (!children.size) throw httpError(404, 'Not Found')
      return ok([...children.values()])
    })

    // --- archives
    this.route('GET', `${R}/tarball/{ref}`, 'contents', ({repo, params}) => {
      const sha = this.resolveIn(repo, params.ref as string)
      if (!sha) throw httpError(404, 'Not Found')
      const token = randomBytes(12).toString('hex')
      this.codeloadTokens.set(token, `${repo.owner}/${repo.name}`)
      const location = `${this.origin}/_codeload/${repo.owner}/${repo.name}/legacy.tar.gz/${sha}?token=${token}`
      return {status: 302, headers: {location}}
    })

    // --- compare
    const compare = (ctx: RouteContext, baseRef: string, headRef: string): Answer => {
      const {repo} = ctx
      const strip = (r: string): string => (r.includes(':') && !r.startsWith('refs') ? r.slice(r.indexOf(':') + 1) : r)
      const base = this.resolveIn(repo, strip(baseRef))
      const head = this.resolveIn(repo, strip(headRef))
      if (!base || !head) throw httpError(404, 'Not Found')
      const mb = repo.git.mergeBase(base, head)
      if (!mb) throw httpError(404, `No common ancestor between ${baseRef} and ${headRef}.`)
      const mbAnc = repo.git.ancestors(mb)
      const ahead = repo.git.topo(head, mbAnc)
      const behind = repo.git.topo(base, mbAnc)
      const status = base === head ? 'identical' : !ahead.length ? 'behind' : !behind.length ? 'ahead' : 'diverged'
      const headers: Record<string, string> = {}
      // As GitHub: without page/per_page, the first 250 commits; paginated, 30 a page by default and at most 100,
      // oldest first. The files (at most 300) come with the first page only.
      const paginated = ctx.query.has('page') || ctx.query.has('per_page')
      const page = paginated ? this.paginate(ctx, ahead, headers, 30, 100) : ahead.slice(0, 250)
      const firstPage = Number(ctx.query.get('page') ?? 1) <= 1
      const url = `${this.repoUrl(repo)}/compare/${baseRef}...${headRef}`
      const html = `${this.htmlRepo(repo)}/compare/${baseRef}...${headRef}`
      return ok(
        {
          url,
          html_url: html,
          permalink_url: `${this.htmlRepo(repo)}/compare/${repo.owner}:${base.slice(0, 7)}...${repo.owner}:${head.slice(0, 7)}`,
          diff_url: `${html}.diff`,
          patch_url: `${html}.patch`,
          base_commit: this.commitJson(repo, base, false),
          merge_base_commit: this.commitJson(repo, mb, false),
          status,
          ahead_by: ahead.length,
          behind_by: behind.length,
          total_commits: ahead.length,
          commits: page.map(s => this.commitJson(repo, s, false)),
          ...(firstPage
            ? {files: this.fileDiffs(repo, repo.git.filesOf(mb), repo.git.filesOf(head), head).slice(0, 300)}
            : {})
        },
        200,
        headers
      )
    }
    this.route('GET', `${R}/compare/{basehead}`, 'contents', ctx => {
      const bh = ctx.params.basehead as string
      const i = bh.indexOf('...')
      if (i < 0) throw httpError(404, 'Not Found')
      return compare(ctx, bh.slice(0, i), bh.slice(i + 3))
    })
    this.route('GET', `${R}/compare/{base}...{head}`, 'contents', ctx =>
      compare(ctx, ctx.params.base as string, ctx.params.head as string)
    )

    // --- statuses
    this.route('POST', `${R}/statuses/{sha}`, 'statuses', ({repo, params, body}) => {
      const sha = params.sha as string
      if (!FULL_SHA.test(sha) || !repo.git.commit(sha)) throw httpError(422, `No commit found for SHA: ${sha}`)
      const state = body.state
      if (!['error', 'failure', 'pending', 'success'].includes(state)) {
        throw validationFailed([
          {resource: 'Status', code: 'custom', field: 'state', message: 'state is not included in the list'}
        ])
      }
      const s = this.insertStatus(
        repo,
        sha,
        state,
        body.context ?? 'default',
        body.description ?? null,
        body.target_url ?? null
      )
      return ok(this.statusJson(repo, s), 201, {location: `${this.repoUrl(repo)}/statuses/${sha}`})
    })
    this.route('GET', `${R}/commits/{ref}/status`, 'statuses', ctx => {
      const {repo, params} = ctx
      const sha = this.commitOrThrow(repo, params.ref as string, 404)
      const latest = this.latestStatuses(repo, sha)
      const headers: Record<string, string> = {}
      const page = this.paginate(ctx, latest, headers, 100, 100)
      return ok(
        {
          state: this.combinedState(latest),
          statuses: page.map(s => this.statusJson(repo, s)),
          sha,
          total_count: latest.length,
          repository: this.repoJson(repo, false),
          commit_url: `${this.repoUrl(repo)}/commits/${sha}`,
          url: `${this.repoUrl(repo)}/commits/${sha}/status`
        },
        200,
        headers
      )
    })
    this.route('GET', `${R}/commits/{ref}/statuses`, 'statuses', ctx => {
      const {repo, params} = ctx
      const sha = this.commitOrThrow(repo, params.ref as string, 404)
      const all = repo.statuses.filter(s => s.sha === sha).sort((a, b) => b.id - a.id)
      const headers: Record<string, string> = {}
      return ok(
        this.paginate(ctx, all, headers).map(s => this.statusJson(repo, s)),
        200,
        headers
      )
    })

    // --- check runs
    this.route('GET', `${R}/commits/{ref}/check-runs`, 'checks', ctx => {
      const {repo, params, query} = ctx
      const sha = this.commitOrThrow(repo, params.ref as string, 404)
      let runs =
        query.get('filter') === 'all'
          ? repo.checkRuns.filter(c => c.headSha === sha).sort((a, b) => b.id - a.id)
          : this.latestCheckRuns(repo, sha)
      const name = query.get('check_name')
      if (name) runs = runs.filter(c => c.name === name)
      const status = query.get('status')
      if (status) runs = runs.filter(c => c.status === status)
      const headers: Record<string, string> = {}
      const page = this.paginate(ctx, runs, headers)
      return ok({total_count: runs.length, check_runs: page.map(c => this.checkRunJson(repo, c))}, 200, headers)
    })
    const applyCheckRun = (c: CheckRunModel, body: Json): void => {
      if (body.name !== undefined) c.name = String(body.name)
      if (body.details_url !== undefined) c.detailsUrl = body.details_url
      if (body.external_id !== undefined) c.externalId = body.external_id
      if (body.status !== undefined) c.status = body.status
      if (body.started_at !== undefined) c.startedAt = body.started_at
      if (body.conclusion !== undefined) {
        c.conclusion = body.conclusion
        c.status = 'completed'
      }
      if (c.status === 'completed') c.completedAt = body.completed_at ?? c.completedAt ?? this.nowIso()
      if (body.completed_at !== undefined) c.completedAt = body.completed_at
      if (body.output) {
        c.output = {
          title: body.output.title ?? c.output.title,
          summary: body.output.summary ?? c.output.summary,
          text: body.output.text ?? c.output.text
        }
      }
      if (c.status === 'completed' && !c.conclusion) {
        throw validationFailed([{resource: 'CheckRun', code: 'missing_field', field: 'conclusion'}])
      }
    }
    this.route('POST', `${R}/check-runs`, 'checks', ({repo, body}) => {
      const headSha = String(body.head_sha ?? '')
      if (!repo.git.commit(headSha))
        throw validationFailed([{resource: 'CheckRun', code: 'invalid', field: 'head_sha'}])
      const id = this.id()
      const c: CheckRunModel = {
        id,
        nodeId: `CR_kwDO${base64url(`${repo.id}:${id}`)}`,
        headSha,
        name: String(body.name),
        status: 'queued',
        conclusion: null,
        startedAt: this.nowIso(),
        completedAt: null,
        detailsUrl: null,
        externalId: null,
        output: {title: null, summary: null, text: null}
      }
      applyCheckRun(c, body)
      repo.checkRuns.push(c)
      this.emit({type: 'check_run', owner: repo.owner, repo: repo.name, sha: headSha})
      this.autoMergeReady(repo)
      return ok(this.checkRunJson(repo, c), 201)
    })
    this.route('PATCH', `${R}/check-runs/{check_run_id}`, 'checks', ({repo, params, body}) => {
      const c = repo.checkRuns.find(x => x.id === Number(params.check_run_id))
      if (!c) throw httpError(404, 'Not Found')
      applyCheckRun(c, body)
      this.emit({type: 'check_run', owner: repo.owner, repo: repo.name, sha: c.headSha})
      this.autoMergeReady(repo)
      return ok(this.checkRunJson(repo, c))
    })
    this.route('GET', `${R}/check-runs/{check_run_id}`, 'checks', ({repo, params}) => {
      const c = repo.checkRuns.find(x => x.id === Number(params.check_run_id))
      if (!c) throw httpError(404, 'Not Found')
      return ok(this.checkRunJson(repo, c))
    })

    // --- pulls
    const findPull = (repo: RepoState, n: string | undefined): PullRequestModel => {
      const pr = repo.pulls.find(p => p.number === Number(n))
      if (!pr) throw httpError(404, 'Not Found')
      return pr
    }
    this.route('GET', `${R}/pulls`, 'pull_requests', ctx => {
      const {repo, query} = ctx
      const state = query.get('state') ?? 'open'
      let list = repo.pulls.filter(p => state === 'all' || p.state === state)
      const head = query.get('head')
      if (head) {
        const [owner, branch] = head.includes(':')
          ? [head.slice(0, head.indexOf(':')), head.slice(head.indexOf(':') + 1)]
          : ['', head]
        if (owner) list = list.filter(p => owner.toLowerCase() === repo.owner.toLowerCase() && p.headRef === branch)
      }
      const base = query.get('base')
      if (base) list = list.filter(p => p.baseRef === base)
      const sort = query.get('sort') ?? 'created'
      const dir = query.get('direction') ?? (sort === 'created' ? 'desc' : 'asc')
      list = [...list].sort((a, b) => {
        const k =
          sort === 'updated' ? a.updatedAt.localeCompare(b.updatedAt) || a.number - b.number : a.number - b.number
        return dir === 'desc' ? -k : k
      })
      const headers: Record<string, string> = {}
      return ok(
        this.paginate(ctx, list, headers).map(p => this.pullJson(repo, p, false)),
        200,
        headers
      )
    })
    this.route('POST', `${R}/pulls`, 'pull_requests', ({repo, body}) => {
      const headSpec = String(body.head ?? '')
      const headBranch = headSpec.includes(':') ? headSpec.slice(headSpec.indexOf(':') + 1) : headSpec
      const headOwner = headSpec.includes(':') ? headSpec.slice(0, headSpec.indexOf(':')) : repo.owner
      const baseBranch = String(body.base ?? '')
      if (!body.title && !body.issue)
        throw validationFailed([{resource: 'PullRequest', code: 'missing_field', field: 'title'}])
      const headSha = repo.refs.get(`refs/heads/${headBranch}`)
      if (!headSha || headOwner.toLowerCase() !== repo.owner.toLowerCase()) {
        throw validationFailed([{resource: 'PullRequest', field: 'head', code: 'invalid'}])
      }
      const baseSha = repo.refs.get(`refs/heads/${baseBranch}`)
      if (!baseSha) throw validationFailed([{resource: 'PullRequest', field: 'base', code: 'invalid'}])
      if (repo.pulls.some(p => p.state === 'open' && p.headRef === headBranch && p.baseRef === baseBranch)) {
        throw validationFailed([
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `A pull request already exists for ${repo.owner}:${headBranch}.`
          }
        ])
      }
      if (repo.git.isAncestor(headSha, baseSha)) {
        throw validationFailed([
          {resource: 'PullRequest', code: 'custom', message: `No commits between ${baseBranch} and ${headBranch}`}
        ])
      }
      const number = repo.pulls.length + 1
      const id = this.id()
      const at = this.nowIso()
      const pr: PullRequestModel = {
        number,
        id,
        nodeId: '',
        title: String(body.title),
        body: body.body ?? null,
        state: 'open',
        draft: Boolean(body.draft),
        headRef: headBranch,
        baseRef: baseBranch,
        headSha,
        merged: false,
        mergedAt: null,
        mergeCommitSha: null,
        mergedBy: null,
        closedAt: null,
        createdAt: at,
        updatedAt: at,
        labels: [],
        user: this.user.login,
        autoMerge: null,
        approvals: 0,
        blocked: false,
        conflict: false,
        unknownReadsLeft: repo.mergeableUnknownReads,
        readsSinceAutoMerge: 0
      }
      pr.nodeId = this.nodeId('PR', 'pr', repo, String(number))
      repo.pulls.push(pr)
      this.emit({type: 'pull_request', owner: repo.owner, repo: repo.name, number})
      const json = this.pullJson(repo, pr, true)
      return ok(json, 201, {location: json.url})
    })
    this.route('GET', `${R}/pulls/{pull_number}`, 'pull_requests', ({repo, params}) => {
      const pr = findPull(repo, params.pull_number)
      const json = this.pullJson(repo, pr, true)
      this.countPullRead(repo, pr)
      return ok(json)
    })
    this.route('PATCH', `${R}/pulls/{pull_number}`, 'pull_requests', ({repo, params, body}) => {
      const pr = findPull(repo, params.pull_number)
      if (body.title !== undefined) pr.title = String(body.title)
      if (body.body !== undefined) pr.body = body.body
      if (body.base !== undefined) {
        if (!repo.refs.has(`refs/heads/${body.base}`))
          throw validationFailed([{resource: 'PullRequest', field: 'base', code: 'invalid'}])
        pr.baseRef = String(body.base)
      }
      if (body.state === 'closed' && pr.state === 'open') {
        pr.state = 'closed'
        pr.closedAt = this.nowIso()
        pr.headSha = this.pullHeadSha(repo, pr)
        pr.autoMerge = null
      } else if (body.state === 'open' && pr.state === 'closed') {
        if (pr.merged)
          throw validationFailed([
            {
              resource: 'PullRequest',
              code: 'custom',
              field: 'state',
              message: 'state cannot be changed. The pull request has been merged.'
            }
          ])
        if (
          repo.pulls.some(p => p !== pr && p.state === 'open' && p.headRef === pr.headRef && p.baseRef === pr.baseRef)
        ) {
          throw validationFailed([
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for ${repo.owner}:${pr.headRef}.`
            }
          ])
        }
        if (!repo.refs.has(`refs/heads/${pr.headRef}`))
          throw validationFailed([
            {
              resource: 'PullRequest',
              code: 'custom',
              field: 'state',
              message: 'state cannot be changed. The head branch was deleted.'
            }
          ])
        pr.state = 'open'
        pr.closedAt = null
      }
      pr.updatedAt = this.nowIso()
      this.emit({type: 'pull_request', owner: repo.owner, repo: repo.name, number: pr.number})
      return ok(this.pullJson(repo, pr, true))
    })
    this.route('GET', `${R}/pulls/{pull_number}/commits`, 'pull_requests', ctx => {
      const {repo, params} = ctx
      const pr = findPull(repo, params.pull_number)
      const head = this.pullHeadSha(repo, pr)
      const base = repo.refs.get(`refs/heads/${pr.baseRef}`) ?? head
      const mb = repo.git.mergeBase(base, head) ?? head
      const headers: Record<string, string> = {}
      const list = repo.git.topo(head, repo.git.ancestors(mb))
      return ok(
        this.paginate(ctx, list, headers, 30, 100).map(s => this.commitJson(repo, s, false)),
        200,
        headers
      )
    })
    this.route('GET', `${R}/pulls/{pull_number}/files`, 'pull_requests', ctx => {
      const {repo, params} = ctx
      const pr = findPull(repo, params.pull_number)
      const head = this.pullHeadSha(repo, pr)
      const base = repo.refs.get(`refs/heads/${pr.baseRef}`) ?? head
      const mb = repo.git.mergeBase(base, head) ?? head
      const headers: Record<string, string> = {}
      const files = this.fileDiffs(repo, repo.git.filesOf(mb), repo.git.filesOf(head), head)
      return ok(this.paginate(ctx, files, headers), 200, headers)
    })
    this.route('GET', `${R}/pulls/{pull_number}/merge`, 'pull_requests', ({repo, params}) => {
      const pr = findPull(repo, params.pull_number)
      return pr.merged
        ? {status: 204}
        : {status: 404, body: {message: 'Not Found', documentation_url: DOCS, status: '404'}}
    })
    this.route('PUT', `${R}/pulls/{pull_number}/merge`, 'contents', ({repo, params, body}) => {
      const pr = findPull(repo, params.pull_number)
      const method: MergeMethod = body.merge_method ?? 'merge'
      const result = this.doMerge(repo, pr, method, {
        title: body.commit_title,
        message: body.commit_message,
        sha: body.sha,
        merger: this.user.login
      })
      if ('error' in result) throw result.error
      return ok({sha: result.sha, merged: true, message: 'Pull Request successfully merged'})
    })
    // GitHub merges the base into the head asynchronously and answers 202; the fake does it before answering.
    this.route('PUT', `${R}/pulls/{pull_number}/update-branch`, 'contents', ({repo, params, body}) => {
      const pr = findPull(repo, params.pull_number)
      if (pr.state !== 'open') throw httpError(422, 'Pull request is closed.')
      const head = this.pullHeadSha(repo, pr)
      if (body.expected_head_sha !== undefined && body.expected_head_sha !== head) {
        throw httpError(422, "expected head sha didn't match current head ref.")
      }
      const baseHead = repo.refs.get(`refs/heads/${pr.baseRef}`)
      if (!baseHead) throw httpError(422, 'Base branch was deleted.')
      if (repo.git.isAncestor(baseHead, head)) throw httpError(422, 'There are no new commits on the base branch.')
      const mb = repo.git.mergeBase(baseHead, head)
      const merged = merge3(
        mb ? repo.git.filesOf(mb) : new Map<string, FileEntry>(),
        repo.git.filesOf(head),
        repo.git.filesOf(baseHead)
      )
      if (merged.conflicts.length) throw httpError(422, 'merge conflict between base and head')
      const sha = this.makeCommit(
        repo,
        merged.files,
        [head, baseHead],
        `Merge branch '${pr.baseRef}' into ${pr.headRef}`,
        {name: this.user.login, email: `${this.user.id}+${this.user.login}@users.noreply.github.com`},
        {name: 'GitHub', email: 'noreply@github.com'},
        true
      )
      this.setRef(repo, `refs/heads/${pr.headRef}`, sha)
      return ok(
        {
          message: 'Updating pull request branch.',
          url: `${this.htmlBase}/${repo.owner}/${repo.name}/pull/${pr.number}`
        },
        202
      )
    })

    // --- labels
    this.route('POST', `${R}/issues/{issue_number}/labels`, 'issues', ({repo, params, body}) => {
      const pr = repo.pulls.find(p => p.number === Number(params.issue_number))
      if (!pr) throw httpError(404, 'Not Found')
      const raw: Json[] = Array.isArray(body) ? body : Array.isArray(body.labels) ? body.labels : []
      const names = raw.map(l => (typeof l === 'string' ? l : String(l?.name ?? '')))
      if (!names.length || names.some(n => !n)) {
        throw validationFailed(
          [{resource: 'Label', code: 'invalid', field: 'labels'}],
          'Invalid request.\n\nNo subschema in "anyOf" matched.'
        )
      }
      for (const name of names) {
        if (!repo.labels.has(name.toLowerCase())) {
          const id = this.id()
          repo.labels.set(name.toLowerCase(), {
            id,
            nodeId: `LA_kwDO${base64url(`${repo.id}:${id}`)}`,
            name,
            color: 'ededed',
            description: null
          })
        }
        const canonical = (repo.labels.get(name.toLowerCase()) as {name: string}).name
        if (!pr.labels.includes(canonical)) pr.labels.push(canonical)
      }
      pr.updatedAt = this.nowIso()
      return ok(pr.labels.map(l => this.labelJson(repo, l)))
    })
    this.route('GET', `${R}/issues/{issue_number}/labels`, 'issues', ({repo, params}) => {
      const pr = repo.pulls.find(p => p.number === Number(params.issue_number))
      if (!pr) throw httpError(404, 'Not Found')
      return ok(pr.labels.map(l => this.labelJson(repo, l)))
    })

    // --- deployments
    const deploymentJson = (repo: RepoState, d: DeploymentModel): Json => ({
      url: `${this.repoUrl(repo)}/deployments/${d.id}`,
      id: d.id,
      node_id: d.nodeId,
      sha: d.sha,
      ref: d.ref,
      task: d.task,
      payload: d.payload,
      original_environment: d.originalEnvironment,
      environment: d.environment,
      description: d.description,
      creator: this.userJson(d.creator),
      created_at: d.createdAt,
      updated_at: d.updatedAt,
      statuses_url: `${this.repoUrl(repo)}/deployments/${d.id}/statuses`,
      repository_url: this.repoUrl(repo),
      transient_environment: d.transientEnvironment,
      production_environment: d.productionEnvironment
    })
    const deploymentStatusJson = (repo: RepoState, d: DeploymentModel, s: DeploymentStatusModel): Json => ({
      url: `${this.repoUrl(repo)}/deployments/${d.id}/statuses/${s.id}`,
      id: s.id,
      node_id: s.nodeId,
      state: s.state,
      creator: this.userJson(s.creator),
      description: s.description,
      environment: s.environment,
      target_url: s.targetUrl,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
      deployment_url: `${this.repoUrl(repo)}/deployments/${d.id}`,
      repository_url: this.repoUrl(repo),
      environment_url: s.environmentUrl,
      log_url: s.logUrl
    })
    this.route('POST', `${R}/deployments`, 'deployments', ({repo, body}) => {
      const ref = String(body.ref ?? '')
      const sha = this.resolveIn(repo, ref)
      if (!sha) throw httpError(422, `No ref found for: ${ref}`)
      const required: string[] | undefined = Array.isArray(body.required_contexts) ? body.required_contexts : undefined
      const latest = this.latestStatuses(repo, sha)
      const failing = latest.filter(s => (required ? required.includes(s.context) : true) && s.state !== 'success')
      const missing = (required ?? []).filter(c => !latest.some(s => s.context === c))
      if (failing.length || missing.length) {
        throw new HttpError(409, {
          message: `Conflict: Commit status checks failed for ${ref}.`,
          errors: [
            {
              contexts: [
                ...failing.map(s => ({context: s.context, state: s.state})),
                ...missing.map(c => ({context: c, state: 'missing'}))
              ],
              resource: 'Deployment',
              field: 'required_contexts',
              code: 'invalid'
            }
          ],
          documentation_url: DOCS,
          status: '409'
        })
      }
      const id = this.id()
      const at = this.nowIso()
      const environment = String(body.environment ?? 'production')
      const d: DeploymentModel = {
        id,
        nodeId: `DE_kwDO${base64url(`${repo.id}:${id}`)}`,
        sha,
        ref,
        task: String(body.task ?? 'deploy'),
        payload: body.payload ?? {},
        environment,
        originalEnvironment: environment,
        description: body.description ?? null,
        transientEnvironment: Boolean(body.transient_environment),
        productionEnvironment: body.production_environment ?? environment === 'production',
        createdAt: at,
        updatedAt: at,
        creator: this.user.login,
        statuses: []
      }
      repo.deployments.push(d)
      this.emit({type: 'deployment', owner: repo.owner, repo: repo.name, sha})
      return ok(deploymentJson(repo, d), 201)
    })
    this.route('GET', `${R}/deployments`, 'deployments', ctx => {
      const {repo, query} = ctx
      let list = [...repo.deployments].sort((a, b) => b.id - a.id)
      for (const k of ['sha', 'ref', 'task', 'environment'] as const) {
        const v = query.get(k)
        if (v !== null) list = list.filter(d => d[k] === v)
      }
      const headers: Record<string, string> = {}
      return ok(
        this.paginate(ctx, list, headers).map(d => deploymentJson(repo, d)),
        200,
        headers
      )
    })
    this.route('GET', `${R}/deployments/{deployment_id}`, 'deployments', ({repo, params}) => {
      const d = repo.deployments.find(x => x.id === Number(params.deployment_id))
      if (!d) throw httpError(404, 'Not Found')
      return ok(deploymentJson(repo, d))
    })
    this.route('POST', `${R}/deployments/{deployment_id}/statuses`, 'deployments', ({repo, params, body}) => {
      const d = repo.deployments.find(x => x.id === Number(params.deployment_id))
      if (!d) throw httpError(404, 'Not Found')
      const states = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success']
      if (!states.includes(body.state))
        throw validationFailed([
          {resource: 'DeploymentStatus', code: 'custom', field: 'state', message: 'state is not included in the list'}
        ])
      const id = this.id()
      const at = this.nowIso()
      const s: DeploymentStatusModel = {
        id,
        nodeId: `DES_kwDO${base64url(`${repo.id}:${id}`)}`,
        state: body.state,
        description: String(body.description ?? ''),
        environment: String(body.environment ?? d.environment),
        targetUrl: String(body.target_url ?? body.log_url ?? ''),
        logUrl: String(body.log_url ?? body.target_url ?? ''),
        environmentUrl: String(body.environment_url ?? ''),
        createdAt: at,
        updatedAt: at,
        creator: this.user.login
      }
      if (body.environment) d.environment = String(body.environment)
      if (body.auto_inactive !== false && body.state === 'success') {
        for (const other of repo.deployments) {
          if (other !== d && other.environment === d.environment && !other.transientEnvironment) {
            const last = other.statuses[other.statuses.length - 1]
            if (last && last.state === 'success') {
              other.statuses.push({
                ...last,
                id: this.id(),
                state: 'inactive',
                description: '',
                createdAt: at,
                updatedAt: at
              })
            }
          }
        }
      }
      d.statuses.push(s)
      d.updatedAt = at
      this.emit({type: 'deployment', owner: repo.owner, repo: repo.name, sha: d.sha})
      return ok(deploymentStatusJson(repo, d, s), 201)
    })
    this.route('GET', `${R}/deployments/{deployment_id}/statuses`, 'deployments', ctx => {
      const {repo, params} = ctx
      const d = repo.deployments.find(x => x.id === Number(params.deployment_id))
      if (!d) throw httpError(404, 'Not Found')
      const headers: Record<string, string> = {}
      const list = [...d.statuses].sort((a, b) => b.id - a.id)
      return ok(
        this.paginate(ctx, list, headers).map(s => deploymentStatusJson(repo, d, s)),
        200,
        headers
      )
    })
  }

  private treeJson(repo: RepoState, sha: string, recursive: boolean): Json {
    const url = this.repoUrl(repo)
    const entries: Json[] = []
    const walk = (treeSha: string, prefix: string): void => {
      for (const e of repo.git.tree(treeSha) ?? []) {
        const path = prefix + e.name
        const item: Json = {path, mode: e.mode, type: e.type, sha: e.sha}
        if (e.type === 'blob') item.size = repo.git.blob(e.sha)?.length ?? 0
        item.url =
          e.type === 'tree' ? `${url}/git/trees/${e.sha}` : e.type === 'blob' ? `${url}/git/blobs/${e.sha}` : undefined
        if (item.url === undefined) delete item.url
        entries.push(item)
        if (recursive && e.type === 'tree') walk(e.sha, `${path}/`)
      }
    }
    walk(sha, '')
    return {sha, url: `${url}/git/trees/${sha}`, tree: entries, truncated: false}
  }

  // ------------------------------------------------------------------------------------------------ codeload

  private async codeload(url: URL): Promise<Answer> {
    const m = /^\/_codeload\/([^/]+)\/([^/]+)\/legacy\.tar\.gz\/(.+)$/.exec(url.pathname)
    const token = url.searchParams.get('token') ?? ''
    if (!m || this.codeloadTokens.get(token)?.toLowerCase() !== `${m[1]}/${m[2]}`.toLowerCase()) {
      return {status: 404, raw: Buffer.from('Not Found'), headers: {'content-type': 'text/plain; charset=utf-8'}}
    }
    const repo = this.repoOf(m[1] as string, m[2] as string)
    const sha = this.resolveIn(repo, decodeURIComponent(m[3] as string))
    if (!sha)
      return {status: 404, raw: Buffer.from('Not Found'), headers: {'content-type': 'text/plain; charset=utf-8'}}
    const raw = await this.tarball(repo, sha)
    return {
      status: 200,
      raw,
      headers: {
        'content-type': 'application/x-gzip',
        'content-disposition': `attachment; filename=${repo.owner}-${repo.name}-${sha.slice(0, 7)}.tar.gz`,
        etag: `"${sha}"`
      }
    }
  }

  /** Builds `git archive`-like gzip tarball: pax global header with the commit id, one top folder `{owner}-{repo}-{sha7}/`. */
  private async tarball(repo: RepoState, sha: string): Promise<Buffer> {
    const c = repo.git.commit(sha) as GitCommit
    const mtime = new Date(Date.parse(c.committer.date))
    const top = `${repo.owner}-${repo.name}-${sha.slice(0, 7)}`
    const pack = tarStream.pack()
    const chunks: Buffer[] = []
    const done = new Promise<void>((resolve, reject) => {
      pack.on('data', (d: unknown) => void chunks.push(d as Buffer))
      pack.on('end', () => resolve())
      pack.on('error', reject)
    })
    const common = {mtime, uid: 0, gid: 0, uname: 'root', gname: 'root'}
    pack.entry({...common, name: `${top}/`, type: 'directory', mode: 0o775})
    const walk = (treeSha: string, prefix: string): void => {
      for (const e of repo.git.tree(treeSha) ?? []) {
        const name = `${prefix}${e.name}`
        if (e.type === 'tree') {
          pack.entry({...common, name: `${name}/`, type: 'directory', mode: 0o775})
          walk(e.sha, `${name}/`)
        } else if (e.type === 'blob') {
          const data = repo.git.blob(e.sha) ?? Buffer.alloc(0)
          if (e.mode === '120000')
            pack.entry({...common, name, type: 'symlink', linkname: data.toString('utf8'), mode: 0o777})
          else pack.entry({...common, name, type: 'file', mode: e.mode === '100755' ? 0o775 : 0o664}, data)
        } else {
          pack.entry({...common, name: `${name}/`, type: 'directory', mode: 0o775})
        }
      }
    }
    walk(c.tree, `${top}/`)
    pack.finalize()
    await done
    const tar = Buffer.concat([paxGlobalHeader(sha, mtime), ...chunks])
    return gzipSync(tar)
  }

  // ------------------------------------------------------------------------------------------------ GraphQL

  private async handleGraphQL(
    method: string,
    body: Json,
    headers: Record<string, string>,
    record: RecordedRequest
  ): Promise<Answer> {
    const unauthorized = this.authenticate(headers)
    if (unauthorized) {
      return {status: 401, body: {message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql'}}
    }
    if (method !== 'POST') {
      this.violation(record, `${method} /graphql: GitHub's GraphQL API only takes POST`)
      return {status: 404, body: {message: 'Not Found', documentation_url: 'https://docs.github.com/graphql'}}
    }
    const schema = this.validate ? getGitHubSchema() : undefined
    const check = checkGraphQLRequest(body?.query, body?.variables, body?.operationName, schema ?? getGitHubSchema())
    const mutation = check.operation?.operation === 'mutation'
    record.write = mutation
    record.graphql = {
      operationName: body?.operationName ?? check.operation?.name?.value,
      mutation,
      fields: check.rootFields,
      variables: body?.variables
    }
    const info: RequestInfo = {method, path: record.path, operation: 'graphql', graphqlFields: check.rootFields, body}
    const injected = this.injectBefore(info, record, 'graphql')
    if (injected) return injected
    if (this.validate) for (const v of check.violations) this.violation(record, v)
    const blocking = this.validate ? check.errors : check.document ? [] : check.errors
    if (blocking.length || !check.document) {
      record.graphql.errors = blocking
      return {status: 200, body: {errors: blocking}}
    }
    if (mutation && !record.client) for (const hook of [...this.hooks]) await hook(info)
    const result = (await execute({
      schema: getGitHubSchema(),
      document: check.document,
      rootValue: this.graphqlRoot(),
      variableValues: body?.variables ?? {},
      operationName: body?.operationName ?? undefined
    })) as ExecutionResult
    const out: Json = {}
    if (result.data !== undefined) out.data = result.data
    if (result.errors?.length) {
      out.errors = result.errors.map(e => {
        const type = (e.extensions as {type?: string} | undefined)?.type
        const err: Json = {}
        if (type) err.type = type
        if (e.path) err.path = e.path
        if (e.locations) err.locations = e.locations
        err.message = e.message
        return err
      })
      record.graphql.errors = out.errors
      if (result.data === undefined && this.validate) this.violation(record, `GraphQL: ${result.errors[0]?.message}`)
    }
    const after = record.client ? undefined : this.takeFault(info, true)
    if (after) {
      record.injected = `${after.kind}-after-apply`
      return this.faultAnswer(after)
    }
    return {status: 200, body: out}
  }

  private requireWrite(repo: RepoState, area: PermissionArea): void {
    if (repo.permissions[area] !== 'write')
      throw new GraphQLFailure('FORBIDDEN', 'Resource not accessible by integration')
  }

  private graphqlRoot(): Json {
    const self = this
    const findRepo = (nameWithOwner: string): RepoState => {
      const repo = self.repos.get(nameWithOwner.toLowerCase())
      if (!repo)
        throw new GraphQLFailure('NOT_FOUND', `Could not resolve to a Repository with the name '${nameWithOwner}'.`)
      return repo
    }
    const pullByNode = (id: string): {repo: RepoState; pr: PullRequestModel} => {
      const node = self.nodes.get(id)
      const pr = node?.kind === 'pr' ? node.repo.pulls.find(p => String(p.number) === node.key) : undefined
      if (!node || !pr)
        throw new GraphQLFailure('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`)
      return {repo: node.repo, pr}
    }
    return {
      viewer: () => ({
        __typename: 'User',
        login: self.user.login,
        id: `U_kgDO${base64url(String(self.user.id))}`,
        databaseId: self.user.id
      }),
      rateLimit: () => ({
        limit: self.rateLimit,
        remaining: self.rateLimit - self.rateUsed.graphql,
        used: self.rateUsed.graphql,
        cost: 1,
        resetAt: new Date(self.rateReset * 1000).toISOString(),
        nodeCount: 1
      }),
      repository: ({owner, name}: {owner: string; name: string}) => self.repositoryNode(findRepo(`${owner}/${name}`)),
      node: ({id}: {id: string}) => self.resolveNode(id),
      nodes: ({ids}: {ids: string[]}) => ids.map(id => self.resolveNode(id)),
      createCommitOnBranch: ({input}: {input: Json}) => {
        const b = input.branch ?? {}
        let repo: RepoState
        let branch: string
        if (b.id) {
          const node = self.nodes.get(b.id)
          if (!node || node.kind !== 'ref')
            throw new GraphQLFailure('NOT_FOUND', `Could not resolve to a node with the global id of '${b.id}'`)
          repo = node.repo
          branch = node.key.replace(/^refs\/heads\//, '')
        } else {
          if (!b.repositoryNameWithOwner || !b.branchName) {
            throw new GraphQLFailure(
              'UNPROCESSABLE',
              'A branch id or a repositoryNameWithOwner and branchName must be given'
            )
          }
          repo = findRepo(b.repositoryNameWithOwner)
          branch = String(b.branchName).replace(/^refs\/heads\//, '')
        }
        self.requireWrite(repo, 'contents')
        const ref = `refs/heads/${branch}`
        const refused = self.directCommitRefusal(repo, branch)
        if (refused) throw new GraphQLFailure('UNPROCESSABLE', refused)
        const head = repo.refs.get(ref)
        if (!head) throw new GraphQLFailure('NOT_FOUND', `Could not resolve to a Ref with the name "${ref}".`)
        if (input.expectedHeadOid !== head) {
          throw new GraphQLFailure(
            'STALE_DATA',
            `Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.`
          )
        }
        const files = repo.git.filesOf(head)
        for (const d of input.fileChanges?.deletions ?? []) {
          if (!files.has(d.path)) {
            throw new GraphQLFailure(
              'UNPROCESSABLE',
              `A path was requested for deletion which does not exist as of commit oid \`${head}\``
            )
          }
          files.delete(d.path)
        }
        for (const a of input.fileChanges?.additions ?? []) {
          const clean = String(a.path).replace(/^\/+/, '')
          files.set(clean, {
            sha: repo.git.putBlob(Buffer.from(String(a.contents), 'base64')),
            mode: files.get(clean)?.mode ?? '100644'
          })
        }
        const headline = String(input.message?.headline ?? '')
        if (!headline.trim()) throw new GraphQLFailure('UNPROCESSABLE', 'A commit message headline is required')
        const message = input.message?.body ? `${headline}\n\n${input.message.body}` : headline
        const sha = self.makeCommit(
          repo,
          files,
          [head],
          message,
          undefined,
          {name: 'GitHub', email: 'noreply@github.com'},
          true
        )
        self.setRef(repo, ref, sha)
        return {
          clientMutationId: input.clientMutationId ?? null,
          commit: self.commitNode(repo, sha),
          ref: self.refNode(repo, ref)
        }
      },
      enablePullRequestAutoMerge: ({input}: {input: Json}) => {
        const {repo, pr} = pullByNode(String(input.pullRequestId))
        self.requireWrite(repo, 'pull_requests')
        if (!repo.allowAutoMerge)
          throw new GraphQLFailure('UNPROCESSABLE', 'Auto merge is not allowed for this repository')
        if (pr.state !== 'open') throw new GraphQLFailure('UNPROCESSABLE', 'Pull request is closed')
        if (input.expectedHeadOid && input.expectedHeadOid !== self.pullHeadSha(repo, pr)) {
          throw new GraphQLFailure('UNPROCESSABLE', 'Pull request head sha did not match expected head sha')
        }
        // GitHub computes the real state here, even while REST still answers `unknown`.
        const m = self.mergeability(repo, pr, false, true)
        const queued = ['clean', 'unstable', 'has_hooks'].includes(m.state) && self.queueOf(repo, pr)
        if (!queued && ['clean', 'unstable', 'has_hooks', 'dirty'].includes(m.state)) {
          throw new GraphQLFailure('UNPROCESSABLE', `Pull request Pull request is in ${m.state} status`)
        }
        const method = String(input.mergeMethod ?? 'MERGE').toLowerCase() as MergeMethod
        pr.autoMerge = {
          mergeMethod: method,
          enabledAt: self.nowIso(),
          enabledBy: self.user.login,
          commitHeadline: input.commitHeadline ?? undefined,
          commitBody: input.commitBody ?? undefined
        }
        pr.readsSinceAutoMerge = 0
        if (queued) self.enqueue(repo, pr)
        return {
          clientMutationId: input.clientMutationId ?? null,
          pullRequest: self.pullNode(repo, pr),
          actor: self.graphqlRoot().viewer()
        }
      },
      ...self.queueMutations(),
      disablePullRequestAutoMerge: ({input}: {input: Json}) => {
        const {repo, pr} = pullByNode(String(input.pullRequestId))
        self.requireWrite(repo, 'pull_requests')
        pr.autoMerge = null
        return {
          clientMutationId: input.clientMutationId ?? null,
          pullRequest: self.pullNode(repo, pr),
          actor: self.graphqlRoot().viewer()
        }
      },
      mergePullRequest: ({input}: {input: Json}) => {
        const {repo, pr} = pullByNode(String(input.pullRequestId))
        self.requireWrite(repo, 'contents')
        const r = self.doMerge(repo, pr, String(input.mergeMethod ?? 'MERGE').toLowerCase() as MergeMethod, {
          title: input.commitHeadline ?? undefined,
          message: input.commitBody ?? undefined,
          sha: input.expectedHeadOid ?? undefined,
          merger: self.user.login
        })
        if ('error' in r) throw new GraphQLFailure('UNPROCESSABLE', String(r.error.body.message))
        return {
          clientMutationId: input.clientMutationId ?? null,
          pullRequest: self.pullNode(repo, pr),
          actor: self.graphqlRoot().viewer()
        }
      }
    }
  }

  private resolveNode(id: string): Json {
    const node = this.nodes.get(id)
    if (!node) return null
    if (node.kind === 'repo') return this.repositoryNode(node.repo)
    if (node.kind === 'ref') return this.refNode(node.repo, node.key)
    if (node.kind === 'commit') return this.commitNode(node.repo, node.key)
    const pr = node.repo.pulls.find(p => String(p.number) === node.key)
    return pr ? this.pullNode(node.repo, pr) : null
  }

  private repositoryNode(repo: RepoState): Json {
    const self = this
    return {
      __typename: 'Repository',
      id: repo.nodeId,
      databaseId: repo.id,
      name: repo.name,
      nameWithOwner: `${repo.owner}/${repo.name}`,
      owner: {__typename: 'User', login: repo.owner, id: `U_kgDO${base64url(repo.owner)}`},
      url: this.htmlRepo(repo),
      isPrivate: repo.private,
      autoMergeAllowed: repo.allowAutoMerge,
      mergeCommitAllowed: repo.allowMergeCommit,
      squashMergeAllowed: repo.allowSquashMerge,
      rebaseMergeAllowed: repo.allowRebaseMerge,
      deleteBranchOnMerge: repo.deleteBranchOnMerge,
      viewerPermission: repo.permissions.contents === 'write' ? 'WRITE' : 'READ',
      defaultBranchRef: () => self.refNode(repo, `refs/heads/${repo.defaultBranch}`),
      ref: ({qualifiedName}: {qualifiedName: string}) => {
        const full = qualifiedName.startsWith('refs/') ? qualifiedName : `refs/heads/${qualifiedName}`
        return repo.refs.has(full) ? self.refNode(repo, full) : null
      },
      object: ({oid, expression}: {oid?: string; expression?: string}) => {
        const sha = oid ?? (expression ? self.resolveIn(repo, expression) : undefined)
        return sha && repo.git.commit(sha) ? self.commitNode(repo, sha) : null
      },
      pullRequest: ({number}: {number: number}) => {
        const pr = repo.pulls.find(p => p.number === number)
        if (!pr)
          throw new GraphQLFailure('NOT_FOUND', `Could not resolve to a PullRequest with the number of ${number}.`)
        self.countPullRead(repo, pr)
        return self.pullNode(repo, pr)
      }
    }
  }

  private refNode(repo: RepoState, ref: string): Json {
    const sha = repo.refs.get(ref)
    if (!sha) return null
    return {
      __typename: 'Ref',
      id: this.nodeId('REF', 'ref', repo, ref),
      name: ref.replace(/^refs\/(heads|tags)\//, ''),
      prefix: ref.startsWith('refs/tags/') ? 'refs/tags/' : 'refs/heads/',
      target: this.commitNode(repo, sha),
      repository: () => this.repositoryNode(repo)
    }
  }

  private commitNode(repo: RepoState, sha: string): Json {
    const c = repo.git.commit(sha) as GitCommit
    const [headline, ...rest] = c.message.split('\n')
    return {
      __typename: 'Commit',
      id: this.nodeId('C', 'commit', repo, sha),
      oid: sha,
      abbreviatedOid: sha.slice(0, 7),
      url: `${this.htmlRepo(repo)}/commit/${sha}`,
      commitUrl: `${this.htmlRepo(repo)}/commit/${sha}`,
      message: c.message,
      messageHeadline: headline,
      messageBody: rest.join('\n').replace(/^\n+/, ''),
      committedDate: c.committer.date,
      authoredDate: c.author.date,
      pushedDate: null,
      parents: () => ({
        totalCount: c.parents.length,
        nodes: c.parents.map(p => this.commitNode(repo, p)),
        edges: c.parents.map(p => ({cursor: p, node: this.commitNode(repo, p)}))
      }),
      tree: {__typename: 'Tree', oid: c.tree, id: `T_kwDO${base64url(c.tree)}`},
      repository: () => this.repositoryNode(repo)
    }
  }

  private pullNode(repo: RepoState, pr: PullRequestModel): Json {
    const self = this
    let memo: {mergeable: boolean | null; state: string} | undefined
    const m = (): {mergeable: boolean | null; state: string} => (memo ??= this.mergeability(repo, pr, true))
    return {
      __typename: 'PullRequest',
      id: pr.nodeId,
      databaseId: pr.id,
      number: pr.number,
      title: pr.title,
      body: pr.body ?? '',
      url: `${this.htmlRepo(repo)}/pull/${pr.number}`,
      state: pr.merged ? 'MERGED' : pr.state === 'open' ? 'OPEN' : 'CLOSED',
      closed: pr.state === 'closed',
      merged: pr.merged,
      mergedAt: pr.mergedAt,
      isDraft: pr.draft,
      createdAt: pr.createdAt,
      updatedAt: pr.updatedAt,
      headRefName: pr.headRef,
      headRefOid: this.pullHeadSha(repo, pr),
      baseRefName: pr.baseRef,
      baseRefOid: repo.refs.get(`refs/heads/${pr.baseRef}`) ?? '',
      mergeCommit: () => (pr.mergeCommitSha ? self.commitNode(repo, pr.mergeCommitSha) : null),
      mergeable: () => {
        const v = m().mergeable
        return v === null ? 'UNKNOWN' : v ? 'MERGEABLE' : 'CONFLICTING'
      },
      mergeStateStatus: () => m().state.toUpperCase(),
      autoMergeRequest: pr.autoMerge
        ? {
            __typename: 'AutoMergeRequest',
            enabledAt: pr.autoMerge.enabledAt,
            mergeMethod: pr.autoMerge.mergeMethod.toUpperCase(),
            commitHeadline: pr.autoMerge.commitHeadline ?? null,
            commitBody: pr.autoMerge.commitBody ?? null,
            authorEmail: null,
            enabledBy: {__typename: 'User', login: pr.autoMerge.enabledBy}
          }
        : null,
      repository: () => this.repositoryNode(repo),
      ...this.queueFields(repo, pr)
    }
  }

  // ------------------------------------------------------------------------------------------------ guarded bases
  // Rulesets, classic "require a pull request", and merge queues: what refuses a direct commit or a merge, and the
  // queue itself (enqueue, a delayed merge of its own, or a removal with a reason).

  private rulesFor(repo: RepoState, branch: string): {type: string; ruleset?: Required<RulesetOptions>}[] {
    const out: {type: string; ruleset?: Required<RulesetOptions>}[] = []
    for (const rs of repo.rulesets)
      if (rs.branches.includes(branch)) for (const type of rs.rules) out.push({type, ruleset: rs})
    if (repo.mergeQueue && branch === repo.defaultBranch) out.push({type: 'merge_queue'})
    return out
  }

  /** GitHub's message when a direct commit onto `branch` is refused, or undefined. */
  private directCommitRefusal(repo: RepoState, branch: string): string | undefined {
    const rules = this.rulesFor(repo, branch).map(r => r.type)
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

  private queueOf(repo: RepoState, pr: PullRequestModel): MergeQueueOptions | undefined {
    return pr.baseRef === repo.defaultBranch ? repo.mergeQueue : undefined
  }

  /** A merge of a PR whose base requires the queue, not made by the queue: 405, unless the token may bypass. */
  private queueRefusal(
    repo: RepoState,
    pr: PullRequestModel,
    o: {viaQueue?: boolean; ignoreRequirements?: boolean}
  ): HttpError | undefined {
    const queue = this.queueOf(repo, pr)
    if (!queue || o.viaQueue) return undefined
    if (queue.bypassAllowed || o.ignoreRequirements) {
      if (!o.ignoreRequirements) this.queueBypasses.push({number: pr.number})
      return undefined
    }
    return httpError(405, 'Changes must be made through the merge queue')
  }

  private enqueue(repo: RepoState, pr: PullRequestModel): {id: string; enqueuedAt: string; state: string} {
    const existing = this.queueEntries.get(pr.nodeId)
    if (existing) return existing
    const queue = this.queueOf(repo, pr) as MergeQueueOptions
    const entry = {
      id: `MQE_kwDO${base64url(`${repo.id}:${pr.number}:${this.id()}`)}`,
      enqueuedAt: this.nowIso(),
      state: 'QUEUED'
    }
    this.queueEntries.set(pr.nodeId, entry)
    this.queueLog.push({number: pr.number, action: 'enqueued'})
    const timer = setTimeout(() => {
      this.queueTimers.delete(timer)
      if (this.queueEntries.get(pr.nodeId) !== entry) return
      this.queueEntries.delete(pr.nodeId)
      const result = queue.removeWith
        ? {error: httpError(405, queue.removeWith)}
        : this.doMerge(repo, pr, queue.mergeMethod ?? 'squash', {
            merger: 'github-merge-queue[bot]',
            viaQueue: true,
            ignoreRequirements: true
          })
      if ('error' in result) {
        const reason = String(result.error.body.message)
        const list = this.queueRemovals.get(pr.nodeId) ?? []
        list.push({id: `RFMQE_kwDO${base64url(`${pr.number}:${this.id()}`)}`, reason, at: this.nowIso()})
        this.queueRemovals.set(pr.nodeId, list)
        pr.autoMerge = null
        this.queueLog.push({number: pr.number, action: 'removed', reason})
      } else this.queueLog.push({number: pr.number, action: 'merged', sha: result.sha})
    }, queue.mergeAfterMs ?? 1000)
    entry.state = 'AWAITING_CHECKS'
    this.queueTimers.add(timer)
    return entry
  }

  private queueEntryNode(repo: RepoState, pr: PullRequestModel): Json {
    const entry = this.queueEntries.get(pr.nodeId)
    if (!entry) return null
    const queued = [...this.queueEntries.values()].sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt))
    return {
      __typename: 'MergeQueueEntry',
      id: entry.id,
      state: entry.state,
      position: queued.indexOf(entry) + 1,
      enqueuedAt: entry.enqueuedAt,
      jump: false,
      solo: false,
      estimatedTimeToMerge: null,
      enqueuer: {__typename: 'User', login: this.user.login},
      pullRequest: () => this.pullNode(repo, pr)
    }
  }

  private queueFields(repo: RepoState, pr: PullRequestModel): Json {
    return {
      isMergeQueueEnabled: Boolean(this.queueOf(repo, pr)),
      isInMergeQueue: this.queueEntries.has(pr.nodeId),
      mergeQueueEntry: () => this.queueEntryNode(repo, pr),
      timelineItems: ({first, last, itemTypes}: {first?: number; last?: number; itemTypes?: string[]}) => {
        const wanted = !itemTypes || itemTypes.includes('REMOVED_FROM_MERGE_QUEUE_EVENT')
        const all = wanted
          ? (this.queueRemovals.get(pr.nodeId) ?? []).map(r => ({
              __typename: 'RemovedFromMergeQueueEvent',
              id: r.id,
              reason: r.reason,
              createdAt: r.at,
              actor: {__typename: 'Bot', login: 'github-merge-queue'}
            }))
          : []
        const nodes = last !== undefined ? all.slice(-last) : first !== undefined ? all.slice(0, first) : all
        return {
          totalCount: all.length,
          filteredCount: all.length,
          nodes,
          edges: nodes.map(n => ({cursor: n.id, node: n})),
          pageInfo: {hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null}
        }
      }
    }
  }

  private queueMutations(): Json {
    return {
      enqueuePullRequest: ({input}: {input: Json}) => {
        const node = this.nodes.get(String(input.pullRequestId))
        const pr = node?.kind === 'pr' ? node.repo.pulls.find(p => String(p.number) === node.key) : undefined
        if (!node || !pr) {
          throw new GraphQLFailure(
            'NOT_FOUND',
            `Could not resolve to a node with the global id of '${input.pullRequestId}'`
          )
        }
        const repo = node.repo
        this.requireWrite(repo, 'contents')
        if (!this.queueOf(repo, pr))
          throw new GraphQLFailure('UNPROCESSABLE', 'Merge queue is not enabled for this branch.')
        if (pr.state !== 'open') throw new GraphQLFailure('UNPROCESSABLE', 'Pull request is closed')
        if (input.expectedHeadOid && input.expectedHeadOid !== this.pullHeadSha(repo, pr)) {
          throw new GraphQLFailure('UNPROCESSABLE', 'Pull request head sha did not match expected head sha')
        }
        const m = this.mergeability(repo, pr, false, true)
        if (m.state === 'dirty') throw new GraphQLFailure('UNPROCESSABLE', 'Pull request is in dirty status')
        this.enqueue(repo, pr)
        return {clientMutationId: input.clientMutationId ?? null, mergeQueueEntry: this.queueEntryNode(repo, pr)}
      }
    }
  }

  private registerRuleRoutes(): void {
    const R = '/repos/{owner}/{repo}'
    const ok = (body: Json, status = 200, headers?: Record<string, string>): Answer => ({status, body, headers})
    this.route('GET', `${R}/rules/branches/{branch}`, 'metadata', ctx => {
      const rules = this.rulesFor(ctx.repo, ctx.params.branch ?? '').map(r => ({
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
      return ok(this.paginate(ctx, rules, headers), 200, headers)
    })
    this.route('GET', `${R}/rulesets/{ruleset_id}`, 'metadata', ({repo, params}) => {
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
}

/** A ustar block of type 'g' (pax global header) carrying `comment=<commit>`, as `git archive` writes first. */
function paxGlobalHeader(sha: string, mtime: Date): Buffer {
  const record = (key: string, value: string): string => {
    const body = ` ${key}=${value}\n`
    let len = body.length + 1
    while (String(len).length + body.length !== len) len = String(len).length + body.length
    return `${len}${body}`
  }
  const data = Buffer.from(record('comment', sha))
  const header = Buffer.alloc(512)
  const write = (s: string, offset: number, length: number): void =>
    void header.write(s.slice(0, length), offset, 'ascii')
  const octal = (n: number, length: number): string => n.toString(8).padStart(length - 1, '0')
  write('pax_global_header', 0, 100)
  write(octal(0o666, 8), 100, 8)
  write(octal(0, 8), 108, 8)
  write(octal(0, 8), 116, 8)
  write(octal(data.length, 12), 124, 12)
  write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 12)
  write('        ', 148, 8)
  write('g', 156, 1)
  write('ustar\u000000', 257, 8)
  write('root', 265, 32)
  write('root', 297, 32)
  let sum = 0
  for (const b of header) sum += b
  write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8)
  const padded = Buffer.alloc(Math.ceil(data.length / 512) * 512)
  data.copy(padded)
  return Buffer.concat([header, padded])
}
