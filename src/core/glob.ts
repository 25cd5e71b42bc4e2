// Globs for `contexts` and `healthy-description`. Unlike path globs, `*` crosses `/`: Flux's contexts are
// `<kind>/<name>/<uid8>`, and `kustomization/*` must match all of them. Only `*` and `?` are special, so a context
// with brackets or braces is matched literally (picomatch would read those as classes/alternations).
//
// Patterns come from callers (action inputs, watch requests), so matching must never backtrack: a RegExp such as
// `^.*a.*a.*a...b$` takes exponential time on a long name. The greedy two-pointer match below is O(pattern x text)
// at worst and needs no memory beyond two positions to return to.

/** Longest accepted pattern, in characters; longer ones are refused where they are parsed. */
export const MAX_PATTERN_LENGTH = 256

/** Why a pattern cannot be used (too long), or undefined when it can. */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `is ${pattern.length} characters long; a pattern may have at most ${MAX_PATTERN_LENGTH}`
  }
  return undefined
}

/** Returns a whole-string, case-sensitive matcher: `*` = any run of characters (including `/`), `?` = one character. */
export function contextMatcher(pattern: string): (value: string) => boolean {
  // Code points, so that `?` consumes one character, not one UTF-16 half of an emoji.
  const p = Array.from(pattern)
  if (!p.includes('*') && !p.includes('?')) return value => value === pattern
  return value => wildcardMatch(p, Array.from(value))
}

/**
 * Greedy match with one remembered star: on a mismatch, the last `*` takes one more character and matching resumes
 * after it. Earlier stars never need revisiting, since the last one can absorb anything they could.
 */
function wildcardMatch(p: readonly string[], t: readonly string[]): boolean {
  let pi = 0
  let ti = 0
  let star = -1
  let starText = 0
  while (ti < t.length) {
    const c = p[pi]
    if (c === '*') {
      star = pi++
      starText = ti
    } else if (pi < p.length && (c === '?' || c === t[ti])) {
      pi++
      ti++
    } else if (star >= 0) {
      pi = star + 1
      ti = ++starText
    } else {
      return false
    }
  }
  while (p[pi] === '*') pi++
  return pi === p.length
}
