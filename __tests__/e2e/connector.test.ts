// wait: connector, end to end: dist/index.js against the fake GitHub and the spawned dist/connector/index.js, while a
// fake Flux posts signed generic-hmac events for each cluster.
import {describe, it, expect, beforeAll, afterAll} from '@jest/globals'
import {e2eSession} from './session.js'
import {PODINFO, OWNER, REPO, type World} from '../../testing/harness.js'
import {spawnConnector, type ConnectorProcess} from '../../testing/connector-process.js'
import {startFluxWebhook, type FluxWebhook, type WebhookObject} from '../../testing/fake-flux-webhook.js'
import {runnerCommands} from '../../testing/runner-commands.js'

const KEY = 'flux-hmac-key-0123456789abcdef0123456789'
const TOKEN = 'connector-read-token-0123456789abcdef0123'

let connector: ConnectorProcess
let w: World | undefined
let flux: FluxWebhook | undefined

beforeAll(async () => {
  connector = await spawnConnector({hmacKeys: [KEY], readTokens: [TOKEN]})
})
afterAll(async () => connector.stop())
const e2e = e2eSession(['violations'])

async function setup(objects: WebhookObject[], key = KEY, onB = false): Promise<World> {
  w = await e2e.world()
  flux = e2e.flux(
    startFluxWebhook(w.fake, {owner: OWNER, repo: REPO, branch: 'main', connectorUrl: connector.url, key, objects})
  )
  // A running cluster: every object already applied the current head (B) healthy.
  if (onB) await flux.reportNow(w.head())
  return w
}

const inputs = (extra: Record<string, string> = {}): Record<string, string> => ({
  images: `${PODINFO}:6.15.0`,
  paths: 'kustomize',
  strategy: 'push',
  wait: 'connector',
  'connector-url': connector.url,
  'connector-token': TOKEN,
  timeout: '20s',
  ...extra
})

describe('wait: connector', () => {
  it('is healthy when every cluster reports the revision healthy', async () => {
    const w = await setup([
      {cluster: 'staging-eu', name: 'apps', delayMs: 200},
      {cluster: 'staging-us', name: 'apps', delayMs: 600}
    ])
    const run = await w.run(
      inputs({contexts: 'staging-eu/Kustomization/flux-system/apps\nstaging-us/Kustomization/flux-system/apps'})
    )
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({result: 'healthy', 'applied-revision': w.head(), commit: w.head()})
    expect(run.summary).toContain('`staging-us/Kustomization/flux-system/apps` | healthy')
    expect(flux?.answers.every(s => s === 202)).toBe(true)
  })

  it("fails after the grace with Flux's message when the health check fails", async () => {
    const w = await setup([
      {
        cluster: 'prod',
        name: 'apps',
        delayMs: 200,
        script: [
          {
            severity: 'error',
            reason: 'HealthCheckFailed',
            message:
              "health check failed after 5m0s: timeout waiting for: [Deployment/apps/podinfo status: 'InProgress']"
          }
        ]
      }
    ])
    const run = await w.run(inputs({contexts: 'prod/Kustomization/flux-system/apps', 'failure-grace': '1s'}))
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('failed')
    const message = run.errors.join('\n')
    expect(message).toContain('prod/Kustomization/flux-system/apps')
    expect(message).toContain("Deployment/apps/podinfo status: 'InProgress'")
  })

  it('ignores events it cannot verify: a wrongly signed Flux never makes the rollout healthy', async () => {
    const w = await setup([{cluster: 'prod', name: 'apps', delayMs: 200}], 'not-the-key')
    const run = await w.run(inputs({contexts: 'prod/Kustomization/flux-system/apps', timeout: '2s'}))
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('timed-out')
    expect(flux?.answers.length).toBeGreaterThan(0)
    expect(flux?.answers.every(s => s === 401)).toBe(true)
  })

  it('keeps trying an unreachable connector until the timeout, then says so', async () => {
    w = await e2e.world()
    const run = await w.run(inputs({'connector-url': 'http://127.0.0.1:9', contexts: 'prod/*', timeout: '1s'}))
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('timed-out')
    expect(run.stdout + run.errors.join('\n')).toContain('http://127.0.0.1:9')
    expect(run.stdout).toMatch(/unreachable/i)
  })

  it('refuses a wrong read token clearly', async () => {
    w = await e2e.world()
    const run = await w.run(inputs({'connector-token': 'wrong', contexts: 'prod/*', timeout: '5s'}))
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toMatch(/401|token/i)
  })

  it('two objects in one cluster, one failing: failed naming it (was: healthy as soon as one was)', async () => {
    const w = await setup(
      [
        {cluster: 'prod', name: 'apps', delayMs: 200},
        {
          cluster: 'prod',
          name: 'infra',
          delayMs: 400,
          script: [{severity: 'error', reason: 'HealthCheckFailed', message: 'health check failed: Deployment/infra/x'}]
        }
      ],
      KEY,
      true
    )
    const run = await w.run(inputs({contexts: 'prod/*', 'failure-grace': '1s'}))
    expect(run.outputs.result).toBe('failed')
    expect(run.errors.join('\n')).toContain('prod/Kustomization/flux-system/infra')
  })

  it('a connector URL answering 404 fails at once naming the URL', async () => {
    w = await e2e.world()
    const run = await w.run(inputs({'connector-url': `${connector.url}/typo`, contexts: 'prod/*', timeout: '30s'}))
    expect(run.outputs.result).toBe('failed')
    expect(run.errors.join('\n')).toContain(`${connector.url}/typo`)
    expect(run.durationMs).toBeLessThan(20_000)
  })

  it("Flux's message cannot act as a workflow command", async () => {
    const injected = [
      'health check failed',
      '::error::injected error',
      '::add-mask::injected-mask',
      '::stop-commands::injected-token',
      '::warning::after the injected stop',
      '##[error]legacy injected'
    ].join('\n')
    const w = await setup([
      {
        cluster: 'prod',
        name: 'apps',
        delayMs: 200,
        script: [{severity: 'error', reason: 'HealthCheckFailed', message: injected}]
      }
    ])
    const run = await w.run(inputs({contexts: 'prod/*', 'failure-grace': '1s'}))
    expect(run.outputs.result).toBe('failed')
    expect(run.stdout).toContain('::add-mask::injected-mask') // it was printed ...
    const commands = runnerCommands(run.stdout)
    // ... but the runner obeys none of it: no mask, no warning, only the action's own single-line error.
    expect(commands.filter(c => /injected/.test(c.data) && c.command !== 'error')).toEqual([])
    expect(commands.filter(c => c.command === 'add-mask').map(c => c.data)).toEqual([w.fake.token, TOKEN])
    const errors = commands.filter(c => c.command === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.data).toMatch(/^Flux reported a failure/)
    // The action's own commands after the text still work: the Outputs group closes.
    expect(commands.filter(c => c.command === 'endgroup').length).toBeGreaterThan(2)
  })
})
