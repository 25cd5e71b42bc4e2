// GraphQL: the queries and mutations the action sends, resolved over the same model as REST.
import {execute, type ExecutionResult} from 'graphql'
import {checkGraphQLRequest, getGitHubSchema} from '../graphql-schema.js'
import {GraphQLFailure, type Answer, takeFault, faultAnswer, violation, authenticate, injectBefore} from './faults.js'
import type {GitCommit} from './git-store.js'
import {queueOf, enqueue, queueFields, queueMutations} from './merge-queue.js'
import {type RepoState, base64url, type FakeGitHubImpl} from './model.js'
import {pullHeadSha, mergeability, countPullRead, doMerge} from './rest/pulls.js'
import {htmlRepo, directCommitRefusal} from './rest/repos.js'
import type {Json, PermissionArea, RequestInfo, RecordedRequest, PullRequestModel, MergeMethod} from './types.js'

// ------------------------------------------------------------------------------------------------ GraphQL

export async function handleGraphQL(
  gh: FakeGitHubImpl,
  method: string,
  body: Json,
  headers: Record<string, string>,
  record: RecordedRequest
): Promise<Answer> {
  const unauthorized = authenticate(gh, headers)
  if (unauthorized) {
    return {status: 401, body: {message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql'}}
  }
  if (method !== 'POST') {
    violation(gh, record, `${method} /graphql: GitHub's GraphQL API only takes POST`)
    return {status: 404, body: {message: 'Not Found', documentation_url: 'https://docs.github.com/graphql'}}
  }
  const schema = gh.validate ? getGitHubSchema() : undefined
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
  const injected = injectBefore(gh, info, record, 'graphql')
  if (injected) return injected
  if (gh.validate) for (const v of check.violations) violation(gh, record, v)
  const blocking = gh.validate ? check.errors : check.document ? [] : check.errors
  if (blocking.length || !check.document) {
    record.graphql.errors = blocking
    return {status: 200, body: {errors: blocking}}
  }
  if (mutation && !record.client) for (const hook of [...gh.hooks]) await hook(info)
  const result = (await execute({
    schema: getGitHubSchema(),
    document: check.document,
    rootValue: graphqlRoot(gh),
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
    if (result.data === undefined && gh.validate) violation(gh, record, `GraphQL: ${result.errors[0]?.message}`)
  }
  const after = record.client ? undefined : takeFault(gh, info, true)
  if (after) {
    record.injected = `${after.kind}-after-apply`
    return faultAnswer(gh, after)
  }
  return {status: 200, body: out}
}

export function requireWrite(gh: FakeGitHubImpl, repo: RepoState, area: PermissionArea): void {
  if (repo.permissions[area] !== 'write')
    throw new GraphQLFailure('FORBIDDEN', 'Resource not accessible by integration')
}

export function graphqlRoot(gh: FakeGitHubImpl): Json {
  const findRepo = (nameWithOwner: string): RepoState => {
    const repo = gh.repos.get(nameWithOwner.toLowerCase())
    if (!repo)
      throw new GraphQLFailure('NOT_FOUND', `Could not resolve to a Repository with the name '${nameWithOwner}'.`)
    return repo
  }
  const pullByNode = (id: string): {repo: RepoState; pr: PullRequestModel} => {
    const node = gh.nodes.get(id)
    const pr = node?.kind === 'pr' ? node.repo.pulls.find(p => String(p.number) === node.key) : undefined
    if (!node || !pr) throw new GraphQLFailure('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`)
    return {repo: node.repo, pr}
  }
  return {
    viewer: () => ({
      __typename: 'User',
      login: gh.user.login,
      id: `U_kgDO${base64url(String(gh.user.id))}`,
      databaseId: gh.user.id
    }),
    rateLimit: () => ({
      limit: gh.rateLimit,
      remaining: gh.rateLimit - gh.rateUsed.graphql,
      used: gh.rateUsed.graphql,
      cost: 1,
      resetAt: new Date(gh.rateReset * 1000).toISOString(),
      nodeCount: 1
    }),
    repository: ({owner, name}: {owner: string; name: string}) => repositoryNode(gh, findRepo(`${owner}/${name}`)),
    node: ({id}: {id: string}) => resolveNode(gh, id),
    nodes: ({ids}: {ids: string[]}) => ids.map(id => resolveNode(gh, id)),
    createCommitOnBranch: ({input}: {input: Json}) => {
      const b = input.branch ?? {}
      let repo: RepoState
      let branch: string
      if (b.id) {
        const node = gh.nodes.get(b.id)
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
      requireWrite(gh, repo, 'contents')
      const ref = `refs/heads/${branch}`
      const refused = directCommitRefusal(gh, repo, branch)
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
      const sha = gh.makeCommit(
        repo,
        files,
        [head],
        message,
        undefined,
        {name: 'GitHub', email: 'noreply@github.com'},
        true
      )
      gh.setRef(repo, ref, sha)
      return {
        clientMutationId: input.clientMutationId ?? null,
        commit: commitNode(gh, repo, sha),
        ref: refNode(gh, repo, ref)
      }
    },
    enablePullRequestAutoMerge: ({input}: {input: Json}) => {
      const {repo, pr} = pullByNode(String(input.pullRequestId))
      requireWrite(gh, repo, 'pull_requests')
      if (!repo.allowAutoMerge)
        throw new GraphQLFailure('UNPROCESSABLE', 'Auto merge is not allowed for this repository')
      if (pr.state !== 'open') throw new GraphQLFailure('UNPROCESSABLE', 'Pull request is closed')
      if (input.expectedHeadOid && input.expectedHeadOid !== pullHeadSha(gh, repo, pr)) {
        throw new GraphQLFailure('UNPROCESSABLE', 'Pull request head sha did not match expected head sha')
      }
      // GitHub computes the real state here, even while REST still answers `unknown`.
      const m = mergeability(gh, repo, pr, false, true)
      const queued = ['clean', 'unstable', 'has_hooks'].includes(m.state) && queueOf(gh, repo, pr)
      if (!queued && ['clean', 'unstable', 'has_hooks', 'dirty'].includes(m.state)) {
        throw new GraphQLFailure('UNPROCESSABLE', `Pull request Pull request is in ${m.state} status`)
      }
      const method = String(input.mergeMethod ?? 'MERGE').toLowerCase() as MergeMethod
      pr.autoMerge = {
        mergeMethod: method,
        enabledAt: gh.nowIso(),
        enabledBy: gh.user.login,
        commitHeadline: input.commitHeadline ?? undefined,
        commitBody: input.commitBody ?? undefined
      }
      pr.readsSinceAutoMerge = 0
      if (queued) enqueue(gh, repo, pr)
      return {
        clientMutationId: input.clientMutationId ?? null,
        pullRequest: pullNode(gh, repo, pr),
        actor: graphqlRoot(gh).viewer()
      }
    },
    ...queueMutations(gh),
    disablePullRequestAutoMerge: ({input}: {input: Json}) => {
      const {repo, pr} = pullByNode(String(input.pullRequestId))
      requireWrite(gh, repo, 'pull_requests')
      pr.autoMerge = null
      return {
        clientMutationId: input.clientMutationId ?? null,
        pullRequest: pullNode(gh, repo, pr),
        actor: graphqlRoot(gh).viewer()
      }
    },
    mergePullRequest: ({input}: {input: Json}) => {
      const {repo, pr} = pullByNode(String(input.pullRequestId))
      requireWrite(gh, repo, 'contents')
      const r = doMerge(gh, repo, pr, String(input.mergeMethod ?? 'MERGE').toLowerCase() as MergeMethod, {
        title: input.commitHeadline ?? undefined,
        message: input.commitBody ?? undefined,
        sha: input.expectedHeadOid ?? undefined,
        merger: gh.user.login
      })
      if ('error' in r) throw new GraphQLFailure('UNPROCESSABLE', String(r.error.body.message))
      return {
        clientMutationId: input.clientMutationId ?? null,
        pullRequest: pullNode(gh, repo, pr),
        actor: graphqlRoot(gh).viewer()
      }
    }
  }
}

export function resolveNode(gh: FakeGitHubImpl, id: string): Json {
  const node = gh.nodes.get(id)
  if (!node) return null
  if (node.kind === 'repo') return repositoryNode(gh, node.repo)
  if (node.kind === 'ref') return refNode(gh, node.repo, node.key)
  if (node.kind === 'commit') return commitNode(gh, node.repo, node.key)
  const pr = node.repo.pulls.find(p => String(p.number) === node.key)
  return pr ? pullNode(gh, node.repo, pr) : null
}

export function repositoryNode(gh: FakeGitHubImpl, repo: RepoState): Json {
  return {
    __typename: 'Repository',
    id: repo.nodeId,
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: `${repo.owner}/${repo.name}`,
    owner: {__typename: 'User', login: repo.owner, id: `U_kgDO${base64url(repo.owner)}`},
    url: htmlRepo(gh, repo),
    isPrivate: repo.private,
    autoMergeAllowed: repo.allowAutoMerge,
    mergeCommitAllowed: repo.allowMergeCommit,
    squashMergeAllowed: repo.allowSquashMerge,
    rebaseMergeAllowed: repo.allowRebaseMerge,
    deleteBranchOnMerge: repo.deleteBranchOnMerge,
    viewerPermission: repo.permissions.contents === 'write' ? 'WRITE' : 'READ',
    defaultBranchRef: () => refNode(gh, repo, `refs/heads/${repo.defaultBranch}`),
    ref: ({qualifiedName}: {qualifiedName: string}) => {
      const full = qualifiedName.startsWith('refs/') ? qualifiedName : `refs/heads/${qualifiedName}`
      return repo.refs.has(full) ? refNode(gh, repo, full) : null
    },
    object: ({oid, expression}: {oid?: string; expression?: string}) => {
      const sha = oid ?? (expression ? gh.resolveIn(repo, expression) : undefined)
      return sha && repo.git.commit(sha) ? commitNode(gh, repo, sha) : null
    },
    pullRequest: ({number}: {number: number}) => {
      const pr = repo.pulls.find(p => p.number === number)
      if (!pr) throw new GraphQLFailure('NOT_FOUND', `Could not resolve to a PullRequest with the number of ${number}.`)
      countPullRead(gh, repo, pr)
      return pullNode(gh, repo, pr)
    }
  }
}

export function refNode(gh: FakeGitHubImpl, repo: RepoState, ref: string): Json {
  const sha = repo.refs.get(ref)
  if (!sha) return null
  return {
    __typename: 'Ref',
    id: gh.nodeId('REF', 'ref', repo, ref),
    name: ref.replace(/^refs\/(heads|tags)\//, ''),
    prefix: ref.startsWith('refs/tags/') ? 'refs/tags/' : 'refs/heads/',
    target: commitNode(gh, repo, sha),
    repository: () => repositoryNode(gh, repo)
  }
}

export function commitNode(gh: FakeGitHubImpl, repo: RepoState, sha: string): Json {
  const c = repo.git.commit(sha) as GitCommit
  const [headline, ...rest] = c.message.split('\n')
  return {
    __typename: 'Commit',
    id: gh.nodeId('C', 'commit', repo, sha),
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    url: `${htmlRepo(gh, repo)}/commit/${sha}`,
    commitUrl: `${htmlRepo(gh, repo)}/commit/${sha}`,
    message: c.message,
    messageHeadline: headline,
    messageBody: rest.join('\n').replace(/^\n+/, ''),
    committedDate: c.committer.date,
    authoredDate: c.author.date,
    pushedDate: null,
    parents: () => ({
      totalCount: c.parents.length,
      nodes: c.parents.map(p => commitNode(gh, repo, p)),
      edges: c.parents.map(p => ({cursor: p, node: commitNode(gh, repo, p)}))
    }),
    tree: {__typename: 'Tree', oid: c.tree, id: `T_kwDO${base64url(c.tree)}`},
    repository: () => repositoryNode(gh, repo)
  }
}

export function pullNode(gh: FakeGitHubImpl, repo: RepoState, pr: PullRequestModel): Json {
  let memo: {mergeable: boolean | null; state: string} | undefined
  const m = (): {mergeable: boolean | null; state: string} => (memo ??= mergeability(gh, repo, pr, true))
  return {
    __typename: 'PullRequest',
    id: pr.nodeId,
    databaseId: pr.id,
    number: pr.number,
    title: pr.title,
    body: pr.body ?? '',
    url: `${htmlRepo(gh, repo)}/pull/${pr.number}`,
    state: pr.merged ? 'MERGED' : pr.state === 'open' ? 'OPEN' : 'CLOSED',
    closed: pr.state === 'closed',
    merged: pr.merged,
    mergedAt: pr.mergedAt,
    isDraft: pr.draft,
    createdAt: pr.createdAt,
    updatedAt: pr.updatedAt,
    headRefName: pr.headRef,
    headRefOid: pullHeadSha(gh, repo, pr),
    baseRefName: pr.baseRef,
    baseRefOid: repo.refs.get(`refs/heads/${pr.baseRef}`) ?? '',
    mergeCommit: () => (pr.mergeCommitSha ? commitNode(gh, repo, pr.mergeCommitSha) : null),
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
    repository: () => repositoryNode(gh, repo),
    ...queueFields(gh, repo, pr)
  }
}
