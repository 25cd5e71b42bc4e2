// The wait's reads of the gitops repo, through one conditional GET: C's ancestry at any depth (with B and the files
// touched after C), whether a descendant still holds the written values, and whether a commit is in the branch's
// history. No @actions dependency: the connector finishes handed-off waits with the same code.

import {checkHolds, type WrittenFile} from './holds.js'
import {classifyGitHubError, httpStatus} from '../classify.js'
import {COMPARE_PAGE_SIZE, createAncestry, type Ancestry, type CompareResult} from './revision.js'
import type {Supersession} from './types.js'

/**
 * One GET by octokit route, e.g. `GET /repos/{owner}/{repo}/commits/{ref}/status`, returning the parsed JSON body.
 * Callers make it conditional (If-None-Match, the cached body on 304). A failure throws an error carrying `status`
 * (number) and `response: {headers, data: {message}}`, as octokit's RequestError does.
 */
export type ConditionalGet = <T>(route: string, params: Record<string, string | number>) => Promise<T>

export const COMPARE_ROUTE = 'GET /repos/{owner}/{repo}/compare/{basehead}'
export const CONTENTS_ROUTE = 'GET /repos/{owner}/{repo}/contents/{path}'

export interface EvidenceOptions {
  get: ConditionalGet
  owner: string
  repo: string
  /** The commit that carries the change. */
  c: string
  /** The branch Flux follows. */
  branch: string
  /** The files the change wrote and the targets that wrote them (holds.ts writtenFiles). */
  written: readonly WrittenFile[]
  /**
   * Whether C itself may not hold the written values: a pull request's merge commit, when a later run of the same
   * promotion updated the shared PR with other values before it merged. C is then checked like a descendant.
   */
  checkC?: boolean
}

export interface Evidence {
  /** C, its descendants on the branch (any depth), B and the files touched after C. */
  ancestry(): Promise<Ancestry>
  /**
   * The descendants among `commits` that no longer hold the written values. Only files touched after C are re-read,
   * once per commit (commits never change).
   */
  superseded(ancestry: Ancestry, commits: Iterable<string>): Promise<Map<string, Supersession>>
  /** Whether `sha` is C or one of its ancestors (a commit of the branch's history when the change was made). */
  inHistory(sha: string): Promise<boolean>
}

interface ContentsFile {
  type?: string
  encoding?: string
  content?: string
}

export function createEvidence(opts: EvidenceOptions): Evidence {
  const at = {owner: opts.owner, repo: opts.repo}
  const repo = `${opts.owner}/${opts.repo}`
  const read = async <T>(what: string, permission: string, route: string, params: Record<string, string | number>) => {
    try {
      return await opts.get<T>(route, {...at, ...params})
    } catch (e) {
      throw classifyGitHubError(e, what, repo, permission)
    }
  }
  const ancestry = createAncestry({
    c: opts.c,
    branch: opts.branch,
    compare: (base, head, page) =>
      read<CompareResult>(`the commits after ${opts.c.slice(0, 7)} on '${head}'`, 'contents: read', COMPARE_ROUTE, {
        basehead: `${base}...${head}`,
        per_page: COMPARE_PAGE_SIZE,
        page
      })
  })

  const checked = new Map<string, Supersession | null>()
  const history = new Map<string, boolean>()
  return {
    ancestry,
    async superseded(anc, commits) {
      const out = new Map<string, Supersession>()
      const all = opts.written.map(w => w.path)
      const paths = all.filter(p => anc.touched === 'all' || anc.touched.has(p))
      const descendants = new Set(anc.commits.slice(1))
      for (const sha of new Set(commits)) {
        // C is read whole (every written file); a descendant only for the files touched after C.
        const own = sha === opts.c && opts.checkC === true
        if (!own && (!descendants.has(sha) || paths.length === 0)) continue
        let verdict = checked.get(sha)
        if (verdict === undefined) {
          const files = new Map<string, string | undefined>()
          for (const path of own ? all : paths) files.set(path, await readFileAt(opts, path, sha))
          verdict = checkHolds(sha, files, opts.written) ?? null
          checked.set(sha, verdict)
        }
        if (verdict) out.set(sha, verdict)
      }
      return out
    },
    async inHistory(sha) {
      if (sha === opts.c) return true
      let known = history.get(sha)
      if (known === undefined) {
        known = await isAncestorOfC(opts, sha)
        history.set(sha, known)
      }
      return known
    }
  }
}

/** A file's text at `ref`; undefined when it is not a file there (deleted, or a directory). */
async function readFileAt(opts: EvidenceOptions, path: string, ref: string): Promise<string | undefined> {
  try {
    const body = await opts.get<ContentsFile | unknown[]>(CONTENTS_ROUTE, {
      owner: opts.owner,
      repo: opts.repo,
      path,
      ref
    })
    if (Array.isArray(body) || body.type !== 'file') return undefined
    return Buffer.from(body.content ?? '', body.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8')
  } catch (e) {
    if (httpStatus(e) === 404) return undefined // deleted there
    throw classifyGitHubError(e, `${path} at ${ref.slice(0, 7)}`, `${opts.owner}/${opts.repo}`, 'contents: read')
  }
}

/** Whether `sha` is C or an ancestor of it, by comparing the two. */
async function isAncestorOfC(opts: EvidenceOptions, sha: string): Promise<boolean> {
  try {
    const res = await opts.get<CompareResult>(COMPARE_ROUTE, {
      owner: opts.owner,
      repo: opts.repo,
      basehead: `${sha}...${opts.c}`,
      per_page: 1
    })
    return res.status === 'ahead' || res.status === 'identical'
  } catch (e) {
    // A commit this repo does not have (another repo's, or garbage) is simply not in the history.
    if (httpStatus(e) !== 404 && httpStatus(e) !== 422)
      throw classifyGitHubError(e, `commit ${sha.slice(0, 7)}`, `${opts.owner}/${opts.repo}`, 'contents: read')
    return false
  }
}
