import {describe, expect, it} from '@jest/globals'
import {
  createAncestry,
  descendantsOf,
  RevisionGoneError,
  type CompareResult
} from '../../../src/core/rollout/revision.js'

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
  const B = sha('b')
  /** A linear branch C <- n commits, served as GitHub's paginated compare does (oldest first, 100 a page). */
  function linear(n: number, files: CompareResult['files'] = []) {
    const unique = Array.from({length: n}, (_, i) => (i + 1).toString(16).padStart(40, '0'))
    const commits = unique.map((s, i) => commit(s, i === 0 ? C : (unique[i - 1] as string)))
    const pages: number[] = []
    const compare = async (base: string, head: string, page: number): Promise<CompareResult> => {
      pages.push(page)
      expect([base, head]).toEqual([C, 'main'])
      return {
        status: n === 0 ? 'identical' : 'ahead',
        total_commits: n,
        base_commit: commit(C, B),
        commits: commits.slice((page - 1) * 100, page * 100),
        ...(page === 1 ? {files} : {})
      }
    }
    return {compare, pages, head: unique.at(-1), all: unique}
  }

  it('reads every page: 120 commits after C end with the head', async () => {
    const branch = linear(120)
    const read = createAncestry({c: C, branch: 'main', compare: branch.compare})
    const a = await read()
    expect(a.commits).toHaveLength(121)
    expect(a.commits.at(-1)).toBe(branch.head)
    expect(a.commits).toEqual([C, ...branch.all])
    expect(branch.pages).toEqual([1, 2])
    expect(a.base).toBe(B)
  })

  it('250 commits: three pages', async () => {
    const branch = linear(250)
    const a = await createAncestry({c: C, branch: 'main', compare: branch.compare})()
    expect(a.commits.at(-1)).toBe(branch.head)
    expect(branch.pages).toEqual([1, 2, 3])
  })

  it('identical: just C, one request', async () => {
    const branch = linear(0)
    const a = await createAncestry({c: C, branch: 'main', compare: branch.compare})()
    expect(a.commits).toEqual([C])
    expect(branch.pages).toEqual([1])
  })

  it('lists the files touched after C, renames both ways; a cut list means all', async () => {
    const some = linear(3, [{filename: 'apps/a.yaml'}, {filename: 'apps/b.yaml', previous_filename: 'apps/old.yaml'}])
    const a = await createAncestry({c: C, branch: 'main', compare: some.compare})()
    expect(a.touched).toEqual(new Set(['apps/a.yaml', 'apps/b.yaml', 'apps/old.yaml']))
    const cut = linear(
      3,
      Array.from({length: 300}, (_, i) => ({filename: `f${i}.yaml`}))
    )
    expect((await createAncestry({c: C, branch: 'main', compare: cut.compare})()).touched).toBe('all')
  })

  it('a caller mutating the list does not corrupt the cache', async () => {
    const branch = linear(1)
    const read = createAncestry({c: C, branch: 'main', compare: branch.compare})
    ;(await read()).commits.push('x')
    expect((await read()).commits).toEqual([C, ...branch.all])
  })
})
