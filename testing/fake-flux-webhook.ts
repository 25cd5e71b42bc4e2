// A fake Flux notification-controller with a generic-hmac Provider: when the branch moves, it POSTs signed events
// for each object (as NC forwards them: compact JSON, un-prefixed metadata with the Alert's `cluster`).
import {createHmac} from 'node:crypto'
import type {FakeGitHub} from './fake-github/index.js'

export interface WebhookStep {
  afterMs?: number
  severity?: 'info' | 'error'
  reason: string
  message: string
}

export interface WebhookObject {
  cluster: string
  kind?: string
  namespace?: string
  name: string
  delayMs?: number
  /** Default: Progressing "Health check passed", then ReconciliationSucceeded. */
  script?: WebhookStep[]
}

export interface FluxWebhook {
  /** Status codes of every POST, in order. */
  readonly answers: number[]
  /** Every POST as it was sent: reason, message and time (ms since epoch). */
  readonly sent: {reason: string; message: string; at: number}[]
  /** Posts ReconciliationSucceeded for every object on `sha` now (a cluster that already applied it). */
  reportNow(sha: string): Promise<void>
  /** With `hold`: starts the scripts of every branch move seen so far (their delays count from now). */
  release(): void
  stop(): void
}

export function fluxEventBody(o: WebhookObject, step: WebhookStep, revision: string, at: Date): string {
  const kind = o.kind ?? 'Kustomization'
  return JSON.stringify({
    involvedObject: {
      kind,
      namespace: o.namespace ?? 'flux-system',
      name: o.name,
      uid: '7d0cdc51-ddcf-4743-b223-83ca5c699632',
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1'
    },
    severity: step.severity ?? 'info',
    timestamp: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    message: step.message,
    reason: step.reason,
    metadata: {cluster: o.cluster, revision},
    reportingController: 'kustomize-controller'
  })
}

export function signBody(body: string, key: string): string {
  return `sha256=${createHmac('sha256', key).update(body).digest('hex')}`
}

const HEALTHY: WebhookStep[] = [
  {reason: 'Progressing', message: 'Deployment/apps/podinfo configured'},
  {afterMs: 100, reason: 'Progressing', message: 'Health check passed in 2.1s'},
  {afterMs: 100, reason: 'ReconciliationSucceeded', message: 'Reconciliation finished in 2.3s, next run in 10m0s'}
]

export function startFluxWebhook(
  fake: FakeGitHub,
  opts: {
    owner: string
    repo: string
    branch: string
    connectorUrl: string
    key: string
    objects: WebhookObject[]
    /** Flux says nothing until `release()`: a test decides when the cluster reconciles, instead of guessing a delay. */
    hold?: boolean
  }
): FluxWebhook {
  const answers: number[] = []
  const sent: {reason: string; message: string; at: number}[] = []
  const timers = new Set<NodeJS.Timeout>()
  let stopped = false
  // As notification-controller's generic-hmac provider posts an event.
  const post = (body: string): Promise<Response> =>
    fetch(`${opts.connectorUrl}/api/v1/flux/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'gotk-component': 'kustomize-controller',
        'x-signature': signBody(body, opts.key)
      },
      body
    })
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t)
      if (!stopped) fn()
    }, ms)
    timers.add(t)
  }
  let held: string[] | undefined = opts.hold ? [] : undefined
  const reconcile = (sha: string): void => {
    const revision = `${opts.branch}@sha1:${sha}`
    for (const o of opts.objects) {
      let at = o.delayMs ?? 0
      for (const step of o.script ?? HEALTHY) {
        at += step.afterMs ?? 0
        later(at, () => {
          const body = fluxEventBody(o, step, revision, new Date())
          sent.push({reason: step.reason, message: step.message, at: Date.now()})
          void post(body).then(
            res => answers.push(res.status),
            () => answers.push(0)
          )
        })
      }
    }
  }
  const off = fake.onEvent(e => {
    if (e.type !== 'ref' || e.ref !== `refs/heads/${opts.branch}` || !e.sha) return
    if (held) held.push(e.sha)
    else reconcile(e.sha)
  })
  return {
    answers,
    sent,
    release() {
      const shas = held ?? []
      held = undefined
      for (const sha of shas) reconcile(sha)
    },
    async reportNow(sha) {
      const step: WebhookStep = {reason: 'ReconciliationSucceeded', message: 'Reconciliation finished'}
      for (const o of opts.objects) {
        const body = fluxEventBody(o, step, `${opts.branch}@sha1:${sha}`, new Date())
        const res = await post(body)
        answers.push(res.status)
      }
    },
    stop() {
      stopped = true
      off()
      for (const t of timers) clearTimeout(t)
    }
  }
}

/**
 * Delivers one event the way notification-controller does: go-retryablehttp with RetryMax 4 and backoff from 2 s
 * doubling, all inside the Provider's 15 s timeout, so attempts go out at about 0, 2, 6 and 14 s. Connection errors,
 * 429 and 5xx (except 501) are retried; the last status (0: no answer) is returned with the number of attempts.
 */
export async function postLikeFlux(
  url: string,
  body: string,
  key: string,
  opts: {backoffMs?: number[]} = {}
): Promise<{status: number; attempts: number}> {
  const backoff = opts.backoffMs ?? [2000, 4000, 8000]
  let status = 0
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {'content-type': 'application/json', 'x-signature': signBody(body, key)},
        body,
        signal: AbortSignal.timeout(15_000)
      })
      status = res.status
      await res.arrayBuffer()
    } catch {
      status = 0
    }
    const retry = status === 0 || status === 429 || (status >= 500 && status !== 501)
    const wait = backoff[attempt]
    if (!retry || wait === undefined) return {status, attempts: attempt + 1}
    await new Promise(r => setTimeout(r, wait))
  }
}
