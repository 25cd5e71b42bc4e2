import {describe, it, expect} from '@jest/globals'
import {readInputs, INPUT_DEFAULTS, TEST_MIN_INTERVAL_ENV, type InputName} from '../../src/action/inputs.js'
import {defaultPrBranch} from '../../src/action/write/pr-branch.js'
import {InputError} from '../../src/core/errors.js'
import {actionInputs} from '../../testing/run-action.js'

const ENV = {
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_SHA: 'b'.repeat(40),
  GITHUB_RUN_ID: '7',
  GITHUB_SERVER_URL: 'https://github.com'
}

function read(inputs: Partial<Record<InputName, string>>, env: NodeJS.ProcessEnv = ENV) {
  const all: Partial<Record<InputName, string>> = {token: 't0ken', images: 'ghcr.io/acme/api:1.4.2', ...inputs}
  return readInputs(name => all[name] ?? '', env)
}

function inputError(inputs: Partial<Record<InputName, string>>, env?: NodeJS.ProcessEnv): InputError {
  try {
    read(inputs, env)
  } catch (e) {
    if (e instanceof InputError) return e
    throw e
  }
  throw new Error('no InputError')
}

describe('readInputs', () => {
  it('applies the defaults of action.yml', () => {
    const cfg = read({})
    expect(cfg).toMatchObject({
      owner: 'acme',
      repo: 'app',
      branch: '',
      paths: ['.'],
      strategy: 'merge',
      mergeMethod: 'squash',
      wait: 'commit-status',
      contexts: ['kustomization/*'],
      healthyDescription: 'reconciliation succeeded',
      timeoutMs: 900_000,
      intervalMs: 10_000,
      graceMs: 180_000,
      dryRun: false,
      prComment: true,
      run: {url: 'https://github.com/acme/app/actions/runs/7', repository: 'acme/app', sha: 'b'.repeat(40)}
    })
  })

  it('keeps the same defaults as action.yml, input by input', () => {
    const yml = actionInputs()
    expect(Object.keys(yml).sort()).toEqual(Object.keys(INPUT_DEFAULTS).sort())
    for (const [name, spec] of Object.entries(yml)) {
      expect([name, spec.default]).toEqual([name, INPUT_DEFAULTS[name as InputName]])
    }
  })

  it('reads images in both forms', () => {
    const cfg = read({
      images: `ghcr.io/acme/api:1.5.0\n\n  flux-system:podinfo=ghcr.io/acme/podinfo:6.5.0@sha256:${'c'.repeat(64)}  \n`
    })
    expect(cfg.targets).toEqual([
      {
        kind: 'image',
        line: 'ghcr.io/acme/api:1.5.0',
        ref: expect.objectContaining({name: 'ghcr.io/acme/api', tag: '1.5.0'})
      },
      {
        kind: 'policy',
        namespace: 'flux-system',
        policy: 'podinfo',
        line: `flux-system:podinfo=ghcr.io/acme/podinfo:6.5.0@sha256:${'c'.repeat(64)}`,
        ref: expect.objectContaining({name: 'ghcr.io/acme/podinfo', tag: '6.5.0', digest: `sha256:${'c'.repeat(64)}`})
      }
    ])
  })

  it.each([
    ['ghcr.io/acme/api:1.4.2\nkind: Secret', "Input 'images'"],
    ['ghcr.io/acme/api:1.4#2', 'not a valid OCI image reference'],
    ['ghcr.io/acme/api:"1.4.2"', 'not a valid OCI image reference'],
    ["ghcr.io/acme/api:'1.4.2'", 'not a valid OCI image reference'],
    ['ghcr.io/acme/api: 1.4.2', 'not a valid OCI image reference'],
    [`ghcr.io/acme/api:${'x'.repeat(129)}`, 'not a valid OCI image reference'],
    ['ghcr.io/acme/api', 'has no tag or digest'],
    ['ghcr.io/acme/api:1\nghcr.io/acme/api:2', 'names the same image twice'],
    ['Flux-System:podinfo=ghcr.io/a/b:1', 'is not <namespace>:<policy>=<reference>'],
    ['flux-system:podinfo=ghcr.io/a/b:1 x', 'not a valid OCI image reference']
  ])('rejects images %j', (images, text) => {
    const e = inputError({images})
    expect(e.input).toBe('images')
    expect(e.message).toContain(text)
  })

  it.each<[Partial<Record<InputName, string>>, InputName, string]>([
    [{images: ''}, 'images', 'is required'],
    [{token: ''}, 'token', 'is empty'],
    [{repository: 'acme'}, 'repository', 'must be owner/name'],
    [{strategy: 'merg'}, 'strategy', "must be one of push, pull-request, merge, auto-merge; got 'merg'"],
    [{'merge-method': 'ff'}, 'merge-method', 'must be one of merge, squash, rebase'],
    [{wait: 'flux'}, 'wait', 'must be one of commit-status, connector, handoff, none'],
    [{timeout: '15'}, 'timeout', 'must be a duration such as 30s'],
    [{interval: '1h', timeout: '10m'}, 'interval', "must not exceed 'timeout'"],
    [{'failure-grace': 'soon'}, 'failure-grace', 'must be a duration'],
    [{'dry-run': 'yes'}, 'dry-run', 'must be true or false'],
    [{'pr-comment': 'off'}, 'pr-comment', "Input 'pr-comment' must be true or false; got 'off'"],
    [{branch: 'main..x'}, 'branch', 'not a valid branch name'],
    [{'pr-branch': 'a b'}, 'pr-branch', 'not a valid branch name'],
    [{paths: '../other'}, 'paths', 'inside the gitops repo'],
    [{paths: '/etc'}, 'paths', 'inside the gitops repo'],
    [{wait: 'connector'}, 'connector-url', 'is required with wait: connector'],
    [{wait: 'connector', 'connector-url': 'ftp://x'}, 'connector-url', 'must be an http(s) URL'],
    [{wait: 'connector', 'connector-url': 'http://x'}, 'connector-token', 'is required'],
    [{wait: 'handoff'}, 'connector-url', 'is required with wait: handoff'],
    [{wait: 'handoff', 'connector-url': 'http://x'}, 'connector-token', 'is required with wait: handoff'],
    [{'dispatch-payload': '{}'}, 'dispatch-payload', 'only applies with wait: handoff'],
    [
      {wait: 'handoff', 'connector-url': 'http://x', 'connector-token': 't', 'on-failure': 'revert'},
      'on-failure',
      'needs the action to wait'
    ],
    [
      {wait: 'handoff', 'connector-url': 'http://x', 'connector-token': 't', 'dispatch-payload': '{"a": '},
      'dispatch-payload',
      'must be a JSON object'
    ],
    [
      {wait: 'handoff', 'connector-url': 'http://x', 'connector-token': 't', 'dispatch-payload': '"text"'},
      'dispatch-payload',
      'must be a JSON object'
    ],
    [{wait: 'none', soak: '5m'}, 'soak', 'Set wait (commit-status, connector or handoff) or remove'],
    [{wait: 'none', 'on-failure': 'revert'}, 'on-failure', 'Set wait (commit-status or connector) or remove'],
    [{'commit-message': 'bump {image}'}, 'commit-message', 'unknown placeholder {image}'],
    [{'pr-title': '{Branch}'}, 'pr-title', 'unknown placeholder']
  ])('rejects %j naming %s', (inputs, name, text) => {
    const e = inputError(inputs)
    expect(e.input).toBe(name)
    expect(e.message).toContain(`'${name}'`)
    expect(e.message).toContain(text)
  })

  it('keeps interval at 1s or more unless the test-only setting lowers the minimum', () => {
    expect(inputError({interval: '50ms'}).message).toContain("Input 'interval' must be at least 1s; got '50ms'")
    expect(read({interval: '50ms'}, {...ENV, [TEST_MIN_INTERVAL_ENV]: '10ms'}).intervalMs).toBe(50)
    expect(inputError({interval: '5ms'}, {...ENV, [TEST_MIN_INTERVAL_ENV]: '10ms'}).input).toBe('interval')
    expect(() => read({}, {...ENV, [TEST_MIN_INTERVAL_ENV]: 'fast'})).toThrow(TEST_MIN_INTERVAL_ENV)
  })

  it('pauses 5xx retries in units of 1s unless the test-only setting lowers them too', () => {
    expect(read({}).retryUnitMs).toBe(1000)
    expect(read({}, {...ENV, [TEST_MIN_INTERVAL_ENV]: '10ms'}).retryUnitMs).toBe(10)
  })

  it('refuses environment when the workflow repository is unknown', () => {
    expect(inputError({environment: 'prod', repository: 'acme/gitops'}, {}).input).toBe('environment')
  })

  it('never repeats the token in a message', () => {
    const e = inputError({token: 'ghp_supersecret', strategy: 'x'})
    expect(e.message).not.toContain('ghp_supersecret')
  })

  it('parses labels, paths and durations', () => {
    const cfg = read({
      'pr-labels': 'gitops, promote\nauto',
      paths: './apps/staging\nclusters/**/*.yaml',
      timeout: '1h30m',
      'dry-run': 'TRUE'
    })
    expect(cfg.prLabels).toEqual(['gitops', 'promote', 'auto'])
    expect(cfg.paths).toEqual(['apps/staging', 'clusters/**/*.yaml'])
    expect(cfg.timeoutMs).toBe(5_400_000)
    expect(cfg.dryRun).toBe(true)
  })

  it('derives a stable pr-branch', () => {
    const cfg = read({images: 'ghcr.io/acme/team/api:2\nflux-system:web=ghcr.io/acme/web:1'})
    expect(defaultPrBranch('main', cfg.targets)).toBe('gitops-promote/main/api')
    const policyFirst = read({images: 'flux-system:web=ghcr.io/acme/web-app:1'})
    expect(defaultPrBranch('staging', policyFirst.targets)).toBe('gitops-promote/staging/web')
  })
})

describe('hostile input in messages', () => {
  it('escapes control characters so an error cannot inject log lines', () => {
    const e = inputError({images: 'ghcr.io/a/b:1\n::set-output name=x::y'})
    expect(e.message).not.toContain('\n')
  })
})

describe('connector mode', () => {
  it('turns the commit-status default of contexts into every Kustomization', () => {
    const cfg = read({
      wait: 'connector',
      'connector-url': 'http://c:8080/',
      'connector-token': 'x',
      contexts: 'kustomization/*'
    })
    expect(cfg.contexts).toEqual(['*/Kustomization/*/*'])
    expect(cfg.connectorUrl).toBe('http://c:8080')
  })
  it('keeps explicit contexts', () => {
    const cfg = read({
      wait: 'connector',
      'connector-url': 'http://c',
      'connector-token': 'x',
      contexts: 'prod-*/Kustomization/flux-system/apps'
    })
    expect(cfg.contexts).toEqual(['prod-*/Kustomization/flux-system/apps'])
  })
})

describe('the connector credential', () => {
  const OIDC_ENV = {
    ...ENV,
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://runner.example/idtoken?api-version=2.0',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token'
  }

  it.each(['handoff', 'connector'])(
    'wait: %s without connector-token uses OIDC when the job grants id-token: write',
    wait => {
      const cfg = read({wait, 'connector-url': 'https://connector.example/'}, OIDC_ENV)
      expect(cfg).toMatchObject({
        connectorOidc: true,
        connectorToken: '',
        connectorAudience: 'https://connector.example'
      })
      expect(
        read({wait, 'connector-url': 'https://c', 'connector-audience': 'gitops-promote'}, OIDC_ENV).connectorAudience
      ).toBe('gitops-promote')
    }
  )

  it('prefers connector-token when both are available', () => {
    const cfg = read({wait: 'handoff', 'connector-url': 'https://c', 'connector-token': 'static'}, OIDC_ENV)
    expect(cfg).toMatchObject({connectorOidc: false, connectorToken: 'static'})
  })

  it('without either names connector-token, connector-audience and the permission', () => {
    const e = inputError({wait: 'handoff', 'connector-url': 'https://c'})
    expect(e.input).toBe('connector-token')
    expect(e.message).toContain("'connector-audience'")
    expect(e.message).toContain('permissions: id-token: write')
    // Only one of the two runner variables: no OIDC either.
    const half = {...ENV, ACTIONS_ID_TOKEN_REQUEST_URL: OIDC_ENV.ACTIONS_ID_TOKEN_REQUEST_URL}
    expect(inputError({wait: 'connector', 'connector-url': 'https://c'}, half).input).toBe('connector-token')
  })
})

describe('pattern length', () => {
  it.each(['contexts', 'from-contexts', 'healthy-description'] as const)(
    'refuses a %s pattern longer than 256 characters, naming the input',
    input => {
      const long = `kustomization/${'x'.repeat(250)}`
      const extra = input === 'from-contexts' ? {'from-paths': 'apps/staging', images: 'ghcr.io/acme/api'} : {}
      const e = inputError({[input]: long, ...extra})
      expect(e.input).toBe(input)
      expect(e.message).toContain('at most 256')
      expect(() => read({[input]: long.slice(0, 256), ...extra})).not.toThrow()
    }
  )
})

describe('from-* inputs (promoting from a source stage)', () => {
  it('reads bare names, * and full references as promotion requests', () => {
    const cfg = read({
      'from-paths': 'apps/staging\n./clusters/staging/*.yaml',
      images: `ghcr.io/acme/api\n*\nghcr.io/acme/web:1.2.3`,
      'from-soak': '30m'
    })
    expect(cfg.from).toMatchObject({
      paths: ['apps/staging', 'clusters/staging/*.yaml'],
      branch: '',
      contexts: ['kustomization/*'],
      soakMs: 1_800_000,
      requests: [
        {kind: 'name', name: 'ghcr.io/acme/api', line: 'ghcr.io/acme/api'},
        {kind: 'all', line: '*'},
        {kind: 'exact', line: 'ghcr.io/acme/web:1.2.3'}
      ]
    })
    // Only the full reference is a bump target before resolving.
    expect(cfg.targets.map(t => t.line)).toEqual(['ghcr.io/acme/web:1.2.3'])
  })

  it('takes from-branch and from-contexts when given', () => {
    const cfg = read({
      'from-paths': 'apps/staging',
      images: 'ghcr.io/acme/api',
      'from-branch': 'staging',
      'from-contexts': 'kustomization/apps-staging/*'
    })
    expect(cfg.from).toMatchObject({branch: 'staging', contexts: ['kustomization/apps-staging/*'], soakMs: 0})
  })

  it('has no source stage without from-paths', () => {
    expect(read({}).from).toBeUndefined()
  })

  it.each<[Partial<Record<InputName, string>>, InputName, string[]]>([
    [{images: 'ghcr.io/acme/api'}, 'images', ["'images'", "'from-paths'", 'ghcr.io/acme/api:<tag>']],
    [{images: '*'}, 'images', ["'images'", "'from-paths'"]],
    [
      {'from-paths': 'apps/staging', images: 'ghcr.io/acme/api', 'from-soak': '30'},
      'from-soak',
      ['must be a duration']
    ],
    [
      {'from-paths': 'apps/staging', images: 'ghcr.io/acme/api', 'from-branch': 'a..b'},
      'from-branch',
      ['valid branch']
    ],
    [{'from-paths': '../prod', images: 'ghcr.io/acme/api'}, 'from-paths', ['inside the gitops repo']],
    [{'from-paths': 'a', images: 'ghcr.io/acme/api\nghcr.io/acme/api:1.0.0'}, 'images', ['names the same image twice']],
    [{'from-paths': 'a', images: 'flux-system:api=ghcr.io/acme/api'}, 'images', ['has no tag or digest']],
    [{'from-soak': '30m'}, 'from-soak', ["needs 'from-paths'"]],
    [{'from-branch': 'staging'}, 'from-branch', ["needs 'from-paths'"]]
  ])('rejects %j naming %s', (inputs, name, texts) => {
    const e = inputError(inputs)
    expect(e.input).toBe(name)
    for (const t of texts) expect(e.message).toContain(t)
  })
})

describe('charts', () => {
  const D = `sha256:${'a'.repeat(64)}`
  it('reads <chart>=<version> and <chart>=<version>@<digest> next to images, or alone', () => {
    const cfg = read({charts: `podinfo=6.5.0\ncert-manager=v1.17.0@${D}\nredis=1.2.3-rc.1+build.7`})
    expect(cfg.targets).toEqual([
      {kind: 'image', ref: expect.anything(), line: 'ghcr.io/acme/api:1.4.2'},
      {kind: 'chart', chart: 'podinfo', version: '6.5.0', line: 'podinfo=6.5.0'},
      {kind: 'chart', chart: 'cert-manager', version: 'v1.17.0', digest: D, line: `cert-manager=v1.17.0@${D}`},
      {kind: 'chart', chart: 'redis', version: '1.2.3-rc.1+build.7', line: 'redis=1.2.3-rc.1+build.7'}
    ])
    expect(read({images: '', charts: 'podinfo=6.5.0'}).targets).toEqual([
      {kind: 'chart', chart: 'podinfo', version: '6.5.0', line: 'podinfo=6.5.0'}
    ])
  })

  it('takes a bare chart and * with from-paths, as promotion requests', () => {
    const cfg = read({images: '', charts: 'podinfo\n*', 'from-paths': 'apps/staging'})
    expect(cfg.targets).toEqual([])
    expect(cfg.from?.requests).toEqual([
      {kind: 'chart', chart: 'podinfo', line: 'podinfo'},
      {kind: 'all-charts', line: '*'}
    ])
  })

  it('needs images or charts', () => {
    const e = inputError({images: '', charts: ''})
    expect(e.input).toBe('images')
    expect(e.message).toBe(
      "Input 'images' or 'charts' is required: one image reference a line, e.g. ghcr.io/acme/api:1.4.2; " +
        'or one chart version a line, e.g. podinfo=6.5.0.'
    )
  })

  const FORMS = 'write <chart>=<version> or <chart>=<version>@sha256:<64 hex>, e.g. podinfo=6.5.0.'
  const notVersion = (line: string, version: string): string =>
    `Input 'charts' line '${line}': version '${version}' is neither SemVer 2 (6.5.0, 1.2.3-rc.1) nor an OCI tag ` +
    `([A-Za-z0-9_][A-Za-z0-9._-]{0,127}); ${FORMS}`
  it.each<[string, string]>([
    ['podinfo=6.5.0; rm -rf /', notVersion('podinfo=6.5.0; rm -rf /', '6.5.0; rm -rf /')],
    ['podinfo=6.5.0 #x', notVersion('podinfo=6.5.0 #x', '6.5.0 #x')],
    ['podinfo={6.5.0}', notVersion('podinfo={6.5.0}', '{6.5.0}')],
    ['podinfo=[1,2]', notVersion('podinfo=[1,2]', '[1,2]')],
    ['podinfo=*', notVersion('podinfo=*', '*')],
    ['podinfo=&a', notVersion('podinfo=&a', '&a')],
    ['podinfo=!x', notVersion('podinfo=!x', '!x')],
    ['podinfo=|', notVersion('podinfo=|', '|')],
    ['podinfo=>=1.0.0', notVersion('podinfo=>=1.0.0', '>=1.0.0')],
    ['podinfo=%x', notVersion('podinfo=%x', '%x')],
    ['podinfo=?', notVersion('podinfo=?', '?')],
    ['podinfo=', notVersion('podinfo=', '')],
    ['podinfo=.1', notVersion('podinfo=.1', '.1')],
    ['podinfo=6.5.0\tx', notVersion('podinfo=6.5.0\\tx', '6.5.0\\tx')],
    [
      'podinfo=6.5.0@sha256:abc',
      `Input 'charts' line 'podinfo=6.5.0@sha256:abc': digest 'sha256:abc' is not sha256:<64 lowercase hex>; ${FORMS}`
    ],
    [
      'podinfo=6.5.0@6.5.1',
      `Input 'charts' line 'podinfo=6.5.0@6.5.1': digest '6.5.1' is not sha256:<64 lowercase hex>; ${FORMS}`
    ],
    [
      'pod info=6.5.0',
      `Input 'charts' line 'pod info=6.5.0' does not start with a chart name (letters, digits, '.', '_', '-'): ${FORMS}`
    ],
    [
      '-podinfo=6.5.0',
      `Input 'charts' line '-podinfo=6.5.0' does not start with a chart name (letters, digits, '.', '_', '-'): ${FORMS}`
    ],
    [
      'podinfo',
      "Input 'charts' line 'podinfo' has no version: write podinfo=<version>, or set 'from-paths' to take the " +
        'version the source stage holds.'
    ],
    [
      '*',
      "Input 'charts' line '*' promotes every chart of a source stage, which needs 'from-paths' (the source stage's files)."
    ],
    ['podinfo=6.5.0\npodinfo=6.5.1', "Input 'charts' names the same chart twice: 'podinfo=6.5.0' and 'podinfo=6.5.1'."]
  ])('rejects %j naming charts', (charts, message) => {
    const e = inputError({charts})
    expect(e.input).toBe('charts')
    expect(e.message).toBe(message)
  })

  it('lists {charts} among the placeholders', () => {
    expect(read({'commit-message': 'Bump {charts}'}).commitMessage).toBe('Bump {charts}')
    expect(inputError({'pr-title': '{chart}'}).message).toContain('{images}, {charts}, {branch}')
  })
})
