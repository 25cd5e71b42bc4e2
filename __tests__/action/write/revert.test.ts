import {describe, it, expect} from '@jest/globals'
import {planRevert} from '../../../src/action/write/revert.js'
import type {FileEdit} from '../../../src/core/bump/types.js'

const edit = (path: string, before: string, after: string): FileEdit => ({
  path,
  before,
  after,
  changes: [{file: path, line: 1, column: 8, field: 'image', from: 'a:1', to: 'a:2', target: 'a:2'}]
})

describe('planRevert', () => {
  it('restores every file still holding what was written, byte for byte, and names the others', () => {
    const written = [
      edit('a.yaml', 'image: a:1\r\n# keep\n', 'image: a:2\r\n# keep\n'),
      edit('b.yaml', 'image: a:1\n', 'image: a:2\n')
    ]
    const now = new Map([
      ['a.yaml', 'image: a:2\r\n# keep\n'],
      ['b.yaml', 'image: a:3\n']
    ])
    const {plan, skipped} = planRevert(written, now)
    expect(plan.edits.map(e => [e.path, e.before, e.after])).toEqual([
      ['a.yaml', 'image: a:2\r\n# keep\n', 'image: a:1\r\n# keep\n']
    ])
    expect(plan.edits[0]?.changes[0]).toMatchObject({from: 'a:2', to: 'a:1'})
    expect(skipped).toEqual(['b.yaml'])
  })

  it('skips a file that was deleted since', () => {
    const {plan, skipped} = planRevert([edit('a.yaml', 'x: 1\n', 'x: 2\n')], new Map())
    expect(plan.edits).toEqual([])
    expect(skipped).toEqual(['a.yaml'])
  })
})
