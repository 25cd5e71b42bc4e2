import {describe, expect, it} from '@jest/globals'
import {createAncestry, descendantsOf, RevisionGoneError, type CompareResult} from '../../src/wait/revision.js'

const sha = (ch: string) => ch.repeat(40)
const [A, C, D, E, M, S1, S2, H] = ['a', 'c', 'd', 'e', '1', '2', '3', '4'].map(sha) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string
]
const commit = (s: string, ...parents: string[]) => ({sha: s, parents: parents.map(p => ({sha: p}))})

describe('descendantsOf', () => {
  it('linear history: every commit after C, oldest first', () => {
    expect(descendantsOf(C, {status: 'ahead', commits: [commit(D, C), commit(E, D)]})).toEqual([D, E])
  })

  it('merge commit: the side branch that does not contain C is excluded, the merge is kept', () => {
    // A - C - D ------ M - H
    //  \              /
    //   S1 -------- S2
    const compare: CompareResult = {
      status: 'ahead',
      commits: [commit(S1, A), commit(D, C), commit(S2, S1), commit(M, D, S2), commit(H, M)]
    }
    expect(descendantsOf(C, compare)).toEqual([D, M, H])
  })

  it('does not depend on the order of the list (fixpoint) and puts parents first', () => {
    const compare: CompareResult = {
      status: 'ahead',
      commits: [commit(H, M), commit(M, D, S2), commit(S2, S1), commit(D, C), commit(S1, A)]
    }
    expect(descendantsOf(C, compare)).toEqual([D, M, H])
  })

  it('identical: no descendants', () => {
    expect(descendantsOf(C, {status: 'identical', commits: []})).toEqual([])
  })

  it.each(['diverged', 'behind'])('%s: C is not on the branch any more (fatal)', status => {
    const run = () => descendantsOf(C, {status, commits: [commit(D, A)]})
    expect(run).toThrow(RevisionGoneError)
    expect(run).toThrow(/not on the branch any more.*rewritten/)
    try {
      run()
    } catch (error) {
      expect((error as {fatal?: boolean}).fatal).toBe(true)
    }
  })
})

describe('createAncestry', () => {
  it('returns [C, ...descendants], compares C with the branch each time, computes once per response', async () => {
    const calls: string[][] = []
    const first: CompareResult = {status: 'ahead', commits: [commit(D, C)]}
    let response = first
    let parentsRead = 0
    const spy = (r: CompareResult): CompareResult => ({
      status: r.status,
      commits: r.commits.map(k => ({
        sha: k.sha,
        get parents() {
          parentsRead++
          return k.parents
        }
      }))
    })
    response = spy(first)
    const ancestry = createAncestry({
      c: C,
      branch: 'main',
      compare: async (base, head) => {
        calls.push([base, head])
        return response
      }
    })
    expect(await ancestry()).toEqual([C, D])
    const reads = parentsRead
    expect(await ancestry()).toEqual([C, D]) // same body (304): nothing recomputed
    expect(parentsRead).toBe(reads)
    response = spy(first) // new body, same head: still nothing recomputed
    expect(await ancestry()).toEqual([C, D])
    expect(parentsRead).toBe(reads)
    response = {status: 'ahead', commits: [commit(D, C), commit(E, D)]}
    expect(await ancestry()).toEqual([C, D, E])
    expect(calls).toEqual(Array(4).fill([C, 'main']))
  })

  it('identical: just C', async () => {
    const ancestry = createAncestry({c: C, branch: 'main', compare: async () => ({status: 'identical', commits: []})})
    expect(await ancestry()).toEqual([C])
  })

  it('a caller mutating the list does not corrupt the cache', async () => {
    const response: CompareResult = {status: 'ahead', commits: [commit(D, C)]}
    const ancestry = createAncestry({c: C, branch: 'main', compare: async () => response})
    ;(await ancestry()).push('x')
    expect(await ancestry()).toEqual([C, D])
  })
})
