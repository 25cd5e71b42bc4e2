// Which repository files the bump reads: the `paths` input (gitignore-style globs) intersected with manifest names.
import picomatch from 'picomatch'

/** `*.yaml`, `*.yml`, or kustomize's extension-less `Kustomization`: the files Flux's image automation reads too. */
export function isManifestPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1)
  return base.endsWith('.yaml') || base.endsWith('.yml') || base === 'Kustomization'
}

/**
 * Files of `allPaths` selected by any of `patterns`, manifests only, sorted and unique.
 * Patterns are anchored at the repository root (`apps` means `./apps`, not any folder named apps): `*` stays within
 * a segment, `**` crosses segments, a plain folder selects everything below it, `.` the whole repo, and `!pattern`
 * takes files out again.
 */
export function selectFiles(allPaths: string[], patterns: string[]): string[] {
  const include: ((path: string) => boolean)[] = []
  const exclude: ((path: string) => boolean)[] = []
  let everything = false
  for (const raw of patterns) {
    // `!pattern` excludes (as in .gitignore). Handled here: picomatch would read a leading `!` as "anything but".
    const negated = raw.trim().startsWith('!')
    const pattern = normalise(negated ? raw.trim().slice(1) : raw)
    if (pattern === undefined) continue
    if (pattern === '') {
      if (negated) return []
      everything = true
      continue
    }
    // `dot: true`: gitignore's `*` matches dot files too. The second glob makes a folder select its contents.
    ;(negated ? exclude : include).push(picomatch([pattern, `${pattern}/**`], {dot: true}))
  }
  return sortedManifests(allPaths, path => (everything || include.some(m => m(path))) && !exclude.some(m => m(path)))
}

/** Tolerates `./x`, `/x`, `x/` and surrounding blanks; `''` means the whole repo, undefined a comment/blank line. */
function normalise(raw: string): string | undefined {
  let p = raw.trim()
  if (p === '' || p.startsWith('#')) return undefined
  while (p.startsWith('./')) p = p.slice(2)
  p = p.replace(/^\/+/, '').replace(/\/+$/, '')
  return p === '.' ? '' : p
}

function sortedManifests(allPaths: string[], keep: (path: string) => boolean): string[] {
  const out = new Set<string>()
  for (const raw of allPaths) {
    const path = raw.startsWith('./') ? raw.slice(2) : raw
    if (isManifestPath(path) && keep(path)) out.add(path)
  }
  return [...out].sort()
}
