// REST: git data (refs, commits, trees, blobs), contents, compare and tarballs.
import {randomBytes} from 'node:crypto'
import {gzipSync} from 'node:zlib'
import tarStream from 'tar-stream'
import {httpError, validationFailed, type Answer, type RouteContext} from '../faults.js'
import {type FileEntry, type GitCommit, lineDiffStats} from '../git-store.js'
import {base64url} from '../encoding.js'
import type {RepoState, FakeGitHubImpl} from '../model.js'
import {paginate} from '../paging.js'
import type {Json} from '../types.js'
import {repoUrl, htmlRepo} from './repos.js'

/** A ustar block of type 'g' (pax global header) carrying `comment=<commit>`, as `git archive` writes first. */
export function paxGlobalHeader(sha: string, mtime: Date): Buffer {
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

export function refJson(gh: FakeGitHubImpl, repo: RepoState, ref: string, sha: string): Json {
  const url = repoUrl(gh, repo)
  return {
    ref,
    node_id: `REF_kwDO${base64url(`${repo.id}:${ref}`)}`,
    url: `${url}/git/${ref}`,
    object: {sha, type: 'commit', url: `${url}/git/commits/${sha}`}
  }
}

export function verification(gh: FakeGitHubImpl, repo: RepoState, sha: string): Json {
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

export function gitCommitJson(gh: FakeGitHubImpl, repo: RepoState, sha: string): Json {
  const c = repo.git.commit(sha) as GitCommit
  const url = repoUrl(gh, repo)
  return {
    sha,
    node_id: `C_kwDO${base64url(`${repo.id}:${sha}`)}`,
    url: `${url}/git/commits/${sha}`,
    html_url: `${htmlRepo(gh, repo)}/commit/${sha}`,
    author: {...c.author},
    committer: {...c.committer},
    message: c.message,
    tree: {sha: c.tree, url: `${url}/git/trees/${c.tree}`},
    parents: c.parents.map(p => ({
      sha: p,
      url: `${url}/git/commits/${p}`,
      html_url: `${htmlRepo(gh, repo)}/commit/${p}`
    })),
    verification: verification(gh, repo, sha)
  }
}

export function commitJson(gh: FakeGitHubImpl, repo: RepoState, sha: string, withFiles: boolean): Json {
  const c = repo.git.commit(sha) as GitCommit
  const url = repoUrl(gh, repo)
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
      verification: verification(gh, repo, sha)
    },
    url: `${url}/commits/${sha}`,
    html_url: `${htmlRepo(gh, repo)}/commit/${sha}`,
    comments_url: `${url}/commits/${sha}/comments`,
    author: null,
    committer: null,
    parents: c.parents.map(p => ({
      sha: p,
      url: `${url}/commits/${p}`,
      html_url: `${htmlRepo(gh, repo)}/commit/${p}`
    }))
  }
  if (withFiles) {
    const parent = c.parents[0]
    const files = fileDiffs(gh, repo, parent ? repo.git.filesOf(parent) : new Map(), repo.git.flatten(c.tree), sha)
    out.files = files
    const additions = files.reduce((n: number, f: Json) => n + f.additions, 0)
    const deletions = files.reduce((n: number, f: Json) => n + f.deletions, 0)
    out.stats = {total: additions + deletions, additions, deletions}
  }
  return out
}

export function fileDiffs(
  gh: FakeGitHubImpl,
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
      blob_url: `${htmlRepo(gh, repo)}/blob/${ref}/${path}`,
      raw_url: `${htmlRepo(gh, repo)}/raw/${ref}/${path}`,
      contents_url: `${repoUrl(gh, repo)}/contents/${path}?ref=${ref}`
    })
  }
  return out
}

export function registerGitRoutes(gh: FakeGitHubImpl): void {
  const R = '/repos/{owner}/{repo}'
  const ok = (body: Json, status = 200, headers?: Record<string, string>): Answer => ({status, body, headers})
  // --- refs
  const getRef = ({repo, params}: RouteContext): Answer => {
    const ref = `refs/${params.ref}`
    const sha = repo.refs.get(ref)
    if (!sha) throw httpError(404, 'Not Found')
    return ok(refJson(gh, repo, ref, sha))
  }
  gh.route('GET', `${R}/git/ref/{ref}`, 'contents', getRef)
  gh.route('POST', `${R}/git/refs`, 'contents', ({repo, body, record}) => {
    const ref = String(body.ref ?? '')
    if (!ref.startsWith('refs/') || ref.split('/').length < 3) {
      throw httpError(422, "Reference name must start with 'refs/' and have at least two slashes.")
    }
    if (repo.refs.has(ref)) throw httpError(422, 'Reference already exists')
    if (!repo.git.objects.has(String(body.sha))) throw httpError(422, 'Object does not exist')
    if (!repo.git.commit(String(body.sha)) && ref.startsWith('refs/heads/'))
      throw httpError(422, 'Object is not a commit')
    gh.setRef(repo, ref, body.sha)
    void record
    const json = refJson(gh, repo, ref, body.sha)
    return ok(json, 201, {location: json.url})
  })
  gh.route('PATCH', `${R}/git/refs/{ref}`, 'contents', ({repo, params, body, record}) => {
    const ref = `refs/${params.ref}`
    const current = repo.refs.get(ref)
    if (!current) throw httpError(422, 'Reference does not exist')
    const sha = String(body.sha)
    if (!repo.git.commit(sha)) throw httpError(422, 'Object does not exist')
    if (body.force === true) {
      gh.forcedUpdates.push({owner: repo.owner, repo: repo.name, ref, sha, requestId: record.id})
    } else if (!repo.git.isAncestor(current, sha)) {
      throw httpError(422, 'Update is not a fast forward')
    }
    gh.setRef(repo, ref, sha)
    return ok(refJson(gh, repo, ref, sha))
  })
  gh.route('DELETE', `${R}/git/refs/{ref}`, 'contents', ({repo, params}) => {
    const ref = `refs/${params.ref}`
    if (!repo.refs.has(ref)) throw httpError(422, 'Reference does not exist')
    gh.setRef(repo, ref, undefined)
    return {status: 204}
  })

  // --- commits
  gh.route('GET', `${R}/commits/{ref}`, 'contents', ({repo, params}) =>
    ok(commitJson(gh, repo, gh.commitOrThrow(repo, params.ref as string), true))
  )
  gh.route('GET', `${R}/commits`, 'contents', ctx => {
    const {repo, query} = ctx
    const start = gh.commitOrThrow(repo, query.get('sha') ?? repo.defaultBranch, 404)
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
      paginate(gh, ctx, list, headers).map(sha => commitJson(gh, repo, sha, false)),
      200,
      headers
    )
  })
  gh.route('GET', `${R}/git/commits/{commit_sha}`, 'contents', ({repo, params}) => {
    if (!repo.git.commit(params.commit_sha as string)) throw httpError(404, 'Not Found')
    return ok(gitCommitJson(gh, repo, params.commit_sha as string))
  })
  gh.route('POST', `${R}/git/commits`, 'contents', ({repo, body}) => {
    const tree = String(body.tree ?? '')
    if (!repo.git.tree(tree)) throw httpError(422, 'Tree SHA does not exist')
    const parents: string[] = Array.isArray(body.parents) ? body.parents.map(String) : []
    for (const p of parents)
      if (!repo.git.commit(p)) throw httpError(422, 'Parent SHA does not exist or is not a commit object')
    const author = gh.person(body.author ?? undefined)
    const sha = repo.git.putCommit({
      tree,
      parents,
      author,
      committer: body.committer ? gh.person(body.committer) : author,
      message: String(body.message ?? ''),
      verified: false
    })
    const json = gitCommitJson(gh, repo, sha)
    return ok(json, 201, {location: json.url})
  })
  gh.route('POST', `${R}/git/blobs`, 'contents', ({repo, body}) => {
    const encoding = body.encoding ?? 'utf-8'
    if (encoding !== 'utf-8' && encoding !== 'base64') throw httpError(422, `encoding must be utf-8 or base64`)
    const data =
      encoding === 'base64' ? Buffer.from(String(body.content), 'base64') : Buffer.from(String(body.content), 'utf8')
    const sha = repo.git.putBlob(data)
    const url = `${repoUrl(gh, repo)}/git/blobs/${sha}`
    return ok({url, sha}, 201, {location: url})
  })
  gh.route('POST', `${R}/git/trees`, 'contents', ({repo, body}) => {
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
    const json = treeJson(gh, repo, sha, false)
    return ok(json, 201, {location: json.url})
  })
  gh.route('GET', `${R}/contents/{path}`, 'contents', ({repo, params, query}) => {
    const sha = gh.commitOrThrow(repo, query.get('ref') ?? repo.defaultBranch, 404)
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
      url: `${repoUrl(gh, repo)}/contents/${p}?ref=${ref}`,
      git_url: e ? `${repoUrl(gh, repo)}/git/blobs/${e.sha}` : null,
      html_url: `${htmlRepo(gh, repo)}/blob/${ref}/${p}`,
      download_url: type === 'file' ? `https://raw.githubusercontent.com/${repo.owner}/${repo.name}/${ref}/${p}` : null
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
  gh.route('GET', `${R}/tarball/{ref}`, 'contents', ({repo, params}) => {
    const sha = gh.resolveIn(repo, params.ref as string)
    if (!sha) throw httpError(404, 'Not Found')
    const token = randomBytes(12).toString('hex')
    gh.codeloadTokens.set(token, `${repo.owner}/${repo.name}`)
    const location = `${gh.origin}/_codeload/${repo.owner}/${repo.name}/legacy.tar.gz/${sha}?token=${token}`
    return {status: 302, headers: {location}}
  })

  // --- compare
  const compare = (ctx: RouteContext, baseRef: string, headRef: string): Answer => {
    const {repo} = ctx
    const strip = (r: string): string => (r.includes(':') && !r.startsWith('refs') ? r.slice(r.indexOf(':') + 1) : r)
    const base = gh.resolveIn(repo, strip(baseRef))
    const head = gh.resolveIn(repo, strip(headRef))
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
    const page = paginated ? paginate(gh, ctx, ahead, headers, 30, 100) : ahead.slice(0, 250)
    const firstPage = Number(ctx.query.get('page') ?? 1) <= 1
    const url = `${repoUrl(gh, repo)}/compare/${baseRef}...${headRef}`
    const html = `${htmlRepo(gh, repo)}/compare/${baseRef}...${headRef}`
    return ok(
      {
        url,
        html_url: html,
        permalink_url: `${htmlRepo(gh, repo)}/compare/${repo.owner}:${base.slice(0, 7)}...${repo.owner}:${head.slice(0, 7)}`,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        base_commit: commitJson(gh, repo, base, false),
        merge_base_commit: commitJson(gh, repo, mb, false),
        status,
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits: page.map(s => commitJson(gh, repo, s, false)),
        ...(firstPage
          ? {files: fileDiffs(gh, repo, repo.git.filesOf(mb), repo.git.filesOf(head), head).slice(0, 300)}
          : {})
      },
      200,
      headers
    )
  }
  gh.route('GET', `${R}/compare/{basehead}`, 'contents', ctx => {
    const bh = ctx.params.basehead as string
    const i = bh.indexOf('...')
    if (i < 0) throw httpError(404, 'Not Found')
    return compare(ctx, bh.slice(0, i), bh.slice(i + 3))
  })
  gh.route('GET', `${R}/compare/{base}...{head}`, 'contents', ctx =>
    compare(ctx, ctx.params.base as string, ctx.params.head as string)
  )
}

export function treeJson(gh: FakeGitHubImpl, repo: RepoState, sha: string, recursive: boolean): Json {
  const url = repoUrl(gh, repo)
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

export async function codeload(gh: FakeGitHubImpl, url: URL): Promise<Answer> {
  const m = /^\/_codeload\/([^/]+)\/([^/]+)\/legacy\.tar\.gz\/(.+)$/.exec(url.pathname)
  const token = url.searchParams.get('token') ?? ''
  if (!m || gh.codeloadTokens.get(token)?.toLowerCase() !== `${m[1]}/${m[2]}`.toLowerCase()) {
    return {status: 404, raw: Buffer.from('Not Found'), headers: {'content-type': 'text/plain; charset=utf-8'}}
  }
  const repo = gh.repoOf(m[1] as string, m[2] as string)
  const sha = gh.resolveIn(repo, decodeURIComponent(m[3] as string))
  if (!sha) return {status: 404, raw: Buffer.from('Not Found'), headers: {'content-type': 'text/plain; charset=utf-8'}}
  const raw = await tarball(gh, repo, sha)
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
export async function tarball(gh: FakeGitHubImpl, repo: RepoState, sha: string): Promise<Buffer> {
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
