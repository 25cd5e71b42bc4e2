// Every input is read and validated here, before any request is sent. Defaults repeat action.yml's (a test keeps
// them equal) because the runner applies action.yml defaults but a direct `node dist/index.js` does not.
import {InputError} from '../core/errors.js'
import {printable, readTargets} from '../core/targets.js'
import {readCharts} from '../core/charts.js'
import type {BumpTarget} from '../core/bump/types.js'
import type {PromoteRequest} from '../core/promote/resolve.js'
import {parseDuration} from '../core/duration.js'
import {patternProblem} from '../core/glob.js'
import {PLACEHOLDERS, unknownPlaceholders} from '../core/templates.js'
import {REQUEST_DEADLINE_MS} from '../core/retry.js'

export const INPUT_DEFAULTS = {
  token: '${{ github.token }}',
  repository: '${{ github.repository }}',
  branch: '',
  images: '',
  charts: '',
  paths: '.',
  strategy: 'merge',
  'merge-method': 'squash',
  'pr-branch': '',
  'commit-message': 'Promote {images} {charts} on {branch}',
  'pr-title': 'Promote {images} {charts} on {branch}',
  'pr-body': '',
  'pr-labels': '',
  wait: 'commit-status',
  contexts: 'kustomization/*',
  'healthy-description': 'reconciliation succeeded',
  'connector-url': '',
  'connector-token': '',
  'connector-audience': '',
  timeout: '15m',
  interval: '10s',
  'failure-grace': '3m',
  environment: '',
  'dry-run': 'false',
  'from-paths': '',
  'from-branch': '',
  'from-contexts': '',
  'from-soak': '0s',
  soak: '0s',
  'on-failure': 'none',
  'dispatch-payload': '',
  'pr-comment': 'true'
} as const satisfies Record<string, string | undefined>

export type InputName = keyof typeof INPUT_DEFAULTS

/** `contexts` in connector mode when left at its (commit-status) default: every Kustomization in every cluster. */
export const CONNECTOR_DEFAULT_CONTEXT = '*/Kustomization/*/*'

export const STRATEGIES = ['push', 'pull-request', 'merge', 'auto-merge'] as const
export const MERGE_METHODS = ['merge', 'squash', 'rebase'] as const
export const WAIT_MODES = ['commit-status', 'connector', 'handoff', 'none'] as const
export const ON_FAILURE = ['none', 'revert'] as const

export interface Config {
  token: string
  owner: string
  repo: string
  /** Empty: the repo's default branch, resolved through the API. */
  branch: string
  targets: BumpTarget[]
  paths: string[]
  strategy: (typeof STRATEGIES)[number]
  mergeMethod: (typeof MERGE_METHODS)[number]
  /** Empty: derived once the branch is known (see write/pr-branch.ts). */
  prBranch: string
  commitMessage: string
  prTitle: string
  /** Empty: the generated body listing images and files. */
  prBody: string
  prLabels: string[]
  wait: (typeof WAIT_MODES)[number]
  contexts: string[]
  healthyDescription: string
  connectorUrl: string
  /** Empty: the connector is asked with a GitHub Actions OIDC token (connectorOidc). */
  connectorToken: string
  /** The audience of that OIDC token (connector-audience, default connector-url). */
  connectorAudience: string
  /** No connector-token, and the job may request OIDC tokens (`permissions: id-token: write`). */
  connectorOidc: boolean
  timeoutMs: number
  intervalMs: number
  /** Not an input: the unit of the client's 5xx retry pauses, 1 s (lowered only by the test-only setting below). */
  retryUnitMs: number
  /** Not an input: with no report before C, the expected set must stay the same this long (the interval, >= 10 s). */
  quietMs: number
  /** Not an input: one GitHub request's deadline, 30 s (lowered only by the test-only setting below). */
  requestDeadlineMs: number
  graceMs: number
  /** After healthy, keep watching this long (0: done at healthy). */
  soakMs: number
  environment: string
  dryRun: boolean
  /** Pull request strategies: keep the rollout's comment on the pull request. */
  prComment: boolean
  /** `revert`: a failed rollout is rolled back by a commit restoring the previous values. */
  onFailure: (typeof ON_FAILURE)[number]
  /** wait: handoff: passed through to the dispatched event's `client_payload.payload`. */
  dispatchPayload: Record<string, unknown>
  /** Set when `from-paths` makes the run a promotion from a source stage. */
  from?: FromStage
  /** Not an input: set once a promotion is resolved, one `promote <name> <old> -> <new> from …` line per image. */
  promotion?: string[]
  /** From the runner's environment: where this workflow runs. */
  run: {url: string; repository: string; sha: string}
}

/** The source stage of a promotion (`from-*` inputs). */
export interface FromStage {
  paths: string[]
  /** Empty: the target's `branch`. */
  branch: string
  contexts: string[]
  soakMs: number
  /** The `images` lines as promotion requests; `targets` then holds only the full references among them. */
  requests: PromoteRequest[]
}

type Getter = (name: InputName) => string

/**
 * FOR TESTS ONLY: `GITOPS_PROMOTE_TEST_MIN_INTERVAL` (a duration such as `10ms`) lowers the 1 s minimum of `interval`
 * and the 1 s unit of the client's 5xx retry pauses, so the end-to-end tests can poll their local fakes every few
 * milliseconds and ride out injected 502s without sleeping. Not an input, not documented for users: against GitHub a
 * sub-second interval only burns rate limit, and quick retries only meet the same outage.
 */
export const TEST_MIN_INTERVAL_ENV = 'GITOPS_PROMOTE_TEST_MIN_INTERVAL'

/**
 * FOR TESTS ONLY: `GITOPS_PROMOTE_TEST_REQUEST_DEADLINE` (a duration) lowers the 30 s deadline of one GitHub request,
 * so the end-to-end tests can show a hung connection costing one deadline without waiting 30 s for it.
 */
export const TEST_REQUEST_DEADLINE_ENV = 'GITOPS_PROMOTE_TEST_REQUEST_DEADLINE'

function requestDeadlineMs(env: NodeJS.ProcessEnv): number {
  const raw = env[TEST_REQUEST_DEADLINE_ENV]
  if (raw === undefined || raw === '') return REQUEST_DEADLINE_MS
  const ms = parseDuration(raw)
  if (ms === undefined) throw new Error(`${TEST_REQUEST_DEADLINE_ENV} must be a duration such as 2s; got '${raw}'.`)
  return Math.min(ms, REQUEST_DEADLINE_MS)
}

function minIntervalMs(env: NodeJS.ProcessEnv): number {
  const raw = env[TEST_MIN_INTERVAL_ENV]
  if (raw === undefined || raw === '') return 1000
  const ms = parseDuration(raw)
  if (ms === undefined) throw new Error(`${TEST_MIN_INTERVAL_ENV} must be a duration such as 10ms; got '${raw}'.`)
  return Math.min(ms, 1000)
}

/** Reads every input through `get` (core.getInput in production) and returns one validated Config. */
export function readInputs(get: Getter, env: NodeJS.ProcessEnv = process.env): Config {
  const r = inputReader(get)
  const target = readTargetRepo(r, env)
  const images = readImagesAndPaths(r)
  const wait = readWait(r, env)
  const write = readWrite(r)
  const from = readSourceStage(r, images, wait.contexts)
  const dryRun = readBoolean(r, 'dry-run')
  const prComment = readBoolean(r, 'pr-comment')
  const run = readRun(r, env)
  const handoff = readHandoff(r, wait.wait, run.run.repository)
  return {
    ...target,
    targets: images.targets,
    paths: images.paths,
    ...write,
    ...wait,
    ...run,
    dryRun,
    prComment,
    ...handoff,
    retryUnitMs: minIntervalMs(env),
    quietMs: Math.max(wait.intervalMs, 10 * minIntervalMs(env)),
    requestDeadlineMs: requestDeadlineMs(env),
    ...(from ? {from} : {})
  }
}

/** Reads one input as text, a list, a choice, a duration or a template; every error names the input. */
interface InputReader {
  value(name: InputName): string
  lines(name: InputName): string[]
  oneOf<T extends string>(name: InputName, allowed: readonly T[]): T
  duration(name: InputName, minMs: number): number
  template(name: InputName): string
  repoPaths(name: 'paths' | 'from-paths'): string[]
}

function inputReader(get: Getter): InputReader {
  const value = (name: InputName): string => {
    const raw = get(name).trim()
    const fallback = INPUT_DEFAULTS[name]
    // `${{ … }}` defaults only mean something to the runner; in code they fall back to the environment.
    return raw !== '' || fallback === undefined || fallback.startsWith('${{') ? raw : fallback
  }
  const lines = (name: InputName): string[] =>
    value(name)
      .split(/\r?\n/)
      .map(l => l.trim())
      .filter(l => l !== '')
  return {
    value,
    lines,
    oneOf: <T extends string>(name: InputName, allowed: readonly T[]): T => {
      const v = value(name)
      if (!(allowed as readonly string[]).includes(v)) {
        throw new InputError(name, `Input '${name}' must be one of ${allowed.join(', ')}; got '${v}'.`)
      }
      return v as T
    },
    duration: (name, minMs) => {
      const v = value(name)
      const ms = parseDuration(v)
      if (ms === undefined) {
        throw new InputError(name, `Input '${name}' must be a duration such as 30s, 15m or 1h30m; got '${v}'.`)
      }
      if (ms < minMs) throw new InputError(name, `Input '${name}' must be at least ${minMs / 1000}s; got '${v}'.`)
      return ms
    },
    template: name => {
      const v = value(name)
      const unknown = unknownPlaceholders(v)
      if (unknown.length > 0) {
        throw new InputError(
          name,
          `Input '${name}' uses unknown placeholder ${unknown.map(u => `{${u}}`).join(', ')}; ` +
            `use ${PLACEHOLDERS.map(p => `{${p}}`).join(', ')}.`
        )
      }
      return v
    },
    repoPaths: name =>
      lines(name).map(p => {
        const path = p.replace(/^\.\/(?=.)/, '')
        if (path.startsWith('/') || path.split('/').includes('..')) {
          throw new InputError(
            name,
            `Input '${name}' holds paths inside the gitops repo, relative to its root; got '${p}'.`
          )
        }
        return path
      })
  }
}

/** `token`, `repository`, `branch`: where to write. */
function readTargetRepo(r: InputReader, env: NodeJS.ProcessEnv): Pick<Config, 'token' | 'owner' | 'repo' | 'branch'> {
  const token = r.value('token')
  if (token === '') {
    throw new InputError(
      'token',
      `Input 'token' is empty: pass token: \${{ github.token }}, a PAT or a GitHub App token.`
    )
  }

  const repository = r.value('repository') || env.GITHUB_REPOSITORY || ''
  const repoMatch = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(repository)
  if (!repoMatch || repoMatch[2] === '.' || repoMatch[2] === '..') {
    throw new InputError('repository', `Input 'repository' must be owner/name, e.g. acme/gitops; got '${repository}'.`)
  }

  const branch = r.value('branch')
  if (branch !== '') checkBranchName('branch', branch)
  return {token, owner: repoMatch[1] as string, repo: repoMatch[2] as string, branch}
}

interface ImagesAndPaths {
  targets: BumpTarget[]
  requests: PromoteRequest[]
  paths: string[]
  fromPaths: string[]
}

/**
 * `images`, `charts`, `paths` and `from-paths` (which lets an `images` or `charts` line name what the source stage
 * runs). Either of `images` and `charts` may be empty, not both.
 */
function readImagesAndPaths(r: InputReader): ImagesAndPaths {
  const fromPaths = r.repoPaths('from-paths')
  const promoting = fromPaths.length > 0
  const imageLines = r.lines('images')
  const chartLines = r.lines('charts')
  if (imageLines.length === 0 && chartLines.length === 0) {
    throw new InputError(
      'images',
      `Input 'images' or 'charts' is required: one image reference a line, e.g. ghcr.io/acme/api:1.4.2` +
        `${promoting ? ', a bare name (ghcr.io/acme/api) or *' : ''}; or one chart version a line, e.g. podinfo=6.5.0` +
        `${promoting ? ', a bare chart name (podinfo) or *' : ''}.`
    )
  }
  const images = imageLines.length > 0 ? readTargets(imageLines, promoting) : {targets: [], requests: []}
  const charts = readCharts(chartLines, promoting)
  const paths = r.repoPaths('paths')
  if (paths.length === 0) paths.push('.')
  return {
    targets: [...images.targets, ...charts.targets],
    requests: [...images.requests, ...charts.requests],
    paths,
    fromPaths
  }
}

type WaitInputs = Pick<
  Config,
  | 'wait'
  | 'contexts'
  | 'healthyDescription'
  | 'connectorUrl'
  | 'connectorToken'
  | 'connectorAudience'
  | 'connectorOidc'
  | 'timeoutMs'
  | 'intervalMs'
  | 'graceMs'
  | 'soakMs'
>

/** `wait`, the connector's address, `contexts` and the durations of the wait. */
function readWait(r: InputReader, env: NodeJS.ProcessEnv): WaitInputs {
  const wait = r.oneOf('wait', WAIT_MODES)
  const connectorUrl = r.value('connector-url')
  const connectorToken = r.value('connector-token')
  const connectorAudience = r.value('connector-audience') || connectorUrl.replace(/\/+$/, '')
  // The runner sets these two only when the job grants `id-token: write`.
  const oidcAvailable = Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL) && Boolean(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
  const connectorOidc = connectorToken === '' && oidcAvailable
  if (wait === 'connector' || wait === 'handoff') {
    checkConnectorInputs(wait, connectorUrl, connectorToken, oidcAvailable)
  }

  // The default names Flux's commit statuses; in connector mode the same intent is every Kustomization.
  const contexts =
    (wait === 'connector' || wait === 'handoff') && r.value('contexts') === INPUT_DEFAULTS.contexts
      ? [CONNECTOR_DEFAULT_CONTEXT]
      : r.lines('contexts')
  if (contexts.length === 0) throw new InputError('contexts', `Input 'contexts' needs at least one pattern.`)
  checkPatterns('contexts', contexts)
  const healthyDescription = r.value('healthy-description')
  checkPatterns('healthy-description', [healthyDescription])

  const timeoutMs = r.duration('timeout', 1000)
  const intervalMs = r.duration('interval', minIntervalMs(env))
  const graceMs = r.duration('failure-grace', 0)
  const soakMs = r.duration('soak', 0)
  if (wait === 'none' && soakMs > 0) {
    throw new InputError(
      'soak',
      `Input 'soak' (${r.value('soak')}) watches the rollout after it is healthy, but wait: none stops after writing. ` +
        `Set wait (commit-status, connector or handoff) or remove 'soak'.`
    )
  }
  if (intervalMs > timeoutMs) {
    throw new InputError(
      'interval',
      `Input 'interval' (${r.value('interval')}) must not exceed 'timeout' (${r.value('timeout')}).`
    )
  }
  return {
    wait,
    contexts,
    healthyDescription,
    connectorUrl: connectorUrl.replace(/\/+$/, ''),
    connectorToken,
    connectorAudience,
    connectorOidc,
    timeoutMs,
    intervalMs,
    graceMs,
    soakMs
  }
}

/** Globs are matched in linear time only up to a bounded length: a longer one is an error, never truncated. */
function checkPatterns(input: string, patterns: string[]): void {
  for (const pattern of patterns) {
    const problem = patternProblem(pattern)
    if (problem) {
      throw new InputError(input, `Input '${input}': the pattern '${pattern.slice(0, 40)}...' ${problem}.`)
    }
  }
}

function checkConnectorInputs(wait: string, connectorUrl: string, connectorToken: string, oidc: boolean): void {
  if (connectorUrl === '') {
    throw new InputError('connector-url', `Input 'connector-url' is required with wait: ${wait}.`)
  }
  let url: URL | undefined
  try {
    url = new URL(connectorUrl)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InputError('connector-url', `Input 'connector-url' must be an http(s) URL; got '${connectorUrl}'.`)
  }
  if (connectorToken === '' && !oidc) {
    throw new InputError(
      'connector-token',
      `Input 'connector-token' is required with wait: ${wait} unless the job grants \`permissions: id-token: write\`: ` +
        `then the action proves the workflow with an OIDC token for 'connector-audience' (default: connector-url).`
    )
  }
}

type WriteInputs = Pick<
  Config,
  'strategy' | 'mergeMethod' | 'prBranch' | 'commitMessage' | 'prTitle' | 'prBody' | 'prLabels'
>

/** `strategy`, `merge-method` and what the commit and pull request say. */
function readWrite(r: InputReader): WriteInputs {
  const prBranch = r.value('pr-branch')
  if (prBranch !== '') checkBranchName('pr-branch', prBranch)
  return {
    strategy: r.oneOf('strategy', STRATEGIES),
    mergeMethod: r.oneOf('merge-method', MERGE_METHODS),
    prBranch,
    commitMessage: r.template('commit-message'),
    prTitle: r.template('pr-title'),
    prBody: r.template('pr-body'),
    prLabels: r
      .value('pr-labels')
      .split(/[\n,]/)
      .map(l => l.trim())
      .filter(l => l !== '')
  }
}

/** The `from-*` inputs: a promotion's source stage, or nothing (and then none of them may be set). */
function readSourceStage(r: InputReader, images: ImagesAndPaths, contexts: string[]): FromStage | undefined {
  const fromBranch = r.value('from-branch')
  if (fromBranch !== '') checkBranchName('from-branch', fromBranch)
  const fromContextLines = r.lines('from-contexts')
  checkPatterns('from-contexts', fromContextLines)
  const fromSoakMs = r.duration('from-soak', 0)
  if (images.fromPaths.length > 0) {
    return {
      paths: images.fromPaths,
      branch: fromBranch,
      contexts: fromContextLines.length > 0 ? fromContextLines : contexts,
      soakMs: fromSoakMs,
      requests: images.requests
    }
  }
  for (const name of ['from-branch', 'from-contexts'] as const) {
    if (r.value(name) !== '') throw new InputError(name, `Input '${name}' needs 'from-paths' (the source stage).`)
  }
  if (fromSoakMs > 0) throw new InputError('from-soak', `Input 'from-soak' needs 'from-paths' (the source stage).`)
  return undefined
}

/** A boolean input, spelt as YAML 1.2's core schema allows (what the runner's own inputs accept). */
function readBoolean(r: InputReader, name: 'dry-run' | 'pr-comment'): boolean {
  const text = r.value(name)
  if (!/^(true|True|TRUE|false|False|FALSE)$/.test(text)) {
    throw new InputError(name, `Input '${name}' must be true or false; got '${text}'.`)
  }
  return /^true$/i.test(text)
}

/** `environment` and where this workflow runs (from the runner's environment). */
function readRun(r: InputReader, env: NodeJS.ProcessEnv): Pick<Config, 'environment' | 'run'> {
  const environment = r.value('environment')
  if (environment.length > 255)
    throw new InputError('environment', `Input 'environment' is longer than 255 characters.`)
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/$/, '')
  const runRepository = env.GITHUB_REPOSITORY || ''
  const runUrl =
    runRepository && env.GITHUB_RUN_ID
      ? `${server}/${runRepository}/actions/runs/${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : ''}`
      : ''
  if (environment !== '' && (runRepository === '' || !env.GITHUB_SHA)) {
    throw new InputError(
      'environment',
      `Input 'environment' creates a deployment in the workflow's repository, but GITHUB_REPOSITORY or GITHUB_SHA is not set.`
    )
  }
  return {environment, run: {url: runUrl, repository: runRepository, sha: env.GITHUB_SHA || ''}}
}

/** `dispatch-payload` and `on-failure`, and what a handoff needs from the runner. */
function readHandoff(
  r: InputReader,
  wait: Config['wait'],
  runRepository: string
): Pick<Config, 'dispatchPayload' | 'onFailure'> {
  const dispatchPayload = readDispatchPayload(r.value('dispatch-payload'), wait)
  const onFailure = r.oneOf('on-failure', ON_FAILURE)
  if (wait === 'none' && onFailure === 'revert') {
    throw new InputError(
      'on-failure',
      `Input 'on-failure' set to revert reverts a rollout that fails, but wait: none stops after writing and never ` +
        `sees one fail. Set wait (commit-status or connector) or remove 'on-failure'.`
    )
  }
  if (wait === 'handoff' && onFailure === 'revert') {
    throw new InputError(
      'on-failure',
      `Input 'on-failure' set to revert needs the action to wait; with wait: handoff the connector dispatches ` +
        `gitops-promote.failed instead: revert in the workflow that receives it, or use wait: connector.`
    )
  }
  if (wait === 'handoff' && runRepository === '') {
    throw new InputError(
      'wait',
      `wait: handoff dispatches the result to the workflow's repository, but GITHUB_REPOSITORY is not set.`
    )
  }
  return {dispatchPayload, onFailure}
}

/** GitHub's own bound on a repository_dispatch body is small; the payload shares it with the connector's keys. */
export const MAX_DISPATCH_PAYLOAD_BYTES = 32 * 1024

function readDispatchPayload(text: string, wait: Config['wait']): Record<string, unknown> {
  if (text === '') return {}
  if (wait !== 'handoff') {
    throw new InputError(
      'dispatch-payload',
      `Input 'dispatch-payload' only applies with wait: handoff (the connector passes it on); got wait: ${wait}.`
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    throw new InputError(
      'dispatch-payload',
      `Input 'dispatch-payload' must be a JSON object, e.g. {"service": "api"}: ${(e as Error).message}.`
    )
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InputError(
      'dispatch-payload',
      `Input 'dispatch-payload' must be a JSON object, e.g. {"service": "api"}; got ${Array.isArray(parsed) ? 'an array' : typeof parsed}.`
    )
  }
  const size = Buffer.byteLength(JSON.stringify(parsed))
  if (size > MAX_DISPATCH_PAYLOAD_BYTES) {
    throw new InputError(
      'dispatch-payload',
      `Input 'dispatch-payload' is ${size} bytes as JSON; keep it under ${MAX_DISPATCH_PAYLOAD_BYTES} (pass references, not data).`
    )
  }
  return parsed as Record<string, unknown>
}

function checkBranchName(name: InputName, branch: string): void {
  const bad =
    /[\x00-\x20\x7f~^:?*[\\]/.test(branch) ||
    branch.startsWith('/') ||
    branch.endsWith('/') ||
    branch.endsWith('.') ||
    branch.endsWith('.lock') ||
    branch.includes('..') ||
    branch.includes('//') ||
    branch.includes('@{') ||
    branch === '@' ||
    branch.split('/').some(part => part.startsWith('.'))
  if (bad) {
    throw new InputError(name, `Input '${name}' is not a valid branch name: '${printable(branch)}'.`)
  }
}
