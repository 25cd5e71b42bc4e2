// The README's tables are the documentation users read: they are generated from action.yml (`npm run docs`) and
// must equal what the generator makes of the current action.yml.
import {describe, it, expect} from '@jest/globals'
import {readFileSync, readdirSync} from 'node:fs'
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

describe('README for a newcomer', () => {
  const first60 = readme.split('\n').slice(0, 60).join('\n')

  it('says what it is, then the quick start, within the first 60 lines', () => {
    const lines = readme.split('\n')
    expect(lines.findIndex(l => l === '## Quick start')).toBeLessThanOrEqual(12)
    expect(first60).toContain('npm ci && npm run demo')
    expect(first60).toContain('npm ci && npm test')
    // the smallest workflow, complete: a trigger, a job and this action
    const block = /```yaml\n([\s\S]*?)```/.exec(first60)?.[1] ?? ''
    const workflow = parse(block) as {on: unknown; jobs: Record<string, {steps: {uses?: string}[]}>}
    expect(workflow.on).toBeDefined()
    const steps = Object.values(workflow.jobs).flatMap(j => j.steps)
    expect(steps.some(s => /\/gitops-promote@v1$/.test(s.uses ?? ''))).toBe(true)
  })

  it('says which Node runs the action and which one development needs', () => {
    expect(first60).toMatch(/runner's \*\*Node 24\*\* \(`runs\.using: node24`/)
    expect(first60).toMatch(/Node 24\s+too: `npm ci` installs it as the `node` devDependency/)
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>
      allowScripts?: Record<string, boolean>
    }
    expect(pkg.devDependencies.node).toMatch(/^24\./)
    // the `node` package installs its binary in a preinstall script: allowed, so npm neither warns nor skips it
    expect(pkg.allowScripts?.node).toBe(true)
  })

  it('links every example and every moved page', () => {
    for (const f of readdirSync(join(ROOT, 'examples'))) expect(readme).toContain(`(examples/${f})`)
    for (const page of [
      'docs/recipes.md',
      'docs/connector.md',
      'docs/wait.md',
      'docs/writing.md',
      'docs/architecture.md'
    ])
      expect(readme).toContain(`(${page}`)
  })

  it('keeps the architecture section short: one line per program and a link', () => {
    const section = readme.split('## Architecture')[1]?.split('\n## ')[0] ?? ''
    expect(section.split('\n').length).toBeLessThan(20)
    for (const dir of ['src/core/', 'src/action/', 'src/connector/']) expect(section).toContain(`\`${dir}\``)
  })
})
