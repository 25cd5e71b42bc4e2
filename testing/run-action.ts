// Runs the bundled action the way the Actions runner does: `node dist/index.js` with INPUT_* variables (action.yml
// defaults plus overrides, `${{ github.* }}` expressions resolved) and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
import {spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parse} from 'yaml'
import {TEST_MIN_INTERVAL_ENV} from '../src/action/inputs.js'
import {childEnv} from './child-env.js'

/** The repo root: the nearest folder above this file with action.yml (works from src and from build/). */
export const ROOT = ((): string => {
  const here = dirname(fileURLToPath(import.meta.url))
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'action.yml'))) return dir
    if (dirname(dir) === dir) throw new Error(`action.yml not found above ${here}`)
  }
})()

/**
 * The Node the Actions runner gives the action (`runs.using: node24`): the npm registry's `node` package, a
 * devDependency pinned to a 24.x release. The action and the connector run on it whatever Node runs the tests.
 */
export const NODE24 = ((): string => {
  const bin = join(ROOT, 'node_modules', 'node', 'bin', 'node')
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm ci (the "node" devDependency provides Node 24)`)
  return bin
})()

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** `::error::` / `::warning::` command lines, unescaped. */
  errors: string[]
  warnings: string[]
  durationMs: number
}

interface ActionYml {
  inputs: Record<string, {default?: string; required?: boolean}>
}

let inputs: ActionYml['inputs'] | undefined

/** action.yml's inputs, read once per process (a test file runs the action dozens of times). */
export function actionInputs(): ActionYml['inputs'] {
  inputs ??= (parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml).inputs
  return inputs
}

export interface RunOptions {
  inputs: Record<string, string>
  /** GITHUB_API_URL of the fake. */
  apiUrl: string
  env?: Record<string, string>
  token?: string
  timeoutMs?: number
  /** The bundle to run (default dist/index.js); the benchmarks compare another build with it. */
  script?: string
}

export async function runAction(opts: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-promote-run-'))
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_PATH: join(dir, 'path')
  }
  for (const f of Object.values(files)) writeFileSync(f, '')
  const github = {
    token: opts.token ?? 'ghs_test_token_123',
    repository: opts.env?.GITHUB_REPOSITORY ?? 'acme/app'
  }
  const env: Record<string, string> = {
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: opts.apiUrl,
    GITHUB_GRAPHQL_URL: `${opts.apiUrl}/graphql`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: github.repository,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: 'a'.repeat(40),
    RUNNER_TEMP: dir,
    // Lets the tests poll the local fakes every few milliseconds (see src/inputs.ts); a test may override it.
    [TEST_MIN_INTERVAL_ENV]: '1ms',
    ...files,
    ...opts.env
  }
  for (const [name, spec] of Object.entries(actionInputs())) {
    let v = opts.inputs[name] ?? spec.default ?? ''
    v = v.replace(/\$\{\{\s*github\.(\w+)\s*\}\}/g, (_m, key: string) => github[key as keyof typeof github] ?? '')
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = v
  }
  for (const name of Object.keys(opts.inputs)) {
    if (!(name in actionInputs())) throw new Error(`runAction: '${name}' is not an input of action.yml`)
  }

  const started = Date.now()
  const child = spawn(NODE24, [opts.script ?? join(ROOT, 'dist', 'index.js')], {env: childEnv(env), cwd: dir})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000)
  const code = await new Promise<number | null>(res => child.on('close', c => res(c)))
  clearTimeout(timer)
  const run: ActionRun = {
    code,
    stdout,
    stderr,
    outputs: parseFileCommand(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    errors: commands(stdout, 'error'),
    warnings: commands(stdout, 'warning'),
    durationMs: Date.now() - started
  }
  rmSync(dir, {recursive: true, force: true})
  return run
}

/** `name<<ghadelimiter_…\nvalue\nghadelimiter_…` records, as @actions/core writes them. */
export function parseFileCommand(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] as string)
    if (!m) continue
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i] as string)
    out[m[1] as string] = value.join('\n')
  }
  return out
}

function commands(stdout: string, kind: string): string[] {
  return stdout
    .split('\n')
    .filter(l => l.startsWith(`::${kind}`))
    .map(l =>
      l
        .slice(l.indexOf('::', 2) + 2)
        .replace(/%0A/g, '\n')
        .replace(/%0D/g, '\r')
        .replace(/%25/g, '%')
    )
}
