import {describe, expect, it} from '@jest/globals'
import {MAX_PATTERN_LENGTH, contextMatcher, patternProblem} from '../../src/core/glob.js'
import {mulberry32} from '../../testing/random.js'

/** The RegExp translation the matcher used to be: the reference for what matches, on inputs small enough for it. */
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

describe('contextMatcher', () => {
  it.each([
    ['*a*', 'banana', true],
    ['*an', 'banana', false],
    ['b*a', 'banana', true],
    ['b?n*', 'banana', true],
    ['**', '', true],
    ['?', '', false],
    ['?', '😀', true], // one code point
    ['??', '😀', false],
    ['a*', 'a', true],
    ['*/x', 'kustomization/apps/x', true],
    ['', '', true],
    ['', 'a', false]
  ])('%s ~ %s -> %s', (pattern, value, expected) => {
    expect(contextMatcher(pattern)(value)).toBe(expected)
  })

  it('agrees with the RegExp translation on 5,000 generated pattern/value pairs', () => {
    const random = mulberry32(19)
    const alphabet = ['a', 'b', '/', '.', '😀']
    const pick = (chars: string[], n: number): string =>
      Array.from({length: n}, () => chars[Math.floor(random() * chars.length)]).join('')
    for (let i = 0; i < 5000; i++) {
      const pattern = pick([...alphabet, '*', '?', '*'], Math.floor(random() * 8))
      const value = pick(alphabet, Math.floor(random() * 10))
      expect([pattern, value, contextMatcher(pattern)(value)]).toEqual([pattern, value, regexpMatcher(pattern)(value)])
    }
  })

  it('matches the backtracking worst case against a 10,000-character name (linear, no RegExp)', () => {
    // `*a*a*...*b`: the RegExp took 41 s on a 35-character name of `a`s.
    const pattern = `${'*a'.repeat(100)}*b`
    expect(pattern.length).toBeLessThanOrEqual(MAX_PATTERN_LENGTH)
    expect(contextMatcher(pattern)('a'.repeat(10_000))).toBe(false)
    expect(contextMatcher(pattern)(`${'a'.repeat(10_000)}b`)).toBe(true)
  })
})

describe('patternProblem', () => {
  it('accepts 256 characters and refuses 257, naming the limit', () => {
    expect(patternProblem('*'.repeat(256))).toBeUndefined()
    expect(patternProblem('x'.repeat(257))).toBe('is 257 characters long; a pattern may have at most 256')
  })
})
