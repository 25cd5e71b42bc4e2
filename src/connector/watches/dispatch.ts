// What the connector sends when a watch is decided: the repository_dispatch event and the Deployment status. Pure.
import type {Watch, WatchResult} from './spec.js'
import {backoff, jittered} from '../../core/retry.js'

/** Longest `message` in the payload; Flux messages can be long, the event body is bounded. */
const MAX_MESSAGE = 2000

export interface DispatchBody {
  event_type: string
  /** At most 10 top-level keys (GitHub's limit). */
  client_payload: {
    result: WatchResult
    commit: string
    applied_revision: string | null
    images: string
    environment: string | null
    watch_id: string
    run_url: string
    message: string
    payload: Record<string, unknown>
  }
}

export function dispatchBody(w: Watch): DispatchBody {
  const result = w.result as WatchResult
  const message = w.message ?? result
  return {
    event_type: `gitops-promote.${result}`,
    client_payload: {
      result,
      commit: w.spec.commit,
      applied_revision: w.appliedRevision ?? null,
      // One reference a line, like the action's `images` output, so a receiver passes it on as `images:` as is.
      images: w.spec.images.join('\n'),
      environment: w.spec.environment,
      watch_id: w.id,
      run_url: w.spec.runUrl,
      message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message,
      payload: w.spec.payload
    }
  }
}

export interface DeploymentStatusBody {
  state: 'success' | 'failure'
  description: string
  log_url?: string
  environment?: string
}

export function deploymentStatusBody(w: Watch): DeploymentStatusBody {
  const healthy = w.result === 'healthy'
  const text = healthy
    ? `Flux reports ${(w.appliedRevision ?? w.spec.commit).slice(0, 7)} applied and healthy`
    : `${w.result}: ${(w.message ?? '').split('\n').join(' ')}`
  return {
    state: healthy ? 'success' : 'failure',
    // GitHub bounds deployment status descriptions at 140 characters.
    description: text.length > 140 ? `${text.slice(0, 139)}…` : text,
    ...(w.spec.runUrl ? {log_url: w.spec.runUrl} : {}),
    ...(w.spec.environment ? {environment: w.spec.environment} : {})
  }
}

/** Exponential backoff with jitter for the n-th failed attempt (1-based): 0.5 s, 1 s, 2 s, … capped at 60 s. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  return jittered(backoff(attempt, 500, 60_000), 0.2, random)
}
