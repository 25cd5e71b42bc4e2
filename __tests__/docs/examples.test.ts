// examples/ holds complete workflows a user copies. Each must pass actionlint (run by .ci/lint-workflows.mjs, as in
// CI) and give this action only inputs that action.yml (and so the README's generated table) documents.
import {describe, it, expect} from '@jest/globals'
import {spawnSync} from 'node:child_process'
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {parse, parseAllDocuments} from 'yaml'
import {ROOT} from '../../testing/run-action.js'

/** Inputs other engineers are adding to action.yml right now; the examples may use them already. */
const PENDING = ['charts', 'pr-comment', 'connector-audience']

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {inputs: Record<string, unknown>}
const known = new Set([...Object.keys(action.inputs), ...PENDING])
const examples = readdirSync(join(ROOT, 'examples'))
  .filter(f => f.endsWith('.yml'))
  .sort()

interface Step {
  uses?: string
  with?: Record<string, unknown>
}
type Workflow = {jobs: Record<string, {steps?: Step[]}>}

/** `with:` keys given to this action (`<owner>/gitops-promote@…` or `./`), with where they are. */
function ourInputs(workflow: Workflow): {job: string; key: string}[] {
  return Object.entries(workflow.jobs).flatMap(([job, j]) =>
    (j.steps ?? [])
      .filter(s => s.uses !== undefined && (/^[\w.-]+\/gitops-promote@/.test(s.uses) || s.uses === './'))
      .flatMap(s => Object.keys(s.with ?? {}).map(key => ({job, key})))
  )
}

function unknownInputs(workflow: Workflow): string[] {
  return ourInputs(workflow)
    .filter(i => !known.has(i.key))
    .map(i => `${i.job}: ${i.key}`)
}

describe('examples/', () => {
  it('has the single-stage, multi-stage, handoff and charts workflows', () => {
    expect(examples).toEqual(
      expect.arrayContaining([
        'single-stage.yml',
        'dev-staging-production.yml',
        'handoff.yml',
        'handoff-receiver.yml',
        'charts.yml'
      ])
    )
  })

  it.each(examples)('%s passes actionlint and the pin check', file => {
    const r = spawnSync(process.execPath, [join(ROOT, '.ci', 'lint-workflows.mjs'), join(ROOT, 'examples', file)], {
      encoding: 'utf8'
    })
    expect(r.stdout + r.stderr).toContain('0 problem(s)')
    expect(r.status).toBe(0)
  })

  it.each(examples)('%s gives the action only documented inputs', file => {
    const workflow = parse(readFileSync(join(ROOT, 'examples', file), 'utf8')) as Workflow
    expect(ourInputs(workflow).length).toBeGreaterThan(0)
    expect(unknownInputs(workflow)).toEqual([])
  })

  it('would notice a misspelt input', () => {
    const workflow: Workflow = {
      jobs: {x: {steps: [{uses: 'acme/gitops-promote@v1', with: {images: 'a:1', 'connector-tokn': 'x'}}]}}
    }
    expect(unknownInputs(workflow)).toEqual(['x: connector-tokn'])
  })

  it('sets a Deployment once: never the environment input in a job that has environment: itself', () => {
    for (const file of examples) {
      const workflow = parse(readFileSync(join(ROOT, 'examples', file), 'utf8')) as {
        jobs: Record<string, {environment?: unknown; steps?: Step[]}>
      }
      for (const [name, job] of Object.entries(workflow.jobs)) {
        const input = (job.steps ?? []).some(s => s.with?.environment !== undefined)
        if (input) expect(`${file} ${name}: ${job.environment === undefined}`).toBe(`${file} ${name}: true`)
      }
    }
  })

  it('defines every step output it reads (steps.app-token and the like)', () => {
    for (const file of examples) {
      const text = readFileSync(join(ROOT, 'examples', file), 'utf8')
      const workflow = parse(text) as {jobs: Record<string, {steps?: (Step & {id?: string})[]}>}
      for (const [name, job] of Object.entries(workflow.jobs)) {
        const ids = new Set((job.steps ?? []).map(s => s.id))
        const used = [...JSON.stringify(job).matchAll(/steps\.([\w-]+)\.outputs/g)].map(m => m[1])
        for (const id of used) expect(`${file} ${name}: ${ids.has(id)}`).toBe(`${file} ${name}: true`)
      }
    }
  })
})

describe('the pipeline: dev -> staging -> production', () => {
  const recipes = readFileSync(join(ROOT, 'docs', 'recipes.md'), 'utf8')
  const recipe = recipes.split('## Multistage promotion')[1]?.split('\n## ')[0] ?? ''
  const pipelines = [
    {
      where: 'examples/dev-staging-production.yml',
      text: readFileSync(join(ROOT, 'examples', 'dev-staging-production.yml'), 'utf8')
    },
    {where: 'docs/recipes.md', text: /```yaml\n([\s\S]*?)```/.exec(recipe)?.[1] ?? ''}
  ]

  it.each(pipelines)('$where: each stage needs the one before, behind its own environment', ({text}) => {
    const jobs = (parse(text) as {jobs: Record<string, {needs?: string; environment?: string; steps?: Step[]}>}).jobs
    expect(jobs.dev?.environment).toBe('dev')
    expect(jobs.staging?.needs).toBe('dev')
    expect(jobs.staging?.environment).toBe('staging')
    expect(jobs.production?.needs).toBe('staging')
    expect(jobs.production?.environment).toBe('production')
    // later stages promote what the stage before runs
    const input = (job: string, key: string) => jobs[job]?.steps?.find(s => s.with?.[key] !== undefined)?.with?.[key]
    expect(input('staging', 'from-paths')).toBe('apps/dev')
    expect(input('production', 'from-paths')).toBe('apps/staging')
  })
})

describe('the snippets in README.md and docs/', () => {
  /** Every `with:` key given to this action anywhere in a YAML value (workflows, jobs, step lists). */
  function keysIn(value: unknown, out: string[] = []): string[] {
    if (Array.isArray(value)) for (const v of value) keysIn(v, out)
    else if (value && typeof value === 'object') {
      const step = value as Step
      if (typeof step.uses === 'string' && /^[\w.-]+\/gitops-promote@/.test(step.uses))
        out.push(...Object.keys(step.with ?? {}))
      for (const v of Object.values(value)) keysIn(v, out)
    }
    return out
  }
  const pages = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter(f => f.endsWith('.md'))
      .map(f => `docs/${f}`)
  ]

  it.each(pages)('%s gives the action only documented inputs', page => {
    const text = readFileSync(join(ROOT, page), 'utf8')
    const keys = [...text.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].flatMap(m =>
      parseAllDocuments(m[1]!).flatMap(d => keysIn(d.toJS()))
    )
    expect(keys.filter(k => !known.has(k))).toEqual([])
  })

  it('finds the steps of the README', () => {
    const text = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const keys = [...text.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].flatMap(m =>
      parseAllDocuments(m[1]!).flatMap(d => keysIn(d.toJS()))
    )
    expect(keys).toEqual(expect.arrayContaining(['images', 'paths', 'strategy', 'token']))
  })
})
