// The hidden marker that finds a promotion's PR comment again, on re-runs too: a hash of what identifies the
// promotion (repository, branch, pull request branch, and the names, never the versions, of what it promotes), so
// no `--` or `>` from a name can end the HTML comment early.

export interface PromotionIdentity {
  repository: string
  branch: string
  prBranch: string
  /** Image names, setter policies or chart names: what stays the same from one version to the next. */
  names: string[]
}

export function promotionKey(id: PromotionIdentity): string {
  const text = [id.repository, id.branch, id.prBranch, ...[...id.names].sort()].join('\n')
  return fnv1a64(text)
}

export function commentMarker(key: string): string {
  return `<!-- gitops-promote:${key} -->`
}

/** FNV-1a, 64 bit, as 16 hex digits: stable everywhere, no crypto needed for a lookup key. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n
  const bytes = new TextEncoder().encode(text)
  for (const b of bytes) hash = BigInt.asUintN(64, (hash ^ BigInt(b)) * 0x100000001b3n)
  return hash.toString(16).padStart(16, '0')
}
