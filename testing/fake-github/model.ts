// The fake's state: repositories, refs, events, ids, and the methods tests call to arrange and inspect it.
import {createHash} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {PathTemplateMatcher} from '../openapi.js'
import {FakeAppSupport} from './app.js'
import {fault, httpError, type Route, type PendingFault} from './faults.js'
import {mulberry32} from '../random.js'
import {type FileEntry, type GitCommit, type GitObject, isoSeconds, GitStore, FULL_SHA, SHORT_SHA} from './git-store.js'
import {autoMergeReady} from './auto-merge.js'
import {insertStatus} from './commit-status.js'
import {base64url} from './encoding.js'
import {doMerge} from './pull-merge.js'
import type {
  Json,
  Permission,
  PermissionArea,
  RepoPermissions,
  Person,
  BranchProtection,
  RulesetOptions,
  MergeQueueOptions,
  CreateRepoOptions,
  RequestInfo,
  RecordedRequest,
  Violation,
  ForcedUpdate,
  FakeGitHubOptions,
  FakeEvent,
  LogEntry,
  PullRequestModel,
  CommitStatusModel,
  CheckRunModel,
  DeploymentModel,
  CommentModel,
  MergeMethod,
  FaultControl,
  FakeGitHub
} from './types.js'

export interface RepoState {
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
  comments: CommentModel[]
  labels: Map<string, {id: number; nodeId: string; name: string; color: string; description: string | null}>
  verifiedCommits: Set<string>
}

/** Answers one HTTP request; passed in so that the model does not import the routes that read it. */
export type RequestHandler = (gh: FakeGitHubImpl, req: IncomingMessage, res: ServerResponse) => Promise<void>

export class FakeGitHubImpl implements FakeGitHub {
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

  readonly server: Server

  readonly repos = new Map<string, RepoState>()

  readonly listeners = new Set<(e: FakeEvent) => void>()

  readonly routes = new PathTemplateMatcher<Map<string, Route>>()

  readonly routeTable = new Map<string, Map<string, Route>>()

  readonly pending: PendingFault[] = []

  readonly hooks = new Set<(r: RequestInfo) => void | Promise<void>>()

  readonly readHooks = new Set<(r: RequestInfo) => void | Promise<void>>()

  readonly random: () => number

  readonly validate: boolean

  readonly prefix: string

  readonly htmlBase: string

  readonly tokens?: Set<string>

  readonly now: () => number

  readonly user: {login: string; id: number; type: 'User' | 'Bot'}

  readonly rateLimit: number

  readonly rateUsed = {core: 0, graphql: 0}

  readonly rateReset: number

  readonly nodes = new Map<string, {kind: 'repo' | 'pr' | 'ref' | 'commit'; repo: RepoState; key: string}>()

  readonly codeloadTokens = new Map<string, string>()

  nextId = 1000

  readonly queueTimers = new Set<NodeJS.Timeout>()

  readonly queueEntries = new Map<string, {id: string; enqueuedAt: string; state: string}>()

  readonly queueRemovals = new Map<string, {id: string; reason: string; at: string}[]>()

  lastClock = 0

  constructor(
    readonly opts: FakeGitHubOptions,
    handle: RequestHandler
  ) {
    this.validate = opts.validate ?? true
    this.prefix = (opts.apiPrefix ?? '').replace(/\/$/, '')
    this.htmlBase = (opts.htmlUrl ?? 'https://github.com').replace(/\/$/, '')
    const tokens = opts.token === undefined ? undefined : Array.isArray(opts.token) ? opts.token : [opts.token]
    this.tokens = tokens ? new Set(tokens) : undefined
    this.token = tokens?.[0] ?? 'test-token'
    this.now = opts.clock ?? Date.now
    this.user = {login: opts.user?.login ?? 'gitops-bot', id: opts.user?.id ?? 4242, type: opts.user?.type ?? 'User'}
    this.rateLimit = opts.rateLimit ?? 5000
    this.rateReset = Math.floor(this.now() / 1000) + 3600
    this.random = mulberry32(opts.seed ?? 1)
    this.app = new FakeAppSupport(opts.app, this.now)
    const self = this
    this.faults = {
      errorRate: opts.errorRate ?? 0,
      secondaryRateLimitOnce: matcher => void self.pending.push({matcher, kind: 'secondary', times: 1}),
      primaryRateLimitOnce: matcher => void self.pending.push({matcher, kind: 'primary', times: 1}),
      failNext: (matcher, status, body, o) =>
        void self.pending.push({matcher, kind: 'fail', status, body, ...fault(o)}),
      resetNext: (matcher, o) => void self.pending.push({matcher, kind: 'reset', ...fault(o)}),
      hangNext: (matcher, o) => void self.pending.push({matcher, kind: 'hang', ...fault(o)}),
      beforeWrite: hook => {
        self.hooks.add(hook)
        return () => void self.hooks.delete(hook)
      },
      beforeRead: hook => {
        self.readHooks.add(hook)
        return () => void self.readHooks.delete(hook)
      },
      clear: () => {
        self.pending.length = 0
        self.hooks.clear()
        self.readHooks.clear()
        self.faults.errorRate = 0
      }
    }
    this.server = createServer((req, res) => {
      handle(this, req, res).catch(err => {
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

  emit(e: FakeEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e)
      } catch {
        // listeners must not break the fake
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ helpers

  id(): number {
    return this.nextId++
  }

  nowIso(): string {
    // Never go back in time, so that ordering by date is stable.
    const t = Math.max(this.now(), this.lastClock)
    this.lastClock = t
    return isoSeconds(t)
  }

  key(owner: string, name: string): string {
    return `${owner}/${name}`.toLowerCase()
  }

  repoOf(owner: string, name: string): RepoState {
    const r = this.repos.get(this.key(owner, name))
    if (!r) throw new Error(`fake-github: no repository ${owner}/${name}`)
    return r
  }

  nodeId(prefix: string, kind: 'repo' | 'pr' | 'ref' | 'commit', repo: RepoState, key: string): string {
    const id = `${prefix}_kwDO${base64url(`${repo.id}:${key}`)}`
    this.nodes.set(id, {kind, repo, key})
    return id
  }

  userJson(login = this.user.login): Json {
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

  person(p?: Person): Required<Person> {
    const fallback = {name: this.user.login, email: `${this.user.id}+${this.user.login}@users.noreply.github.com`}
    return {name: p?.name ?? fallback.name, email: p?.email ?? fallback.email, date: p?.date ?? this.nowIso()}
  }

  setRef(repo: RepoState, ref: string, sha: string | undefined): void {
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
    autoMergeReady(this, repo)
  }

  /** Resolves a branch, tag, `heads/x`, `refs/heads/x`, a full or abbreviated commit SHA to a commit SHA. */
  resolveIn(repo: RepoState, ref: string): string | undefined {
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

  commitOrThrow(repo: RepoState, ref: string, status = 422): string {
    const sha = this.resolveIn(repo, ref)
    if (!sha) {
      throw status === 404 ? httpError(404, 'Not Found') : httpError(422, `No commit found for SHA: ${ref}`)
    }
    return sha
  }

  makeCommit(
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

  applyFileChanges(
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
      comments: [],
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

  comments(owner: string, name: string, issue?: number): CommentModel[] {
    return this.repoOf(owner, name).comments.filter(c => issue === undefined || c.issue === issue)
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
    return insertStatus(this, repo, full, s.state, s.context, s.description ?? null, s.targetUrl ?? null, s.creator)
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
    autoMergeReady(this, repo)
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
    autoMergeReady(this, this.repoOf(owner, name))
  }

  approvePullRequest(owner: string, name: string, number: number): void {
    this.pull(owner, name, number).approvals++
    autoMergeReady(this, this.repoOf(owner, name))
  }

  completeAutoMerge(owner: string, name: string, number: number): string {
    const repo = this.repoOf(owner, name)
    const pr = this.pull(owner, name, number)
    if (!pr.autoMerge) throw new Error(`fake-github: auto-merge is not enabled on #${number}`)
    const am = pr.autoMerge
    const result = doMerge(this, repo, pr, am.mergeMethod, {
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
    const result = doMerge(this, repo, this.pull(owner, name, number), method, {
      merger: 'octocat',
      ignoreRequirements: true
    })
    if ('error' in result) throw new Error(`fake-github: merge of #${number} failed: ${result.error.message}`)
    return result.sha
  }

  // ------------------------------------------------------------------------------------------------ HTTP

  route(method: string, template: string, area: Route['area'], handler: Route['handler']): void {
    let byMethod = this.routeTable.get(template)
    if (!byMethod) {
      byMethod = new Map()
      this.routeTable.set(template, byMethod)
      this.routes.add(template, byMethod)
    }
    byMethod.set(method, {area, handler})
  }
}
