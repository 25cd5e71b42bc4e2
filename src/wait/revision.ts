// Which commits count for C: C itself and every commit on the branch that contains it (docs/architecture.md, "A descendant counts").
// Flux applies whatever the head is when it fetches, so a later commit D may be the only one that gets a report.

/** The part of GitHub's compare response (`GET /repos/{owner}/{repo}/compare/{base}...{head}`) used here. */
export interface CompareResult {
  /** `ahead`, `identical`, `behind` or `diverged`, from base's point of view. */
  status: string
  /** Commits reachable from head but not from base, oldest first. */
  commits: {sha: string; parents: {sha: string}[]}[]
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
  /** Compare base...head; the caller makes it conditional (ETag), returning the cached body on 304. */
  compare: (base: string, head: string) => Promise<CompareResult>
}

/** Returns a function that reads `[C, ...commits containing C]`, oldest to newest. */
export function createAncestry(opts: AncestryOptions): () => Promise<string[]> {
  let last: {response: CompareResult; key: string; commits: string[]} | undefined
  return async () => {
    const response = await opts.compare(opts.c, opts.branch)
    // Same body (a 304) or same head: the list cannot have changed.
    const key = `${response.status}:${response.commits.at(-1)?.sha ?? opts.c}:${response.commits.length}`
    if (last && (last.response === response || last.key === key)) return [...last.commits]
    const commits = [opts.c, ...descendantsOf(opts.c, response)]
    last = {response, key, commits}
    return [...commits]
  }
}
