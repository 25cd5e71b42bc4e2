import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'
import {execFileSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync, mkdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {gunzipSync} from 'node:zlib'
import tarStream from 'tar-stream'
import {getOctokit} from '@actions/github'
import {gitHash, startFakeGitHub, type FakeGitHub, type FakeGitHubOptions} from '../../../testing/fake-github/index.js'
import {startFakeFlux} from '../../../testing/fake-flux.js'

const OWNER = 'acme'
const REPO = 'gitops'
const FIXED = Date.parse('2026-01-02T03:04:05Z')

interface Res {
  status: number
  headers: Headers
  json: any // eslint-disable-line @typescript-eslint/no-explicit-any
}

let fake: FakeGitHub

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const res = await fetch(`${fake.url}${path}`, {
    method,
    headers: {authorization: `token ${fake.token}`, 'content-type': 'application/json', ...headers},
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual'
  })
  const text = await res.text()
  return {status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined}
}

async function gql(query: string, variables?: Record<string, unknown>): Promise<Res> {
  const res = await fetch(fake.graphqlUrl, {
    method: 'POST',
    headers: {authorization: `bearer ${fake.token}`, 'content-type': 'application/json'},
    body: JSON.stringify({query, variables})
  })
  return {status: res.status, headers: res.headers, json: await res.json()}
}

async function start(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  fake = await startFakeGitHub({clock: () => FIXED, ...opts})
  return fake
}

const R = `/repos/${OWNER}/${REPO}`

afterEach(async () => {
  await fake?.close()
})

describe('git objects', () => {
  beforeEach(async () => {
    await start()
  })

  it('computes blob, tree and commit SHAs exactly like git', () => {
    const content = 'apiVersion: v1\nkind: ConfigMap\n'
    const expected = execFileSync('git', ['hash-object', '--stdin'], {input: content}).toString().trim()
    expect(gitHash('blob', Buffer.from(content))).toBe(expected)

    const files = {
      'apps/podinfo/kustomization.yaml': 'images: []\n',
      'README.md': '# gitops\n',
      'apps/a.yaml': 'a: 1\n'
    }
    const author = {name: 'Test', email: 'test@example.com', date: '2026-01-02T03:04:05Z'}
    const sha = fake.createRepo(OWNER, REPO, {files, author, message: 'Initial commit\n'})

    const dir = mkdtempSync(join(tmpdir(), 'fake-github-git-'))
    try {
      const git = (...args: string[]): string =>
        execFileSync('git', args, {
          cwd: dir,
          env: {
            ...process.env,
            GIT_AUTHOR_NAME: author.name,
            GIT_AUTHOR_EMAIL: author.email,
            GIT_AUTHOR_DATE: '1767323045 +0000',
            GIT_COMMITTER_NAME: author.name,
            GIT_COMMITTER_EMAIL: author.email,
            GIT_COMMITTER_DATE: '1767323045 +0000'
          }
        })
          .toString()
          .trim()
      git('init', '-q')
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), {recursive: true})
        writeFileSync(join(dir, path), text)
      }
      git('add', '-A')
      const tree = git('write-tree')
      expect(fake.log(OWNER, REPO, 'main')[0]?.tree).toBe(tree)
      expect(git('commit-tree', tree, '-m', 'Initial commit')).toBe(sha)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('builds commits through the git data API and moves refs only forward', async () => {
    const base = fake.createRepo(OWNER, REPO, {files: {'a.yaml': 'a: 1\n', 'dir/b.yaml': 'b: 1\n'}})
    const blob = await call('POST', `${R}/git/blobs`, {
      content: Buffer.from('b: 2\n').toString('base64'),
      encoding: 'base64'
    })
    expect(blob.status).toBe(201)
    expect(blob.json.sha).toBe(gitHash('blob', Buffer.from('b: 2\n')))
    const baseCommit = await call('GET', `${R}/git/commits/${base}`)
    const tree = await call('POST', `${R}/git/trees`, {
      base_tree: baseCommit.json.tree.sha,
      tree: [
        {path: 'dir/b.yaml', mode: '100644', type: 'blob', sha: blob.json.sha},
        {path: 'a.yaml', mode: '100644', type: 'blob', sha: null}
      ]
    })
    expect(tree.status).toBe(201)
    const commit = await call('POST', `${R}/git/commits`, {message: 'bump', tree: tree.json.sha, parents: [base]})
    expect(commit.status).toBe(201)
    expect(commit.json.parents).toEqual([expect.objectContaining({sha: base})])

    // Octokit encodes the slash of {ref}: heads%2Fmain.
    const octokit = getOctokit(fake.token, {baseUrl: fake.url})
    const ref = await octokit.rest.git.getRef({owner: OWNER, repo: REPO, ref: 'heads/main'})
    expect(ref.data.object.sha).toBe(base)
    const updated = await octokit.rest.git.updateRef({
      owner: OWNER,
      repo: REPO,
      ref: 'heads/main',
      sha: commit.json.sha,
      force: false
    })
    expect(updated.data.object.sha).toBe(commit.json.sha)
    expect(fake.getFile(OWNER, REPO, 'main', 'dir/b.yaml')).toBe('b: 2\n')
    expect(fake.getFile(OWNER, REPO, 'main', 'a.yaml')).toBeUndefined()

    // Another pipeline pushes; the old commit is no longer a fast-forward.
    fake.commitFiles(OWNER, REPO, 'main', {'c.yaml': 'c: 1\n'}, 'other pipeline')
    const stale = await call('POST', `${R}/git/commits`, {
      message: 'stale',
      tree: tree.json.sha,
      parents: [commit.json.sha]
    })
    const stale2 = await call('POST', `${R}/git/commits`, {message: 'stale2', tree: tree.json.sha, parents: [base]})
    expect(stale.status).toBe(201)
    const refused = await call('PATCH', `${R}/git/refs/heads/main`, {sha: stale2.json.sha, force: false})
    expect(refused.status).toBe(422)
    expect(refused.json.message).toBe('Update is not a fast forward')
    expect(fake.forcedUpdates).toEqual([])
    const forced = await call('PATCH', `${R}/git/refs/heads/main`, {sha: stale2.json.sha, force: true})
    expect(forced.status).toBe(200)
    expect(fake.forcedUpdates).toHaveLength(1)

    const created = await call('POST', `${R}/git/refs`, {ref: 'refs/heads/feature', sha: base})
    expect(created.status).toBe(201)
    const again = await call('POST', `${R}/git/refs`, {ref: 'refs/heads/feature', sha: base})
    expect(again.status).toBe(422)
    expect(again.json.message).toBe('Reference already exists')
    expect((await call('DELETE', `${R}/git/refs/heads/feature`)).status).toBe(204)
    expect((await call('GET', `${R}/git/ref/heads/feature`)).status).toBe(404)
    expect(fake.violations).toEqual([])
  })

  it('serves a GitHub-like tarball through a codeload redirect', async () => {
    const sha = fake.createRepo(OWNER, REPO, {files: {'apps/x/kustomization.yaml': 'k: 1\n', 'README.md': 'hi\n'}})
    const redirect = await call('GET', `${R}/tarball/main`)
    expect(redirect.status).toBe(302)
    const location = redirect.headers.get('location') as string
    expect(location).toContain(`/_codeload/${OWNER}/${REPO}/legacy.tar.gz/${sha}`)

    const res = await fetch(`${fake.url}${R}/tarball/main`, {headers: {authorization: `token ${fake.token}`}})
    expect(res.status).toBe(200)
    const tar = gunzipSync(Buffer.from(await res.arrayBuffer()))
    const entries: {name: string; type: string; content: string; pax?: Record<string, string>}[] = []
    await new Promise<void>((resolve, reject) => {
      const extract = tarStream.extract()
      extract.on('entry', (header, stream, next) => {
        const chunks: Buffer[] = []
        stream.on('data', (c: unknown) => void chunks.push(c as Buffer))
        stream.on('end', () => {
          entries.push({
            name: header.name,
            type: header.type ?? '',
            content: Buffer.concat(chunks).toString(),
            pax: header.pax as Record<string, string> | undefined
          })
          next()
        })
      })
      extract.on('finish', () => resolve())
      extract.on('error', reject)
      extract.end(tar)
    })
    const top = `${OWNER}-${REPO}-${sha.slice(0, 7)}/`
    expect(entries.every(e => e.name.startsWith(top))).toBe(true)
    expect(entries.find(e => e.name === `${top}apps/x/kustomization.yaml`)?.content).toBe('k: 1\n')
    expect(entries.find(e => e.name === `${top}README.md`)?.content).toBe('hi\n')
    expect(entries.filter(e => e.type === 'file').map(e => e.name)).toHaveLength(2)
    // git archive's pax global header carries the commit id.
    expect(tar.subarray(0, 17).toString()).toBe('pax_global_header')
    expect(tar.subarray(512, 512 + 52).toString()).toBe(`52 comment=${sha}\n`)
    expect(fake.violations).toEqual([])
  })
})

describe('compare, commits, statuses, check runs', () => {
  beforeEach(async () => {
    await start()
  })

  it('compares refs: ahead, behind, diverged, identical', async () => {
    const c0 = fake.createRepo(OWNER, REPO, {files: {'a.yaml': 'a: 0\n'}})
    fake.createBranch(OWNER, REPO, 'feature', c0)
    const c1 = fake.commitFiles(OWNER, REPO, 'main', {'a.yaml': 'a: 1\n'}, 'one')
    const c2 = fake.commitFiles(OWNER, REPO, 'main', {'b.yaml': 'b: 1\n'}, 'two')
    const ahead = await call('GET', `${R}/compare/${c0}...main`)
    expect(ahead.json).toMatchObject({status: 'ahead', ahead_by: 2, behind_by: 0, total_commits: 2})
    expect(ahead.json.commits.map((c: {sha: string}) => c.sha)).toEqual([c1, c2])
    expect(ahead.json.commits[1].parents).toEqual([expect.objectContaining({sha: c1})])
    expect(ahead.json.commits[0].commit.message).toBe('one')
    expect(ahead.json.merge_base_commit.sha).toBe(c0)
    expect((await call('GET', `${R}/compare/main...${c0}`)).json).toMatchObject({
      status: 'behind',
      ahead_by: 0,
      behind_by: 2
    })
    expect((await call('GET', `${R}/compare/${c2}...main`)).json.status).toBe('identical')
    fake.commitFiles(OWNER, REPO, 'feature', {'f.yaml': 'f\n'}, 'feature work')
    const diverged = await call('GET', `${R}/compare/main...feature`)
    expect(diverged.json).toMatchObject({status: 'diverged', ahead_by: 1, behind_by: 2})
    expect(diverged.json.merge_base_commit.sha).toBe(c0)
    expect(diverged.json.files.map((f: {filename: string}) => f.filename)).toEqual(['f.yaml'])

    const commit = await call('GET', `${R}/commits/main`)
    expect(commit.json).toMatchObject({sha: c2, commit: {message: 'two'}, parents: [{sha: c1}]})
    expect(commit.json.files).toEqual([expect.objectContaining({filename: 'b.yaml', status: 'added', additions: 1})])
    expect((await call('GET', `${R}/commits/nope`)).status).toBe(422)
    expect(fake.log(OWNER, REPO, 'main').map(e => e.sha)).toEqual([c2, c1, c0])
    expect(fake.isAncestor(OWNER, REPO, c0, c2)).toBe(true)
    expect(fake.violations).toEqual([])
  })

  it('answers conditional requests with 304 and sends rate-limit headers', async () => {
    const sha = fake.createRepo(OWNER, REPO)
    const first = await call('GET', `${R}/commits/${sha}/status`)
    const etag = first.headers.get('etag') as string
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/)
    expect(first.headers.get('x-ratelimit-limit')).toBe('5000')
    const remaining = Number(first.headers.get('x-ratelimit-remaining'))
    const second = await call('GET', `${R}/commits/${sha}/status`, undefined, {'if-none-match': etag})
    expect(second.status).toBe(304)
    expect(Number(second.headers.get('x-ratelimit-remaining'))).toBe(remaining)
    expect(fake.requests.at(-1)?.status).toBe(304)
    fake.addStatus(OWNER, REPO, sha, {state: 'success', context: 'kustomization/apps/0c9c2e41'})
    const third = await call('GET', `${R}/commits/${sha}/status`, undefined, {'if-none-match': etag})
    expect(third.status).toBe(200)
    expect(third.headers.get('etag')).not.toBe(etag)
  })

  it('keeps statuses and check runs like GitHub', async () => {
    const sha = fake.createRepo(OWNER, REPO)
    const ctx = 'kustomization/apps/0c9c2e41'
    expect(
      (await call('POST', `${R}/statuses/${sha}`, {state: 'failure', context: ctx, description: 'health check failed'}))
        .status
    ).toBe(201)
    expect(
      (
        await call('POST', `${R}/statuses/${sha}`, {
          state: 'success',
          context: ctx,
          description: 'reconciliation succeeded'
        })
      ).status
    ).toBe(201)
    await call('POST', `${R}/statuses/${sha}`, {state: 'pending', context: 'other'})
    const combined = await call('GET', `${R}/commits/main/status`)
    expect(combined.json).toMatchObject({state: 'pending', sha, total_count: 2})
    const mine = combined.json.statuses.find((s: {context: string}) => s.context === ctx)
    expect(mine).toMatchObject({state: 'success', description: 'reconciliation succeeded'})
    expect(mine.created_at).toBe('2026-01-02T03:04:05Z')
    const all = await call('GET', `${R}/commits/${sha}/statuses`)
    expect(all.json).toHaveLength(3)
    expect((await call('POST', `${R}/statuses/${'0'.repeat(40)}`, {state: 'success'})).status).toBe(422)

    const run = await call('POST', `${R}/check-runs`, {
      name: 'flux/apps',
      head_sha: sha,
      status: 'completed',
      conclusion: 'success',
      output: {title: 'ok', summary: 'applied'}
    })
    expect(run.status).toBe(201)
    const runs = await call('GET', `${R}/commits/${sha}/check-runs`)
    expect(runs.json.total_count).toBe(1)
    expect(runs.json.check_runs[0]).toMatchObject({
      name: 'flux/apps',
      status: 'completed',
      conclusion: 'success',
      head_sha: sha,
      output: {title: 'ok', summary: 'applied'}
    })
    expect(fake.violations).toEqual([])
  })

  it('records deployments and their statuses', async () => {
    const sha = fake.createRepo(OWNER, REPO)
    const d = await call('POST', `${R}/deployments`, {
      ref: sha,
      environment: 'staging',
      auto_merge: false,
      required_contexts: []
    })
    expect(d.status).toBe(201)
    const s = await call('POST', `${R}/deployments/${d.json.id}/statuses`, {
      state: 'in_progress',
      description: 'rolling out'
    })
    expect(s.status).toBe(201)
    await call('POST', `${R}/deployments/${d.json.id}/statuses`, {state: 'success'})
    const list = await call('GET', `${R}/deployments/${d.json.id}/statuses`)
    expect(list.json.map((x: {state: string}) => x.state)).toEqual(['success', 'in_progress'])
    expect(fake.deployments(OWNER, REPO)[0]?.environment).toBe('staging')
    // Without required_contexts GitHub checks every status context of the commit.
    fake.addStatus(OWNER, REPO, sha, {state: 'failure', context: 'ci'})
    expect((await call('POST', `${R}/deployments`, {ref: sha, environment: 'staging'})).status).toBe(409)
  })
})

describe('pull requests', () => {
  beforeEach(async () => {
    await start()
    fake.createRepo(OWNER, REPO, {files: {'apps/a.yaml': 'image: a:1\n', 'apps/b.yaml': 'image: b:1\n'}})
  })

  async function openPr(branch: string, files: Record<string, string>): Promise<number> {
    fake.createBranch(OWNER, REPO, branch)
    fake.commitFiles(OWNER, REPO, branch, files, `bump ${branch}`)
    const pr = await call('POST', `${R}/pulls`, {title: `Bump ${branch}`, head: branch, base: 'main', body: 'body'})
    expect(pr.status).toBe(201)
    return pr.json.number
  }

  it('creates, finds and refuses a duplicate pull request', async () => {
    const n = await openPr('p1', {'apps/a.yaml': 'image: a:2\n'})
    const dup = await call('POST', `${R}/pulls`, {title: 'again', head: `${OWNER}:p1`, base: 'main'})
    expect(dup.status).toBe(422)
    expect(dup.json.errors[0].message).toBe(`A pull request already exists for ${OWNER}:p1.`)
    const found = await call('GET', `${R}/pulls?state=open&head=${OWNER}:p1&base=main`)
    expect(found.json.map((p: {number: number}) => p.number)).toEqual([n])
    const pr = await call('GET', `${R}/pulls/${n}`)
    expect(pr.json).toMatchObject({
      number: n,
      state: 'open',
      merged: false,
      mergeable: true,
      mergeable_state: 'clean',
      head: {ref: 'p1', sha: fake.headOf(OWNER, REPO, 'p1')},
      base: {ref: 'main'}
    })
    expect(pr.json.node_id).toMatch(/^PR_/)
    expect(
      (await call('POST', `${R}/issues/${n}/labels`, {labels: ['gitops', 'automated']})).json.map(
        (l: {name: string}) => l.name
      )
    ).toEqual(['gitops', 'automated'])
    expect(fake.violations).toEqual([])
  })

  it('merges with a merge commit, a squash and a rebase', async () => {
    const n1 = await openPr('m1', {'apps/a.yaml': 'image: a:2\n'})
    const merged = await call('PUT', `${R}/pulls/${n1}/merge`, {merge_method: 'merge'})
    expect(merged.json).toMatchObject({merged: true, message: 'Pull Request successfully merged'})
    expect(fake.log(OWNER, REPO, 'main')[0]?.parents).toHaveLength(2)
    expect((await call('GET', `${R}/pulls/${n1}`)).json).toMatchObject({
      state: 'closed',
      merged: true,
      merge_commit_sha: merged.json.sha
    })

    const n2 = await openPr('s1', {'apps/b.yaml': 'image: b:2\n'})
    fake.commitFiles(OWNER, REPO, 's1', {'apps/c.yaml': 'image: c:1\n'}, 'second commit')
    // The base moves meanwhile, on another file: the squash applies the PR's net change on top.
    const moved = fake.commitFiles(OWNER, REPO, 'main', {'apps/z.yaml': 'z\n'}, 'other pipeline')
    const squashed = await call('PUT', `${R}/pulls/${n2}/merge`, {
      merge_method: 'squash',
      sha: fake.headOf(OWNER, REPO, 's1')
    })
    expect(squashed.status).toBe(200)
    const top = fake.log(OWNER, REPO, 'main')[0]
    expect(top?.parents).toEqual([moved])
    expect(top?.message.startsWith(`Bump s1 (#${n2})`)).toBe(true)
    expect(fake.getFile(OWNER, REPO, 'main', 'apps/b.yaml')).toBe('image: b:2\n')
    expect(fake.getFile(OWNER, REPO, 'main', 'apps/z.yaml')).toBe('z\n')

    const n3 = await openPr('r1', {'apps/a.yaml': 'image: a:3\n'})
    fake.commitFiles(OWNER, REPO, 'r1', {'apps/b.yaml': 'image: b:3\n'}, 'second')
    const before = fake.headOf(OWNER, REPO, 'main') as string
    const rebased = await call('PUT', `${R}/pulls/${n3}/merge`, {merge_method: 'rebase'})
    const log = fake.log(OWNER, REPO, 'main')
    expect(log[0]?.sha).toBe(rebased.json.sha)
    expect(log[1]?.parents).toEqual([before])
    expect(log.slice(0, 2).map(e => e.message)).toEqual(['second', 'bump r1'])
    expect(fake.pull(OWNER, REPO, n3).mergeCommitSha).toBe(rebased.json.sha)
    expect(fake.violations).toEqual([])
  })

  it('refuses a merge on a moved head, on conflicts and when blocked', async () => {
    const n = await openPr('c1', {'apps/a.yaml': 'image: a:2\n'})
    const wrong = await call('PUT', `${R}/pulls/${n}/merge`, {merge_method: 'squash', sha: 'f'.repeat(40)})
    expect(wrong.status).toBe(409)
    expect(wrong.json.message).toBe('Head branch was modified. Review and try the merge again.')
    fake.commitFiles(OWNER, REPO, 'main', {'apps/a.yaml': 'image: a:9\n'}, 'conflicting change')
    expect((await call('GET', `${R}/pulls/${n}`)).json).toMatchObject({mergeable: false, mergeable_state: 'dirty'})
    const conflict = await call('PUT', `${R}/pulls/${n}/merge`, {merge_method: 'squash'})
    expect(conflict.status).toBe(405)
    expect(conflict.json.message).toBe('Pull Request is not mergeable')

    const m = await openPr('c2', {'apps/b.yaml': 'image: b:2\n'})
    fake.setPullRequestMergeability(OWNER, REPO, m, {blocked: true})
    const blocked = await call('PUT', `${R}/pulls/${m}/merge`, {merge_method: 'merge'})
    expect(blocked.status).toBe(405)
    expect(blocked.json.message).toBe('Pull Request is not mergeable')
  })

  it('enables auto-merge only where GitHub does, and merges once ready', async () => {
    const n = await openPr('a1', {'apps/a.yaml': 'image: a:2\n'})
    const q = `query($o:String!,$r:String!,$n:Int!){ repository(owner:$o,name:$r){ pullRequest(number:$n){ id number mergeStateStatus } } }`
    const idRes = await gql(q, {o: OWNER, r: REPO, n})
    const id = idRes.json.data.repository.pullRequest.id
    expect(id).toBe(fake.pull(OWNER, REPO, n).nodeId)
    const enable = `mutation($id:ID!){ enablePullRequestAutoMerge(input:{pullRequestId:$id, mergeMethod:SQUASH}){ pullRequest { autoMergeRequest { mergeMethod } } } }`
    const notAllowed = await gql(enable, {id})
    expect(notAllowed.json.errors[0]).toMatchObject({type: 'UNPROCESSABLE'})
    expect(notAllowed.json.errors[0].message).toContain('Auto merge is not allowed for this repository')
    expect(notAllowed.json.data).toEqual({enablePullRequestAutoMerge: null})

    fake.setRepoSettings(OWNER, REPO, {allowAutoMerge: true})
    const clean = await gql(enable, {id})
    expect(clean.json.errors[0].message).toContain('Pull request is in clean status')

    fake.setRepoSettings(OWNER, REPO, {protection: {requiredStatusChecks: ['ci']}})
    expect(idRes.json.data.repository.pullRequest.mergeStateStatus).toBe('CLEAN')
    const ok = await gql(enable, {id})
    expect(ok.json.errors).toBeUndefined()
    expect(ok.json.data.enablePullRequestAutoMerge.pullRequest.autoMergeRequest).toEqual({mergeMethod: 'SQUASH'})
    // The required check passes: GitHub merges.
    fake.addStatus(OWNER, REPO, fake.headOf(OWNER, REPO, 'a1') as string, {state: 'success', context: 'ci'})
    expect(fake.pull(OWNER, REPO, n)).toMatchObject({merged: true, state: 'closed'})
    expect(fake.log(OWNER, REPO, 'main')[0]?.parents).toHaveLength(1)

    const m = await openPr('a2', {'apps/b.yaml': 'image: b:2\n'})
    const id2 = fake.pull(OWNER, REPO, m).nodeId
    expect((await gql(enable, {id: id2})).json.errors).toBeUndefined()
    const sha = fake.completeAutoMerge(OWNER, REPO, m)
    expect(fake.headOf(OWNER, REPO, 'main')).toBe(sha)
    expect(fake.violations).toEqual([])
  })
})

describe('GraphQL createCommitOnBranch', () => {
  const mutation = `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid url } } }`

  it('commits file changes and refuses stale data', async () => {
    await start()
    const head = fake.createRepo(OWNER, REPO, {files: {'a.yaml': 'a: 1\n', 'old.yaml': 'x\n'}})
    const input = (expectedHeadOid: string) => ({
      branch: {repositoryNameWithOwner: `${OWNER}/${REPO}`, branchName: 'main'},
      expectedHeadOid,
      message: {headline: 'Bump a', body: 'details'},
      fileChanges: {
        additions: [{path: 'a.yaml', contents: Buffer.from('a: 2\n').toString('base64')}],
        deletions: [{path: 'old.yaml'}]
      }
    })
    const ok = await gql(mutation, {input: input(head)})
    expect(ok.json.errors).toBeUndefined()
    const oid = ok.json.data.createCommitOnBranch.commit.oid
    expect(oid).toBe(fake.headOf(OWNER, REPO, 'main'))
    expect(ok.json.data.createCommitOnBranch.commit.url).toBe(`https://github.com/${OWNER}/${REPO}/commit/${oid}`)
    expect(fake.getFile(OWNER, REPO, 'main', 'a.yaml')).toBe('a: 2\n')
    expect(fake.getFile(OWNER, REPO, 'main', 'old.yaml')).toBeUndefined()
    expect(fake.log(OWNER, REPO, 'main')[0]?.message).toBe('Bump a\n\ndetails')

    const stale = await gql(mutation, {input: input(head)})
    expect(stale.status).toBe(200)
    expect(stale.json.data).toEqual({createCommitOnBranch: null})
    expect(stale.json.errors[0]).toMatchObject({
      type: 'STALE_DATA',
      path: ['createCommitOnBranch'],
      message: `Expected branch to point to "${head}" but it did not. Pull and try again.`
    })
    expect(fake.writes().filter(w => w.graphql?.mutation)).toHaveLength(2)
    expect(fake.violations).toEqual([])
  })

  it('lets a test push between the read and the write (beforeWrite)', async () => {
    await start()
    const head = fake.createRepo(OWNER, REPO, {files: {'a.yaml': 'a: 1\n'}})
    const off = fake.faults.beforeWrite(() => {
      fake.commitFiles(OWNER, REPO, 'main', {'b.yaml': 'b\n'}, 'racing pipeline')
      off()
    })
    const res = await gql(mutation, {
      input: {
        branch: {repositoryNameWithOwner: `${OWNER}/${REPO}`, branchName: 'main'},
        expectedHeadOid: head,
        message: {headline: 'x'},
        fileChanges: {additions: [{path: 'a.yaml', contents: Buffer.from('a: 2\n').toString('base64')}]}
      }
    })
    expect(res.json.errors[0].type).toBe('STALE_DATA')
  })
})

describe('validation against GitHub descriptions', () => {
  beforeEach(async () => {
    await start()
    fake.createRepo(OWNER, REPO)
  })

  it('flags operations that do not exist on api.github.com', async () => {
    const res = await call('GET', `${R}/git/heads/main`)
    expect(res.status).toBe(404)
    expect(fake.violations).toHaveLength(1)
    expect(fake.violations[0]?.message).toContain(`GET ${R}/git/heads/main is not an operation of api.github.com`)
    const wrongMethod = await call('PUT', `${R}/git/refs/heads/main`, {sha: 'x'})
    expect(wrongMethod.status).toBe(404)
    expect(fake.violations[1]?.message).toContain('PATCH /repos/{owner}/{repo}/git/refs/{ref}')
  })

  it('flags undeclared query parameters, body properties and wrong types', async () => {
    await call('GET', `${R}/pulls?state=open&owner_filter=x`)
    expect(fake.violations.map(v => v.message)).toEqual([
      expect.stringContaining('query parameter "owner_filter" is not declared')
    ])
    const sha = fake.headOf(OWNER, REPO, 'main')
    await call('PATCH', `${R}/git/refs/heads/main`, {sha, force: false, fast_forward: true})
    expect(fake.violations[1]?.message).toContain('body property "fast_forward" is not declared')
    const typed = await call('PATCH', `${R}/git/refs/heads/main`, {sha, force: 'no'})
    expect(typed.status).toBe(422)
    expect(fake.violations[2]?.message).toContain('"force"')
    const missing = await call('POST', `${R}/git/refs`, {ref: 'refs/heads/x'})
    expect(missing.status).toBe(422)
    expect(missing.json.message).toContain('"sha" wasn\'t supplied')
  })

  it('rejects GraphQL that does not validate against the schema', async () => {
    const res = await gql(
      `query { repository(owner: "acme", name: "gitops") { pullRequest(number: 1) { id autoMergeStatus } } }`
    )
    expect(res.status).toBe(200)
    expect(res.json.data).toBeUndefined()
    expect(res.json.errors[0].message).toBe("Field 'autoMergeStatus' doesn't exist on type 'PullRequest'")
    expect(fake.violations[0]?.message).toContain('GraphQL validation')
    await gql(`mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`)
    expect(fake.violations[1]?.message).toContain('required variable $input is missing')
  })

  it('can run without validation (validate: false)', async () => {
    await fake.close()
    await start({validate: false})
    fake.createRepo(OWNER, REPO)
    expect((await call('GET', `${R}?bogus=1`)).json.default_branch).toBe('main')
    expect((await call('GET', `${R}/made/up`)).status).toBe(404)
    expect(fake.violations).toEqual([])
  })
})

describe('auth, permissions and faults', () => {
  it('checks the token and per-repo permissions', async () => {
    await start({token: 'secret'})
    const sha = fake.createRepo(OWNER, REPO, {permissions: {contents: 'read'}})
    const res = await fetch(`${fake.url}${R}`, {headers: {authorization: 'token wrong'}})
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({message: 'Bad credentials'})
    expect((await call('GET', R)).status).toBe(200)
    const denied = await call('POST', `${R}/git/refs`, {ref: 'refs/heads/x', sha})
    expect(denied.status).toBe(403)
    expect(denied.json.message).toBe('Resource not accessible by integration')
    expect(fake.writes()).toHaveLength(1)
  })

  it('injects 502s repeatably, secondary rate limits and one-off failures', async () => {
    const statuses = async (): Promise<number[]> => {
      await start({errorRate: 0.3, seed: 7})
      fake.createRepo(OWNER, REPO)
      const out: number[] = []
      for (let i = 0; i < 20; i++) out.push((await call('GET', R)).status)
      await fake.close()
      return out
    }
    const a = await statuses()
    const b = await statuses()
    expect(a).toEqual(b)
    expect(a.filter(s => s === 502).length).toBeGreaterThan(0)
    expect(a.filter(s => s === 200).length).toBeGreaterThan(0)

    await start()
    fake.createRepo(OWNER, REPO)
    fake.faults.secondaryRateLimitOnce('GET /repos/{owner}/{repo}')
    const limited = await call('GET', R)
    expect(limited.status).toBe(403)
    expect(limited.headers.get('retry-after')).toBe('1')
    expect(limited.json.message).toContain('secondary rate limit')
    expect((await call('GET', R)).status).toBe(200)

    fake.faults.failNext(/git\/refs/, 500, {message: 'boom'})
    expect(
      (await call('POST', `${R}/git/refs`, {ref: 'refs/heads/y', sha: fake.headOf(OWNER, REPO, 'main')})).status
    ).toBe(500)
    expect(fake.headOf(OWNER, REPO, 'y')).toBeUndefined()
    fake.faults.failNext('graphql:createCommitOnBranch', 502, {message: 'Bad Gateway'}, {afterApply: true})
    const head = fake.headOf(OWNER, REPO, 'main') as string
    const res = await gql(
      `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`,
      {
        input: {
          branch: {repositoryNameWithOwner: `${OWNER}/${REPO}`, branchName: 'main'},
          expectedHeadOid: head,
          message: {headline: 'x'},
          fileChanges: {}
        }
      }
    )
    expect(res.status).toBe(502)
    expect(fake.headOf(OWNER, REPO, 'main')).not.toBe(head)
  })

  it('resets or never answers a chosen request, before or after applying it, from its n-th call', async () => {
    await start()
    fake.createRepo(OWNER, REPO)
    const R = `/repos/${OWNER}/${REPO}`
    const main = fake.headOf(OWNER, REPO, 'main') as string
    // The second matching request is reset after it was applied; the first passes.
    fake.faults.resetNext('POST /repos/{owner}/{repo}/git/refs', {afterApply: true, nth: 2})
    expect((await call('POST', `${R}/git/refs`, {ref: 'refs/heads/a', sha: main})).status).toBe(201)
    await expect(call('POST', `${R}/git/refs`, {ref: 'refs/heads/b', sha: main})).rejects.toThrow()
    expect(fake.headOf(OWNER, REPO, 'b')).toBe(main)
    // Reset before applying: nothing happened.
    fake.faults.resetNext('POST /repos/{owner}/{repo}/git/refs')
    await expect(call('POST', `${R}/git/refs`, {ref: 'refs/heads/c', sha: main})).rejects.toThrow()
    expect(fake.headOf(OWNER, REPO, 'c')).toBeUndefined()
    // A hang: no answer within the client's own deadline, while the write was applied.
    fake.faults.hangNext('POST /repos/{owner}/{repo}/git/refs', {afterApply: true})
    const hung = fetch(`${fake.url}${R}/git/refs`, {
      method: 'POST',
      headers: {authorization: `token ${fake.token}`, 'content-type': 'application/json'},
      body: JSON.stringify({ref: 'refs/heads/d', sha: main}),
      signal: AbortSignal.timeout(300)
    })
    await expect(hung).rejects.toMatchObject({name: 'TimeoutError'})
    expect(fake.headOf(OWNER, REPO, 'd')).toBe(main)
    expect(fake.requests.filter(r => r.injected).map(r => r.injected)).toEqual([
      'reset-after-apply',
      'reset',
      'hang-after-apply'
    ])
  })
})

describe('with the real client', () => {
  it('serves @actions/github octokit calls without violations', async () => {
    await start()
    const base = fake.createRepo(OWNER, REPO, {files: {'apps/a.yaml': 'image: a:1\n'}, allowAutoMerge: true})
    fake.createBranch(OWNER, REPO, 'gitops-promote/main/api')
    const head = fake.commitFiles(OWNER, REPO, 'gitops-promote/main/api', {'apps/a.yaml': 'image: a:2\n'}, 'bump')
    const octokit = getOctokit(fake.token, {baseUrl: fake.url})
    const o = {owner: OWNER, repo: REPO}
    expect((await octokit.rest.repos.get(o)).data.default_branch).toBe('main')
    const cmp = await octokit.rest.repos.compareCommitsWithBasehead({...o, basehead: `main...gitops-promote/main/api`})
    expect(cmp.data).toMatchObject({status: 'ahead', ahead_by: 1, merge_base_commit: {sha: base}})
    const tar = await octokit.rest.repos.downloadTarballArchive({...o, ref: head})
    expect(Buffer.from(tar.data as ArrayBuffer).length).toBeGreaterThan(0)
    const pr = await octokit.rest.pulls.create({...o, title: 't', head: 'gitops-promote/main/api', base: 'main'})
    const list = await octokit.rest.pulls.list({
      ...o,
      state: 'open',
      head: `${OWNER}:gitops-promote/main/api`,
      base: 'main'
    })
    expect(list.data.map(p => p.number)).toEqual([pr.data.number])
    await octokit.rest.issues.addLabels({...o, issue_number: pr.data.number, labels: ['gitops']})
    await octokit.rest.repos.createCommitStatus({...o, sha: head, state: 'success', context: 'ci', description: 'ok'})
    const combined = await octokit.rest.repos.getCombinedStatusForRef({...o, ref: head})
    expect(combined.data.statuses[0]?.context).toBe('ci')
    const etag = combined.headers.etag as string
    await expect(
      octokit.rest.repos.getCombinedStatusForRef({...o, ref: head, headers: {'if-none-match': etag}})
    ).rejects.toMatchObject({status: 304})
    expect((await octokit.rest.checks.listForRef({...o, ref: head})).data.total_count).toBe(0)
    const merged = await octokit.rest.pulls.merge({
      ...o,
      pull_number: pr.data.number,
      merge_method: 'squash',
      sha: head
    })
    expect(merged.data.merged).toBe(true)
    const d = await octokit.rest.repos.createDeployment({
      ...o,
      ref: 'main',
      environment: 'prod',
      auto_merge: false,
      required_contexts: []
    })
    await octokit.rest.repos.createDeploymentStatus({
      ...o,
      deployment_id: (d.data as {id: number}).id,
      state: 'success'
    })
    const q = await octokit.graphql<{repository: {defaultBranchRef: {target: {oid: string}}}}>(
      `query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { defaultBranchRef { name target { ... on Commit { oid } } } } }`,
      {owner: OWNER, name: REPO}
    )
    expect(q.repository.defaultBranchRef.target.oid).toBe(merged.data.sha)
    await expect(
      octokit.graphql(
        `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`,
        {
          input: {
            branch: {repositoryNameWithOwner: `${OWNER}/${REPO}`, branchName: 'main'},
            expectedHeadOid: base,
            message: {headline: 'x'},
            fileChanges: {}
          }
        }
      )
    ).rejects.toMatchObject({errors: [expect.objectContaining({type: 'STALE_DATA'})]})
    expect(fake.violations).toEqual([])
    expect(fake.unimplemented).toEqual([])
  })
})

describe('GitHub behaviours that need care', () => {
  it('computes mergeability lazily and auto-merges after N reads when configured', async () => {
    await start()
    fake.createRepo(OWNER, REPO, {
      files: {'a.yaml': 'a\n'},
      allowAutoMerge: true,
      mergeableUnknownReads: 1,
      autoMergeAfterReads: 2
    })
    fake.setRepoSettings(OWNER, REPO, {protection: {requiredApprovals: 1}})
    fake.createBranch(OWNER, REPO, 'p')
    fake.commitFiles(OWNER, REPO, 'p', {'a.yaml': 'b\n'}, 'change')
    const pr = await call('POST', `${R}/pulls`, {title: 't', head: 'p', base: 'main'})
    expect(pr.json).toMatchObject({mergeable: null, mergeable_state: 'unknown'})
    expect((await call('GET', `${R}/pulls/${pr.json.number}`)).json).toMatchObject({
      mergeable: true,
      mergeable_state: 'blocked'
    })
    const res = await gql(
      `mutation($id: ID!) { enablePullRequestAutoMerge(input: {pullRequestId: $id, mergeMethod: MERGE}) { clientMutationId } }`,
      {id: pr.json.node_id}
    )
    expect(res.json.errors).toBeUndefined()
    await call('GET', `${R}/pulls/${pr.json.number}`)
    const second = await call('GET', `${R}/pulls/${pr.json.number}`)
    expect(second.json.state).toBe('open')
    expect((await call('GET', `${R}/pulls/${pr.json.number}`)).json).toMatchObject({state: 'closed', merged: true})
  })

  it('serves a GHES-style prefix', async () => {
    await start({apiPrefix: '/api/v3'})
    fake.createRepo(OWNER, REPO)
    expect(fake.url).toMatch(/\/api\/v3$/)
    expect(fake.graphqlUrl).toMatch(/\/api\/graphql$/)
    expect((await call('GET', R)).status).toBe(200)
    expect((await gql('{ viewer { login } }')).json.data.viewer.login).toBe('gitops-bot')
    expect(fake.violations).toEqual([])
  })
})

describe('fake Flux', () => {
  it('reports on each new head after a delay, following scripts', async () => {
    await start({clock: Date.now})
    fake.createRepo(OWNER, REPO)
    const flux = startFakeFlux(fake, {
      owner: OWNER,
      repo: REPO,
      branch: 'main',
      reporters: [
        {context: 'kustomization/apps/0c9c2e41', delayMs: 20},
        {
          context: 'kustomization/infra/0c9c2e41',
          delayMs: 10,
          script: [
            {state: 'failure', description: 'health check failed'},
            {afterMs: 30, state: 'success'}
          ]
        },
        {context: 'flux/checks', via: 'check-run', when: ({index}) => index >= 1},
        {context: 'kustomization/never/0c9c2e41', never: true}
      ]
    })
    const c1 = fake.commitFiles(OWNER, REPO, 'main', {'a.yaml': 'a\n'}, 'one')
    await new Promise(r => setTimeout(r, 5))
    expect(fake.statuses(OWNER, REPO, c1)).toHaveLength(0)
    await flux.idle()
    const seen = fake.statuses(OWNER, REPO, c1).map(s => [s.context, s.state, s.description])
    expect(seen).toHaveLength(3)
    expect(seen).toEqual(
      expect.arrayContaining([
        ['kustomization/apps/0c9c2e41', 'success', 'reconciliation succeeded'],
        ['kustomization/infra/0c9c2e41', 'failure', 'health check failed'],
        ['kustomization/infra/0c9c2e41', 'success', 'reconciliation succeeded']
      ])
    )
    expect(seen.filter(x => x[0] === 'kustomization/infra/0c9c2e41').map(x => x[1])).toEqual(['failure', 'success'])
    expect(fake.checkRuns(OWNER, REPO, c1)).toHaveLength(0)
    const c2 = fake.commitFiles(OWNER, REPO, 'main', {'b.yaml': 'b\n'}, 'two')
    await flux.idle()
    expect(fake.checkRuns(OWNER, REPO, c2).map(c => [c.name, c.conclusion])).toEqual([['flux/checks', 'success']])
    const direct = await flux.report(c2, 'kustomization/extra/1', 'failure', 'build failed')
    expect(direct.httpStatus).toBe(201)
    await flux.stop()
    expect(fake.writes()).toHaveLength(0)
    expect(fake.writes({includeHelpers: true}).length).toBe(flux.reports.length)
    expect(fake.violations).toEqual([])
  })

  it('coalesces quick pushes like a Flux fetch interval, and can report on the initial head', async () => {
    await start({clock: Date.now})
    const c0 = fake.createRepo(OWNER, REPO)
    const flux = startFakeFlux(fake, {
      owner: OWNER,
      repo: REPO,
      branch: 'main',
      reportInitial: true,
      reporters: [{context: 'kustomization/apps/1', delayMs: 30, coalesce: true}]
    })
    await flux.idle()
    expect(flux.reports.map(r => r.sha)).toEqual([c0])
    fake.commitFiles(OWNER, REPO, 'main', {'a.yaml': '1\n'}, 'one')
    const c2 = fake.commitFiles(OWNER, REPO, 'main', {'a.yaml': '2\n'}, 'two')
    await flux.idle()
    // Only the newest head gets a report; it contains the first commit.
    expect(flux.reports.map(r => r.sha)).toEqual([c0, c2])
    await flux.stop()
  })
})
