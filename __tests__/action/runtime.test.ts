// action.yml says `runs.using: node24`: package.json's engines, .node-version and the Node the end-to-end tests run
// the bundles on must say the same.
import {describe, it, expect} from '@jest/globals'
import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'
import {NODE24, ROOT} from '../../testing/run-action.js'

const read = (f: string): string => readFileSync(join(ROOT, f), 'utf8')

describe('the Node the action runs on', () => {
  const using = (parse(read('action.yml')) as {runs: {using: string}}).runs.using
  const major = /^node(\d+)$/.exec(using)?.[1]

  it('is named the same in action.yml, package.json engines and .node-version', () => {
    expect(using).toBe('node24')
    expect((JSON.parse(read('package.json')) as {engines: {node: string}}).engines.node).toBe(`>=${major}`)
    expect(read('.node-version').trim()).toBe(major)
  })

  it('is the Node the end-to-end tests run dist/index.js and the connector on', () => {
    expect(execFileSync(NODE24, ['--version'], {encoding: 'utf8'})).toMatch(new RegExp(`^v${major}\\.`))
  })
})
