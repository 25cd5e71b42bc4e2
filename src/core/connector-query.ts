// Pure: the read filter the action can ask of the connector for its context patterns, so a connector with many
// objects sends only the ones that can match. A context is `cluster/kind/namespace/name`; kind, namespace and name
// never contain `/` (Kubernetes forbids it), only the cluster may. So the last segments of a pattern, when free of
// wildcards, pin those fields whatever a `*` before them matches; the cluster is pinned only by a pattern without
// any wildcard. The server filter is a superset: the patterns are still matched on every object received.

type Field = 'cluster' | 'kind' | 'namespace' | 'name'

const hasWildcard = (s: string): boolean => s.includes('*') || s.includes('?')

/** The fields one pattern pins, or an empty object. */
export function pinnedFields(pattern: string): Partial<Record<Field, string>> {
  const segs = pattern.split('/')
  const pinned: Partial<Record<Field, string>> = {}
  const tail: Field[] = ['name', 'namespace', 'kind']
  for (const [i, field] of tail.entries()) {
    // Segment i from the end; it pins the field only when it and every later segment are literal and there is a
    // segment before it (the text must be preceded by `/`).
    const at = segs.length - 1 - i
    if (at < 1 || hasWildcard(segs[at] as string)) break
    pinned[field] = segs[at] as string
  }
  if (segs.length >= 4 && !hasWildcard(pattern)) pinned.cluster = segs.slice(0, segs.length - 3).join('/')
  return pinned
}

/**
 * The query string (with a leading `&`, or empty) for the patterns: a field is asked for only when every pattern
 * pins it, with each pattern's value as an alternative.
 */
export function filterQuery(patterns: readonly string[]): string {
  if (patterns.length === 0) return ''
  const pins = patterns.map(pinnedFields)
  const params = new URLSearchParams()
  for (const field of ['cluster', 'kind', 'namespace', 'name'] as const) {
    const values = pins.map(p => p[field])
    if (values.some(v => v === undefined || v === '')) continue
    for (const v of [...new Set(values as string[])].sort()) params.append(field, v)
  }
  const text = params.toString()
  return text === '' ? '' : `&${text}`
}
