// Globs for `contexts` and `healthy-description`. Unlike path globs, `*` crosses `/`: Flux's contexts are
// `<kind>/<name>/<uid8>`, and `kustomization/*` must match all of them. Only `*` and `?` are special, so a context
// with brackets or braces is matched literally (picomatch would read those as classes/alternations).

/** Returns a whole-string, case-sensitive matcher: `*` = any run of characters (including `/`), `?` = one character. */
export function contextMatcher(pattern: string): (value: string) => boolean {
  let source = ''
  for (const ch of pattern) {
    if (ch === '*') source += '[\\s\\S]*'
    else if (ch === '?') source += '[\\s\\S]'
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')
  }
  // `u` so that `?` consumes one code point, not one UTF-16 half of an emoji.
  const re = new RegExp(`^${source}$`, 'u')
  return value => re.test(value)
}
