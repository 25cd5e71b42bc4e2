// Real git objects (SHA-1 blobs, trees, commits) in memory, ancestry and a line-based three-way merge.
import {createHash} from 'node:crypto'
import type {Person} from './types.js'

export interface FileEntry {
  sha: string
  mode: string
}

export interface TreeEntry {
  name: string
  mode: string
  type: 'blob' | 'tree' | 'commit'
  sha: string
}

export interface GitCommit {
  tree: string
  parents: string[]
  author: Required<Person>
  committer: Required<Person>
  message: string
  verified: boolean
}

export type GitObject =
  {type: 'blob'; data: Buffer} | {type: 'tree'; entries: TreeEntry[]} | {type: 'commit'; commit: GitCommit}

export function gitHash(type: 'blob' | 'tree' | 'commit', content: Buffer): string {
  return createHash('sha1')
    .update(Buffer.from(`${type} ${content.length}\0`))
    .update(content)
    .digest('hex')
}

export function gitDate(iso: string): string {
  return `${Math.floor(Date.parse(iso) / 1000)} +0000`
}

export function treeSortKey(e: TreeEntry): Buffer {
  return Buffer.from(e.type === 'tree' ? `${e.name}/` : e.name)
}

export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

export class GitStore {
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
export function merge3(
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

export function lineDiffStats(a: string, b: string): {additions: number; deletions: number} {
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

// Repository state

export const FULL_SHA = /^[0-9a-f]{40}$/

export const SHORT_SHA = /^[0-9a-f]{7,40}$/
