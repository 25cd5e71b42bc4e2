// The README's tables are the documentation users read: they are generated from action.yml (`npm run docs`) and
// must equal what the generator makes of the current action.yml.
import {describe, it, expect} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'
import {ROOT} from '../../testing/run-action.js'
import {renderReadme, inputsTable} from '../../scripts/docs.js'

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const actionYml = readFileSync(join(ROOT, 'action.yml'), 'utf8')
const action = parse(actionYml) as {runs: {using: string; main: string}}

describe('README', () => {
  it('has the inputs and outputs tables generated from action.yml (run `npm run docs` to update them)', () => {
    expect(readme).toContain('<!-- inputs:start')
    expect(readme).toContain('<!-- outputs:start')
    expect(renderReadme(readme, actionYml)).toEqual(readme)
  })

  it('would notice an input added to action.yml', () => {
    const more = actionYml.replace(
      '\noutputs:',
      "  new-input:\n    description: 'Something new.'\n    required: false\n    default: 'x'\n\noutputs:"
    )
    expect(renderReadme(readme, more)).not.toEqual(readme)
    expect(renderReadme(readme, more)).toContain('| `new-input` | `x` | Something new. |')
  })

  it('writes table cells that Markdown cannot misread', () => {
    const table = inputsTable({
      inputs: {a: {description: 'x | y <ref> **/*.yaml', required: true}},
      outputs: {}
    })
    expect(table.split('\n')[2]).toBe('| `a` | (required) | x \\| y &lt;ref&gt; \\*\\*/\\*.yaml |')
  })

  it('runs on the Node version GitHub runners use and points at the bundle', () => {
    expect(action.runs).toEqual({using: 'node24', main: 'dist/index.js'})
  })

  it('gives the two commands a newcomer runs', () => {
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toContain('npm ci && npm test')
  })
})
