// Which commits count for C: C itself and every commit on the branch that contains it (docs/architecture.md, "A descendant counts").
// Flux applies whatever the head is when it fetches, so a later commit D may be the only one that gets a report.

/** The part of GitHub's compare response (`GET /repos/{owner}/{repo}/compare/{base}...{head}`) used here. */
export interface CompareResult {
  /** `ahead`, `identical`, `behind` or `diverged`, from base's point of view. */
  status: string
  /** How many commits head has that base lacks, across all pages. */
  total_commits?: number
  /** The base commit itself (its first parent is B). */
  base_commit?: {sha: string; parents: {sha: string}[]}
  /** Commits reachable from head but not from base, oldest first; one page of them. */
  commits: {sha: string; parents: {sha: string}[]}[]
  /** Files changed between base and head (first page only; GitHub lists at most 300). */
  files?: {filename: string; previous_filename?: string}[]
}

/** Commits per compare page (GitHub's maximum with pagination). */
export const COMPARE_PAGE_SIZE = 100
/** GitHub lists at most this many files in a compare; a full list may have been cut. */
export const COMPARE_MAX_FILES = 300

/** What the branch says about C now. */
export interface Ancestry {
  /** `[C, ...commits containing C]`, oldest to newest (the head last). */
  commits: string[]
  /** C's first parent: the head the change was made on. */
  base?: string
  /** Files changed between C and the head; `all` when GitHub's list may be cut. */
  touched: ReadonlySet<string> | 'all'
}

/** C is no longer reachable from the branch: the wait can never succeed, so the poll loop stops at once. */
export class RevisionGoneError extends Error {
  readonly fatal = true
  constructor(message: string) {
    super(message)
    this.name = 'RevisionGoneError'
  }
}

/**
 * The commits of `compare` (C...head) that contain C, parents before children (so the head is last).
 * A commit that came in through a merge from a side branch that does not contain C is excluded.
 */
export function descendantsOf(c: string, compare: CompareResult): string[] {
  switch (compare.status) {
    case 'identical':
      return []
    case 'ahead':
      break
    case 'behind':
    case 'diverged':
      throw new RevisionGoneError(
        `Commit ${c} is not on the branch any more (the branch is ${compare.status} of it): its history was rewritten.`
      )
    default:
      throw new Error(`Unexpected compare status '${compare.status}' for ${c}.`)
  }

  // Fixpoint: a commit contains C when one of its parents is C or contains C. Iterating until nothing changes
  // makes the result independent of the list's order.
  const contains = new Set<string>([c])
  for (let changed = true; changed;) {
    changed = false
    for (const commit of compare.commits) {
      if (contains.has(commit.sha)) continue
      if (commit.parents.some(p => contains.has(p.sha))) {
        contains.add(commit.sha)
        changed = true
      }
    }
  }
  contains.delete(c)

  // Stable topological order over the kept commits: GitHub lists oldest first, but do not rely on it.
  const kept = compare.commits.filter(k => contains.has(k.sha))
  const seen = new Set<string>()
  const unique = kept.filter(k => !seen.has(k.sha) && seen.add(k.sha))
  const placed = new Set<string>()
  const out: string[] = []
  while (out.length < unique.length) {
    const before = out.length
    for (const k of unique) {
      if (placed.has(k.sha)) continue
      if (k.parents.every(p => placed.has(p.sha) || !contains.has(p.sha))) {
        placed.add(k.sha)
        out.push(k.sha)
      }
    }
    if (out.length === before) break // a cycle cannot happen in git; do not loop forever on bad input
  }
  return out
}

export interface AncestryOptions {
  c: string
  branch: string
  /** One page of compare base...head; the caller makes it conditional (ETag), returning the cached body on 304. */
  compare: (base: string, head: string, page: number) => Promise<CompareResult>
}

/**
 * Returns a function that reads C's ancestry at any depth: page 1 of the compare (which carries the total and the
 * files), then every further page. Unchanged pages cost a 304 each.
 */
export function createAncestry(opts: AncestryOptions): () => Promise<Ancestry> {
  let last: {key: string; result: Ancestry} | undefined
  return async () => {
    const first = await opts.compare(opts.c, opts.branch, 1)
    const total = first.total_commits ?? first.commits.length
    const pages = [first]
    for (let page = 2; (page - 1) * COMPARE_PAGE_SIZE < total; page++) {
      const next = await opts.compare(opts.c, opts.branch, page)
      if (next.commits.length === 0) break
      pages.push(next)
    }
    const all: CompareResult = {status: first.status, commits: pages.flatMap(p => p.commits)}
    // Same status, head and length: the list cannot have changed.
    const key = `${all.status}:${all.commits.at(-1)?.sha ?? opts.c}:${all.commits.length}`
    if (last && last.key === key) return copy(last.result)
    const files = first.files ?? []
    const touched =
      files.length >= COMPARE_MAX_FILES
        ? ('all' as const)
        : new Set(files.flatMap(f => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename])))
    const base = first.base_commit?.sha === opts.c ? first.base_commit.parents[0]?.sha : undefined
    const result: Ancestry = {commits: [opts.c, ...descendantsOf(opts.c, all)], touched, ...(base ? {base} : {})}
    last = {key, result}
    return copy(result)
  }
}

function copy(a: Ancestry): Ancestry {
  return {...a, commits: [...a.commits]}
}
