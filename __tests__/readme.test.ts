// The README's tables are the documentation users read: they must list exactly action.yml's inputs and outputs.
import {describe, it, expect} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'
import {ROOT} from './helpers/run-action.js'

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, {default?: string}>
  outputs: Record<string, unknown>
  runs: {using: string; main: string}
}

function table(heading: string): Map<string, string[]> {
  const section = readme.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? ''
  const rows = new Map<string, string[]>()
  for (const line of section.split('\n')) {
    const m = /^\| `([a-z-]+)` \|(.*)\|$/.exec(line)
    if (m)
      rows.set(
        m[1] as string,
        (m[2] as string).split(' | ').map(c => c.trim())
      )
  }
  return rows
}

describe('README', () => {
  it('lists every input of action.yml with its default', () => {
    const rows = table('Inputs')
    expect([...rows.keys()].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, spec] of Object.entries(action.inputs)) {
      const shown = rows.get(name)?.[1]
      const expected = spec.default === undefined ? '(required)' : `\`${spec.default === '' ? "''" : spec.default}\``
      expect([name, shown]).toEqual([name, expected])
    }
  })

  it('lists every output of action.yml', () => {
    expect([...table('Outputs').keys()].sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it('runs on the Node version GitHub runners use and points at the bundle', () => {
    expect(action.runs).toEqual({using: 'node24', main: 'dist/index.js'})
  })

  it('gives the two commands a newcomer runs', () => {
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toContain('npm ci && npm test')
  })
})
