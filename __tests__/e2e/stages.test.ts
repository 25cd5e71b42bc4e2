// Promoting what one stage runs to the next, end to end: dist/index.js against the fake GitHub, with the staging
// stage's Flux reports seeded on GitHub's clock (the fake's clock runs ahead of the runner's, so "healthy for 40
// minutes" takes no real time) and a fake Flux reporting production.
import {describe, it, expect, afterEach, beforeAll, afterAll} from '@jest/globals'
import {changedLines, OWNER, REPO, PODINFO} from '../../testing/harness.js'
import {startFakeGitHub, type FakeGitHub} from '../../testing/fake-github/index.js'
import {startFakeFlux, type FakeFlux} from '../../testing/fake-flux.js'
import {runAction, type ActionRun} from '../../testing/run-action.js'
import {spawnConnector, type ConnectorProcess} from '../../testing/connector-process.js'
import {fluxEventBody, signBody, startFluxWebhook, type FluxWebhook} from '../../testing/fake-flux-webhook.js'

const MIN = 60_000
const DIGEST = `sha256:${'5'.repeat(64)}`
const OLD_DIGEST = `sha256:${'0'.repeat(64)}`
const REDIS_DIGEST = `sha256:${'7'.repeat(64)}`
const STAGING = 'kustomization/apps-staging/0c9c2e41'
const PRODUCTION = 'kustomization/apps-production/0c9c2e41'

/** Staging runs podinfo 6.15.0 pinned by digest (kustomize images:) and redis by tag+digest (a container image). */
const STAGING_FILES: Record<string, string> = {
  'apps/staging/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../base
  - cache.yaml
  - debug.yaml
images:
  - name: ${PODINFO}
    newTag: 6.15.0
    digest: ${DIGEST}
`,
  'apps/staging/cache.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cache
spec:
  template:
    spec:
      containers:
        - name: redis
          image: docker.io/redis:8.8.1@${REDIS_DIGEST}
`,
  'apps/staging/debug.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
`
}

/** Production holds the same images in the other formats: kustomize with a setter, Helm values, containers. */
const PRODUCTION_FILES: Record<string, string> = {
  'apps/production/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../base
  - cache.yaml
images:
  - name: ${PODINFO}
    newTag: 6.14.1 # {"$imagepolicy": "flux-system:podinfo:tag"}
`,
  'apps/production/release.yaml': `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: production
spec:
  values:
    image:
      repository: ${PODINFO}
      tag: "6.14.1"
      digest: ${OLD_DIGEST}
    replicaCount: 3
`,
  'apps/production/cache.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cache
spec:
  template:
    spec:
      containers:
        - name: redis
          image: docker.io/redis:8.8.0
        - name: sidecar
          image: ${PODINFO}:6.14.1 # {"$imagepolicy": "flux-system:podinfo"}
`,
  'apps/base/podinfo.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: podinfo
`
}

interface Stage {
  fake: FakeGitHub
  flux?: FakeFlux
  /** I: the commit that set staging's references. */
  I: string
  /** Moves GitHub's clock forward (statuses seeded before look older). */
  advance(ms: number): void
  run(inputs: Record<string, string>): Promise<ActionRun>
  file(path: string): string
}

let stage: Stage | undefined
afterEach(async () => {
  if (stage) {
    await stage.flux?.stop()
    expect(stage.fake.violations).toEqual([])
    expect(stage.fake.forcedUpdates).toEqual([])
    await stage.fake.close()
  }
  stage = undefined
})

/**
 * A gitops repo where staging's references were set by commit I, Flux reported I healthy (`staging`), then GitHub's
 * clock moved `healthyFor` on; an unrelated commit on top (so I is not the head). Production is reported by a fake
 * Flux on every new head.
 */
async function setup(
  opts: {
    staging?: {state: 'success' | 'failure'; description?: string} | 'none'
    healthyFor?: number
    stagingFiles?: Record<string, string>
  } = {}
): Promise<Stage> {
  let offset = 0
  const fake = await startFakeGitHub({clock: () => Date.now() + offset})
  fake.createRepo(OWNER, REPO, {files: {...PRODUCTION_FILES, 'README.md': '# gitops\n'}})
  const appSha = fake.createRepo(OWNER, 'app', {files: {'README.md': '# app\n'}})
  const I = fake.commitFiles(OWNER, REPO, 'main', opts.stagingFiles ?? STAGING_FILES, 'staging: podinfo 6.15.0')
  const reported = opts.staging ?? {state: 'success'}
  if (reported !== 'none') {
    fake.addStatus(OWNER, REPO, I, {
      context: STAGING,
      state: reported.state,
      description: reported.description ?? (reported.state === 'success' ? 'reconciliation succeeded' : 'failed')
    })
  }
  fake.commitFiles(OWNER, REPO, 'main', {'docs/notes.md': 'unrelated\n'}, 'docs')
  offset += opts.healthyFor ?? 40 * MIN
  const flux = startFakeFlux(fake, {
    owner: OWNER,
    repo: REPO,
    branch: 'main',
    reporters: [{context: PRODUCTION, delayMs: 300}]
  })
  stage = {
    fake,
    flux,
    I,
    advance: ms => void (offset += ms),
    run: inputs =>
      runAction({
        apiUrl: fake.url,
        token: fake.token,
        inputs: {
          repository: `${OWNER}/${REPO}`,
          interval: '50ms',
          paths: 'apps/production',
          'from-paths': 'apps/staging',
          contexts: 'kustomization/apps-production/*',
          'from-contexts': 'kustomization/apps-staging/*',
          strategy: 'push',
          timeout: '30s',
          ...inputs
        },
        env: {GITHUB_REPOSITORY: `${OWNER}/app`, GITHUB_SHA: appSha}
      }),
    file: path => fake.getFile(OWNER, REPO, 'main', path) as string
  }
  return stage
}

describe('stages: promote what staging runs to production', () => {
  it('promotes a tag+digest reference into every format, byte-minimal, naming the source in the commit', async () => {
    const s = await setup()
    const before = Object.fromEntries(Object.keys(PRODUCTION_FILES).map(p => [p, s.file(p)]))
    const run = await s.run({images: PODINFO, 'from-soak': '30m'})
    expect(run.code).toBe(0)
    const want = `${PODINFO}:6.15.0@${DIGEST}`
    expect(run.outputs).toMatchObject({result: 'healthy', images: want, 'source-revision': s.I, changed: 'true'})
    const diff = (p: string) => changedLines(before[p] as string, s.file(p))
    expect(s.file('apps/production/kustomization.yaml')).toBe(
      (before['apps/production/kustomization.yaml'] as string).replace(
        'newTag: 6.14.1 # {"$imagepolicy": "flux-system:podinfo:tag"}\n',
        `newTag: 6.15.0 # {"$imagepolicy": "flux-system:podinfo:tag"}\n    digest: ${DIGEST}\n`
      )
    )
    expect(diff('apps/production/release.yaml')).toEqual([
      '-      tag: "6.14.1"',
      '+      tag: "6.15.0"',
      `-      digest: ${OLD_DIGEST}`,
      `+      digest: ${DIGEST}`
    ])
    expect(diff('apps/production/cache.yaml')).toEqual([
      `-          image: ${PODINFO}:6.14.1 # {"$imagepolicy": "flux-system:podinfo"}`,
      `+          image: ${want} # {"$imagepolicy": "flux-system:podinfo"}`
    ])
    const commit = s.fake.log(OWNER, REPO, 'main')[0]
    // The target held two values (the Helm values were pinned to an older digest): both are named.
    expect(commit?.message).toBe(
      `promote ${PODINFO} 6.14.1, 6.14.1@${OLD_DIGEST} -> 6.15.0@${DIGEST} from apps/staging@${s.I.slice(0, 7)}`
    )
    expect(run.stdout).toMatch(/kustomization\/apps-staging\/0c9c2e41: healthy on [0-9a-f]{7}, healthy since/)
    expect(run.summary).toContain(`**Source stage:** \`apps/staging\` on \`main\``)
    expect(run.summary).toMatch(
      /\| `kustomization\/apps-staging\/0c9c2e41` \| healthy \| `[0-9a-f]{7}` \| \d{4}-\d\d-\d\dT/
    )
  })

  it('`*` promotes every image both stages run and logs the names only staging has', async () => {
    const s = await setup()
    const run = await s.run({images: '*'})
    expect(run.code).toBe(0)
    expect(run.outputs.images?.split('\n')).toEqual([
      `docker.io/redis:8.8.1@${REDIS_DIGEST}`,
      `${PODINFO}:6.15.0@${DIGEST}`
    ])
    expect(run.stdout).toContain('Skipped (referenced by the source only): busybox')
    expect(s.file('apps/production/cache.yaml')).toContain(`image: docker.io/redis:8.8.1@${REDIS_DIGEST}\n`)
    const message = s.fake.log(OWNER, REPO, 'main')[0]?.message ?? ''
    expect(message.split('\n')[0]).toBe(`promote 2 images from apps/staging@${s.I.slice(0, 7)}`)
    expect(message).toContain(`promote docker.io/redis 8.8.0 -> 8.8.1@${REDIS_DIGEST} from apps/staging@`)
  })

  it('waits for the rest of from-soak when it fits in the timeout', async () => {
    const s = await setup({healthyFor: 30 * MIN - 4000})
    const run = await s.run({images: PODINFO, 'from-soak': '30m', timeout: '40s'})
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('healthy')
    expect(run.stdout).toMatch(/soaking \d+s more/)
    // The first write comes only after the rest of the soak (about 4 s, less the start-up; GitHub's timestamps and
    // clock are known to the second), not at once.
    const writes = s.fake.writes()
    const firstRead = s.fake.requests.find(r => !r.client)
    expect((writes[0]?.time ?? 0) - (firstRead?.time ?? 0)).toBeGreaterThanOrEqual(1000)
  })

  it('ends blocked at once, writing nothing, when the soak cannot finish within the timeout', async () => {
    const s = await setup({healthyFor: 10 * MIN})
    const run = await s.run({images: PODINFO, 'from-soak': '1h', environment: 'production', timeout: '5m'})
    expect(run.code).not.toBe(0)
    expect(run.outputs.result).toBe('blocked')
    expect(run.errors.join('\n')).toMatch(
      /has been healthy for 10m[ \ds]* \(since [^)]+\); from-soak asks for 1h: (49m \d+s|50m) left, more than the 4m \d+s left of the timeout/
    )
    expect(run.durationMs).toBeLessThan(20_000)
    expect(s.fake.writes()).toEqual([])
    expect(run.outputs.images).toBe(`${PODINFO}:6.15.0@${DIGEST}`)
  })

  it("ends blocked with Flux's message when the source fails past the grace", async () => {
    const flux = "Health check failed after 2m0s: timeout waiting for: [Deployment/staging/podinfo status: 'Failed']"
    const s = await setup({staging: {state: 'failure', description: flux}, healthyFor: 10 * MIN})
    const run = await s.run({images: PODINFO})
    expect(run.code).not.toBe(0)
    expect(run.outputs.result).toBe('blocked')
    const error = run.errors.join('\n')
    expect(error).toContain('The source stage (apps/staging@')
    expect(error).toContain(
      `${STAGING} (pattern 'kustomization/apps-staging/*') has been failing on ${s.I.slice(0, 7)}`
    )
    expect(error).toContain(flux)
    expect(s.fake.writes()).toEqual([])
    expect(run.summary).toContain('| `kustomization/apps-staging/0c9c2e41` | failed |')
  })

  it('refuses an ambiguous source, listing every file:line reference', async () => {
    const s = await setup({
      stagingFiles: {
        ...STAGING_FILES,
        'apps/staging/canary.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: canary
spec:
  containers:
    - name: podinfo
      image: ${PODINFO}:6.16.0-rc.1
`
      }
    })
    const run = await s.run({images: PODINFO})
    expect(run.code).not.toBe(0)
    expect(run.outputs.result).toBe('failed')
    const error = run.errors.join('\n')
    expect(error).toContain(`the source holds 2 different references for ${PODINFO}`)
    expect(error).toContain(`apps/staging/canary.yaml:8 ${PODINFO}:6.16.0-rc.1`)
    expect(error).toContain(`apps/staging/kustomization.yaml:8 ${PODINFO}:6.15.0@${DIGEST}`)
    expect(s.fake.writes()).toEqual([])
  })

  it('ends blocked when staging changes its references after I and Flux applies the change', async () => {
    const s = await setup({staging: 'none'})
    const fake = s.fake
    let changed = ''
    // Staging moves on once the action has read staging's reports for I (so it resolved I first).
    const timer = setInterval(() => {
      if (changed || !fake.requests.some(r => r.path.includes(`/commits/${s.I}/`))) return
      const text = STAGING_FILES['apps/staging/kustomization.yaml'] as string
      changed = fake.commitFiles(
        OWNER,
        REPO,
        'main',
        {'apps/staging/kustomization.yaml': text.replace('newTag: 6.15.0', 'newTag: 6.16.0')},
        'staging: podinfo 6.16.0'
      )
      // Staging's Flux applies the new commit: its report is about 6.16.0, not what would be promoted.
      fake.addStatus(OWNER, REPO, changed, {
        context: STAGING,
        state: 'success',
        description: 'reconciliation succeeded'
      })
    }, 20)
    const run = await s.run({images: PODINFO})
    clearInterval(timer)
    expect(changed).not.toBe('')
    expect(run.code).not.toBe(0)
    expect(run.outputs.result).toBe('blocked')
    const error = run.errors.join('\n')
    expect(error).toContain(`The source stage changed after ${s.I.slice(0, 7)}`)
    expect(error).toContain(
      `${changed.slice(0, 7)} no longer holds the written values: apps/staging/kustomization.yaml:9 has 6.16.0 (this run wrote 6.15.0)`
    )
    expect(s.fake.writes()).toEqual([])
  })

  it.each([
    ['before Flux reports the new head', false],
    ['after Flux reports the new head healthy', true]
  ])('ends blocked when staging, healthy at I, changes its references during the soak, %s', async (_, reported) => {
    const s = await setup({healthyFor: 30 * MIN - 5000})
    const fake = s.fake
    let changed = ''
    // Staging moves on once the action has read staging's reports for I (so it resolved I first).
    const timer = setInterval(() => {
      if (changed || !fake.requests.some(r => r.path.includes(`/commits/${s.I}/`))) return
      const text = STAGING_FILES['apps/staging/kustomization.yaml'] as string
      changed = fake.commitFiles(
        OWNER,
        REPO,
        'main',
        {'apps/staging/kustomization.yaml': text.replace('newTag: 6.15.0', 'newTag: 6.16.0')},
        'staging: podinfo 6.16.0'
      )
      if (reported) {
        fake.addStatus(OWNER, REPO, changed, {
          context: STAGING,
          state: 'success',
          description: 'reconciliation succeeded'
        })
      }
    }, 20)
    const run = await s.run({images: PODINFO, 'from-soak': '30m', timeout: '40s'})
    clearInterval(timer)
    expect(changed).not.toBe('')
    expect(run.outputs.result).toBe('blocked')
    expect(run.code).not.toBe(0)
    const error = run.errors.join('\n')
    expect(error).toContain(`The source stage changed after ${s.I.slice(0, 7)}, so it no longer runs`)
    expect(error).toContain(
      `${changed.slice(0, 7)} no longer holds the written values: apps/staging/kustomization.yaml:9 has 6.16.0 (this run wrote 6.15.0)`
    )
    expect(s.fake.writes()).toEqual([])
  })

  it('takes as I the latest change in history over every from-paths prefix, not the latest committer date', async () => {
    // I (reported healthy) touched both folders; a later commit changed podinfo with an older committer date (a
    // rebase, a skewed clock). Evidence on I is about 6.15.0, so it cannot prove the 6.16.0 the head runs.
    const s = await setup({
      stagingFiles: {...STAGING_FILES, 'clusters/staging/flux.yaml': 'apiVersion: v1\nkind: Namespace\n'}
    })
    const text = STAGING_FILES['apps/staging/kustomization.yaml'] as string
    const later = s.fake.commitFiles(
      OWNER,
      REPO,
      'main',
      {'apps/staging/kustomization.yaml': text.replace('newTag: 6.15.0', 'newTag: 6.16.0')},
      'staging: podinfo 6.16.0',
      {name: 'rebaser', email: 'rebaser@example.com', date: '2020-01-01T00:00:00Z'}
    )
    const run = await s.run({images: PODINFO, 'from-paths': 'apps/staging\nclusters/staging', timeout: '3s'})
    expect(run.outputs.result).toBe('blocked')
    expect(run.stdout).toContain(`apps/staging, clusters/staging@${later.slice(0, 7)}`)
    expect(s.fake.writes()).toEqual([])
  })

  it('dry run: resolves, checks the evidence, prints the diff and the evidence, writes nothing', async () => {
    const s = await setup()
    const run = await s.run({images: PODINFO, 'dry-run': 'true', 'from-soak': '30m'})
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({result: 'dry-run', changed: 'true', 'source-revision': s.I})
    expect(run.stdout).toContain(`+    digest: ${DIGEST}`)
    expect(run.stdout).toContain('Evidence:')
    expect(s.fake.writes()).toEqual([])
    // Not soaked long enough: a dry run says so instead of waiting.
    const short = await s.run({images: PODINFO, 'dry-run': 'true', 'from-soak': '2h'})
    expect(short.outputs.result).toBe('blocked')
    expect(short.errors.join('\n')).toMatch(/from-soak asks for 2h: 1h (19|20)m left/)
  })
})

describe('stages: bad input writes nothing', () => {
  it.each<[string, Record<string, string>, string[], boolean]>([
    ['a bare name without from-paths', {images: PODINFO, 'from-paths': ''}, ["'images'", "'from-paths'"], false],
    ['* without from-paths', {images: '*', 'from-paths': ''}, ["'images'", "'from-paths'"], false],
    ['from-soak not a duration', {images: PODINFO, 'from-soak': 'half an hour'}, ["'from-soak'", 'duration'], false],
    [
      'from-paths matching nothing',
      {images: PODINFO, 'from-paths': 'apps/stagin'},
      ["'from-paths'", 'matches no manifest'],
      true
    ]
  ])('%s', async (_what, inputs, texts, reads) => {
    const s = await setup()
    const run = await s.run(inputs)
    expect(run.code).not.toBe(0)
    expect(run.outputs.result).toBe('failed')
    for (const t of texts) expect(run.errors.join('\n')).toContain(t)
    expect(s.fake.writes()).toEqual([])
    if (!reads) expect(s.fake.requests.filter(r => !r.client)).toEqual([])
  })
})

describe('stages: connector mode reads the evidence from the connector', () => {
  const KEY = 'flux-hmac-key-0123456789abcdef0123456789'
  const TOKEN = 'connector-read-token-0123456789abcdef0123'
  let connector: ConnectorProcess
  let prodFlux: FluxWebhook | undefined
  beforeAll(async () => {
    connector = await spawnConnector({hmacKeys: [KEY], readTokens: [TOKEN]})
  })
  afterAll(async () => connector.stop())
  afterEach(() => prodFlux?.stop())

  /** Flux in the staging cluster tells the connector about I, `agoMs` ago. */
  async function stagingEvent(
    I: string,
    agoMs: number,
    step: {severity?: 'info' | 'error'; reason: string; message: string}
  ) {
    const body = fluxEventBody({cluster: 'staging', name: 'apps'}, step, `main@sha1:${I}`, new Date(Date.now() - agoMs))
    const res = await fetch(`${connector.url}/api/v1/flux/events`, {
      method: 'POST',
      headers: {'content-type': 'application/json', 'x-signature': signBody(body, KEY)},
      body
    })
    expect(res.status).toBe(202)
  }

  const connectorInputs = (extra: Record<string, string>): Record<string, string> => ({
    images: PODINFO,
    wait: 'connector',
    'connector-url': connector.url,
    'connector-token': TOKEN,
    'from-contexts': 'staging/Kustomization/flux-system/apps',
    contexts: 'prod/Kustomization/flux-system/apps',
    ...extra
  })

  it('promotes once the connector has heard staging healthy for from-soak', async () => {
    const s = await setup({staging: 'none'})
    await stagingEvent(s.I, 40 * MIN, {reason: 'ReconciliationSucceeded', message: 'Reconciliation finished in 2s'})
    prodFlux = startFluxWebhook(s.fake, {
      owner: OWNER,
      repo: REPO,
      branch: 'main',
      connectorUrl: connector.url,
      key: KEY,
      objects: [{cluster: 'prod', name: 'apps', delayMs: 200}]
    })
    const run = await s.run(connectorInputs({'from-soak': '30m'}))
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({
      result: 'healthy',
      'source-revision': s.I,
      images: `${PODINFO}:6.15.0@${DIGEST}`
    })
    expect(run.stdout).toMatch(/staging\/Kustomization\/flux-system\/apps: healthy on [0-9a-f]{7}, healthy since/)
  })

  it("ends blocked with Flux's message when the connector has staging failing", async () => {
    const s = await setup({staging: 'none'})
    const message = "health check failed after 5m0s: timeout waiting for: [Deployment/staging/podinfo status: 'Failed']"
    await stagingEvent(s.I, 10 * MIN, {severity: 'error', reason: 'HealthCheckFailed', message})
    const run = await s.run(connectorInputs({}))
    expect(run.code).not.toBe(0)
    expect(run.outputs.result).toBe('blocked')
    expect(run.errors.join('\n')).toContain(message)
    expect(s.fake.writes()).toEqual([])
  })

  // Last in this block: its event is the newest for staging's apps on the shared connector, and an older one posted
  // by a later test would not replace it.
  it('ends blocked when staging changes its references during the soak, before its Flux applies them', async () => {
    // Healthy at I for 30m less about 5 s on GitHub's clock: the action soaks the rest.
    const s = await setup({staging: 'none', healthyFor: 30 * MIN - 6000})
    await stagingEvent(s.I, 1000, {reason: 'ReconciliationSucceeded', message: 'Reconciliation finished in 2s'})
    const fake = s.fake
    let changed = ''
    const timer = setInterval(() => {
      if (changed || !fake.requests.some(r => r.path.includes('/compare/'))) return
      const text = STAGING_FILES['apps/staging/kustomization.yaml'] as string
      changed = fake.commitFiles(
        OWNER,
        REPO,
        'main',
        {'apps/staging/kustomization.yaml': text.replace('newTag: 6.15.0', 'newTag: 6.16.0')},
        'staging: podinfo 6.16.0'
      )
    }, 20)
    const run = await s.run(connectorInputs({'from-soak': '30m', timeout: '40s'}))
    clearInterval(timer)
    expect(changed).not.toBe('')
    expect(run.outputs.result).toBe('blocked')
    expect(run.errors.join('\n')).toContain(
      `${changed.slice(0, 7)} no longer holds the written values: apps/staging/kustomization.yaml:9 has 6.16.0`
    )
    expect(s.fake.writes()).toEqual([])
  })
})
