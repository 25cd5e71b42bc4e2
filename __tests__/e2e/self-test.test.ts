// The self-test workflow runs the action from the checkout against this repository's own fixtures on GitHub. Here
// the same steps, with the same inputs, run against the fake GitHub holding those fixtures at the same paths, so a
// step that could not pass there fails here first.
import {describe, it, expect, afterAll, beforeAll} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'
import {ROOT} from '../../testing/run-action.js'
import {world, fixtureFiles, OWNER, REPO, type World} from '../../testing/harness.js'

interface Step {
  id?: string
  uses?: string
  with?: Record<string, string | boolean>
}
const workflow = parse(readFileSync(join(ROOT, '.github', 'workflows', 'self-test.yml'), 'utf8')) as {
  jobs: Record<string, {steps: Step[]}>
}
const steps = Object.values(workflow.jobs)
  .flatMap(j => j.steps)
  .filter(s => s.uses === './')

/** The step's `with:` as the runner would pass it in this repository, on branch main. */
function inputs(step: Step): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(step.with ?? {})) {
    out[k] = String(v)
      .replace('${{ github.repository }}', `${OWNER}/${REPO}`)
      .replace('${{ github.head_ref || github.ref_name }}', 'main')
  }
  return out
}

let w: World
beforeAll(async () => {
  const base = '__tests__/fixtures/gitops-repos/'
  w = await world({
    files: {
      ...fixtureFiles('podinfo', `${base}podinfo/`),
      ...fixtureFiles('flux2-kustomize-helm-example', `${base}flux2-kustomize-helm-example/`)
    }
  })
})
afterAll(async () => {
  expect(w.fake.violations).toEqual([])
  await w.close()
})

describe('the self-test workflow', () => {
  it('runs the action from the checkout, in dry-run, against this repository', () => {
    expect(steps.map(s => s.id)).toEqual(['kustomize', 'helm'])
    for (const s of steps) expect(inputs(s)).toMatchObject({repository: `${OWNER}/${REPO}`, 'dry-run': 'true'})
  })

  it.each(steps.map(s => ({id: s.id as string, s})))(
    'step $id would pass: changed, dry-run, nothing written',
    async ({s}) => {
      const head = w.head()
      const run = await w.run(inputs(s))
      expect(run.errors).toEqual([])
      expect(run.code).toBe(0)
      expect(run.outputs).toMatchObject({changed: 'true', result: 'dry-run'})
      expect(run.outputs.files).toMatch(/^__tests__\/fixtures\/gitops-repos\//)
      expect(w.head()).toBe(head)
    }
  )
})
