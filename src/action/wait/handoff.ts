// wait: handoff: instead of waiting, register a watch with the connector, which judges the rollout by the same rules
// and sends a repository_dispatch with the result. The runner is released right after the write.
import {HttpClient} from '@actions/http-client'
import type {Config} from '../inputs.js'
import type {WatchSpecWire} from '../../core/connector-api.js'
import {connectorBearer, credentialName} from './connector-auth.js'

/** A retried POST is safe: the connector answers the same watch for the same run and commit. */
const ATTEMPTS = 4
const SOCKET_TIMEOUT_MS = 15_000

export interface HandoffInput {
  branch: string
  commit: string
  images: string[]
  /** The chart versions written, `<chart>=<version>[@digest]`. */
  charts: string[]
  /** Each file the change wrote, with the `images` and `charts` lines that wrote into it. */
  written: {path: string; images: string[]; charts?: string[]; releases?: string[]}[]
  /** ms since epoch: the run's start; the deadline is this plus `timeout` (one budget). */
  startedAt: number
  deployment?: {repository: string; id: number}
}

export function watchBody(cfg: Config, h: HandoffInput): WatchSpecWire {
  return {
    repository: `${cfg.owner}/${cfg.repo}`,
    branch: h.branch,
    commit: h.commit,
    contexts: cfg.contexts,
    healthy_description: cfg.healthyDescription,
    failure_grace_seconds: Math.round(cfg.graceMs / 1000),
    deadline: new Date(h.startedAt + cfg.timeoutMs).toISOString(),
    soak_seconds: Math.round(cfg.soakMs / 1000),
    quiet_ms: cfg.quietMs,
    images: h.images,
    ...(h.charts.length > 0 ? {charts: h.charts} : {}),
    written: h.written,
    environment: cfg.environment || null,
    deployment: h.deployment ?? null,
    run_url: cfg.run.url,
    workflow_repository: cfg.run.repository,
    payload: cfg.dispatchPayload
  }
}

export interface Registered {
  id: string
  created: boolean
}

export class HandoffError extends Error {}

type Rt = {sleep: (ms: number) => Promise<void>; log: {warning(msg: string): void}}

function defaultHttp(): HttpClient {
  return new HttpClient('gitops-promote', [], {allowRetries: false, socketTimeout: SOCKET_TIMEOUT_MS})
}

export type ConnectorCredentials = Pick<
  Config,
  'connectorUrl' | 'connectorToken' | 'connectorAudience' | 'connectorOidc'
>

/** POSTs `body` to the watches API; retries an unreachable or 5xx connector briefly; 401/403 fail naming the token. */
async function post(
  cfg: ConnectorCredentials,
  body: unknown,
  rt: Rt,
  http: HttpClient
): Promise<{status: number; text: string}> {
  const url = `${cfg.connectorUrl}/api/v1/watches`
  const bearer = connectorBearer(cfg)
  let last = ''
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let status = 0
    let text = ''
    const token = await bearer()
    try {
      const res = await http.post(url, JSON.stringify(body), {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json'
      })
      status = res.message.statusCode ?? 0
      text = await res.readBody()
    } catch (e) {
      last = `the connector at ${cfg.connectorUrl} is unreachable: ${e instanceof Error ? e.message : String(e)}`
    }
    if (status === 401) {
      throw new HandoffError(
        `the connector at ${cfg.connectorUrl} rejected ${credentialName(cfg)} (HTTP 401: ${errorOf(text)}): ` +
          'wait: handoff needs one of its CONNECTOR_WATCH_TOKENS, or an OIDC token it accepts ' +
          '(CONNECTOR_OIDC_AUDIENCE = connector-audience, the repository in CONNECTOR_OIDC_REPOSITORIES)'
      )
    }
    if (status === 403) {
      throw new HandoffError(
        `the connector at ${cfg.connectorUrl} refused ${credentialName(cfg)} for this watch (HTTP 403): ${errorOf(text)}`
      )
    }
    if (status !== 0 && status < 500) return {status, text}
    if (status !== 0) last = `the connector at ${cfg.connectorUrl} answered HTTP ${status}`
    if (attempt < ATTEMPTS) {
      rt.log.warning(`Reaching the connector failed (${last}); retrying.`)
      await rt.sleep(1000 * 2 ** (attempt - 1))
    }
  }
  throw new HandoffError(`${last} (gave up after ${ATTEMPTS} attempts)`)
}

function errorOf(text: string): string {
  try {
    return String((JSON.parse(text) as {error?: unknown}).error ?? text.slice(0, 300))
  } catch {
    return text.slice(0, 300)
  }
}

/**
 * Before anything is written: the connector is reachable, has handoff on, takes our credential and lets it act for
 * the gitops and the workflow's repositories. A watch of only those two fields is authorised and checked for them
 * first, then refused for its first missing field, so nothing is stored.
 */
export async function checkConnector(
  cfg: ConnectorCredentials & Pick<Config, 'owner' | 'repo' | 'run'>,
  rt: Rt,
  http: HttpClient = defaultHttp()
): Promise<void> {
  const probe = {repository: `${cfg.owner}/${cfg.repo}`, workflow_repository: cfg.run.repository}
  const {status, text} = await post(cfg, probe, rt, http)
  if (status === 400) return
  throw new HandoffError(
    `the connector at ${cfg.connectorUrl} cannot take a handoff (HTTP ${status}): ${errorOf(text)}`
  )
}

/** Registers the watch; a retried POST is answered with the same watch. */
export async function registerWatch(
  cfg: ConnectorCredentials,
  body: WatchSpecWire,
  rt: Rt,
  http: HttpClient = defaultHttp()
): Promise<Registered> {
  const {status, text} = await post(cfg, body, rt, http)
  if (status === 200 || status === 201) {
    const parsed = JSON.parse(text) as {id?: unknown}
    if (typeof parsed.id !== 'string')
      throw new HandoffError(`the connector at ${cfg.connectorUrl} answered without a watch id`)
    return {id: parsed.id, created: status === 201}
  }
  throw new HandoffError(`the connector at ${cfg.connectorUrl} refused the watch (HTTP ${status}): ${errorOf(text)}`)
}
