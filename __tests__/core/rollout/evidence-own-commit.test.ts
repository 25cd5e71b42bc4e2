// C itself checked for the written values: a shared pull request's merge commit may hold another run's values.
import {describe, expect, it} from '@jest/globals'
import {planBump, type BumpTarget} from '../../../src/core/bump/index.js'
import {parseImageRef} from '../../../src/core/image-ref.js'
import {writtenFiles} from '../../../src/core/rollout/holds.js'
import {createEvidence, CONTENTS_ROUTE, type ConditionalGet} from '../../../src/core/rollout/evidence.js'
import type {Ancestry} from '../../../src/core/rollout/revision.js'

const image = (line: string): BumpTarget => ({kind: 'image', ref: parseImageRef(line), line})
const C = 'c'.repeat(40)
const PATH = 'apps/podinfo.yaml'
const before =
  'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: podinfo\n          image: ghcr.io/stefanprodan/podinfo:6.14.1\n'
const mine = image('ghcr.io/stefanprodan/podinfo:6.15.0')
const plan = planBump(new Map([[PATH, before]]), [mine])
const written = writtenFiles(plan.edits, [mine])
const theirs = (plan.edits[0]?.after as string).replace('6.15.0', '6.16.0')
// Nothing after C: no descendant, no file touched after it.
const ancestry: Ancestry = {commits: [C], touched: new Set<string>()}

function evidenceWith(
  text: string,
  checkC: boolean
): {superseded: () => Promise<Map<string, unknown>>; reads: string[]} {
  const reads: string[] = []
  const get = (async (route: string, params: Record<string, string | number>) => {
    reads.push(`${route} ${String(params.path)}@${String(params.ref)}`)
    if (route !== CONTENTS_ROUTE) throw new Error(`unexpected ${route}`)
    return {type: 'file', encoding: 'base64', content: Buffer.from(text).toString('base64')}
  }) as ConditionalGet
  const ev = createEvidence({get, owner: 'o', repo: 'r', c: C, branch: 'main', written, checkC})
  return {superseded: () => ev.superseded(ancestry, [C]), reads}
}

describe('evidence: C itself', () => {
  it('a merge commit holding another run’s values is superseded, naming C and both values (was: credited)', async () => {
    const ev = evidenceWith(theirs, true)
    expect((await ev.superseded()).get(C)).toEqual({
      commit: C,
      file: PATH,
      line: 7,
      value: 'ghcr.io/stefanprodan/podinfo:6.16.0',
      wrote: 'ghcr.io/stefanprodan/podinfo:6.15.0'
    })
  })

  it('a merge commit holding this run’s values is not', async () => {
    const ev = evidenceWith(plan.edits[0]?.after as string, true)
    expect((await ev.superseded()).size).toBe(0)
    expect(ev.reads).toEqual([`${CONTENTS_ROUTE} ${PATH}@${C}`])
  })

  it('a commit this run made itself is not re-read', async () => {
    const ev = evidenceWith(theirs, false)
    expect((await ev.superseded()).size).toBe(0)
    expect(ev.reads).toEqual([])
  })
})
