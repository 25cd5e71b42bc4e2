// Handoff for in-process connector tests: a GitHub App whose API address answers nothing (the watches stay open),
// and a watch body as the action sends it.
import {generateKeyPairSync} from 'node:crypto'
import type {HandoffConfig} from '../../src/connector/config.js'
import type {WatchSpecWire} from '../../src/core/connector-api.js'

export const WATCH_TOKEN = 'watch-token-for-the-page-tests-0001'

let privateKey: string | undefined

/** Port 9 (discard) on 127.0.0.1 refuses connections: the engine's GitHub reads fail and are retried. */
export function testHandoff(): HandoffConfig {
  privateKey ??= generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({
    type: 'pkcs1',
    format: 'pem'
  }) as string
  return {
    watchTokens: [{repositories: 'acme/*', token: WATCH_TOKEN}],
    gitopsRepositories: [],
    maxWatchesPerRepo: 100,
    watchRetentionMs: 168 * 3_600_000,
    app: {appId: '31337', privateKey, apiUrl: 'http://127.0.0.1:9'}
  }
}

export function watchBody(now: number, extra: Partial<WatchSpecWire> = {}): WatchSpecWire {
  return {
    repository: 'acme/gitops',
    branch: 'main',
    commit: 'c'.repeat(40),
    contexts: ['prod-eu/Kustomization/flux-system/apps'],
    healthy_description: 'reconciliation succeeded',
    failure_grace_seconds: 60,
    deadline: new Date(now + 10 * 60_000).toISOString(),
    soak_seconds: 0,
    images: ['ghcr.io/acme/api:1.4.2'],
    written: [{path: 'apps/prod/api.yaml', images: ['ghcr.io/acme/api:1.4.2']}],
    environment: 'production',
    deployment: null,
    run_url: 'https://github.com/acme/app/actions/runs/1/attempts/1',
    workflow_repository: 'acme/app',
    payload: {},
    ...extra
  }
}
