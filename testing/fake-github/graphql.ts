// GraphQL: the queries and mutations the action sends, resolved over the same model as REST.
import {execute, type ExecutionResult} from 'graphql'
import {checkGraphQLRequest, getGitHubSchema} from '../graphql-schema.js'
import {GraphQLFailure, type Answer, takeFault, faultAnswer, violation, authenticate, injectBefore} from './faults.js'
import {base64url} from './encoding.js'
import {requireWrite, resolveNode, repositoryNode, refNode, commitNode, pullNode} from './graphql-nodes.js'
import {queueMutations} from './graphql-queue.js'
import {enqueue} from './merge-queue.js'
import type {RepoState, FakeGitHubImpl} from './model.js'
import {pullHeadSha, mergeability, queueOf, doMerge} from './pull-merge.js'
import {directCommitRefusal} from './rest/repos.js'
import type {Json, RequestInfo, RecordedRequest, PullRequestModel, MergeMethod} from './types.js'

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
