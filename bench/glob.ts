// Bench: context-glob matching, the backtracking worst case `*a*a*...*b` against names of `a`s. Prints microseconds
// per match for the RegExp translation the matcher used to be (short names only: it grows exponentially) and for
// the two-pointer matcher (up to 10,000 characters).
// Build and run: npx tsc -p tsconfig.scripts.json && node build/bench/glob.js
import {pathToFileURL} from 'node:url'
import {performance} from 'node:perf_hooks'
import {contextMatcher} from '../src/core/glob.js'

/** The RegExp translation the matcher used to be, kept here only to measure what it cost. */
function regexpMatcher(pattern: string): (value: string) => boolean {
  let source = ''
  for (const ch of pattern) {
    if (ch === '*') source += '[\\s\\S]*'
    else if (ch === '?') source += '[\\s\\S]'
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')
  }
  const re = new RegExp(`^${source}$`, 'u')
  return value => re.test(value)
}

function microseconds(match: (value: string) => boolean, value: string, runs: number): number {
  const t0 = performance.now()
  for (let i = 0; i < runs; i++) match(value)
  return Math.round(((performance.now() - t0) * 1000) / runs)
}

export async function benchGlob(): Promise<Record<string, number>> {
  const worst = `${'*a'.repeat(12)}*b`
  const wide = `${'*a'.repeat(100)}*b`
  const out: Record<string, number> = {}
  for (const n of [20, 25, 30]) {
    out[`regexp ${worst.length}-char worst case, ${n}-char name (us)`] = microseconds(
      regexpMatcher(worst),
      'a'.repeat(n),
      1
    )
    out[`two-pointer ${worst.length}-char worst case, ${n}-char name (us)`] = microseconds(
      contextMatcher(worst),
      'a'.repeat(n),
      100
    )
  }
  for (const n of [1000, 10_000]) {
    out[`two-pointer ${wide.length}-char worst case, ${n}-char name (us)`] = microseconds(
      contextMatcher(wide),
      'a'.repeat(n),
      5
    )
  }
  return out
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [k, v] of Object.entries(await benchGlob())) console.log(`${k}: ${v}`)
}
