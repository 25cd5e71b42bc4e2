// The GitHub App side of the fake GitHub: installation lookup and installation access tokens (the App's RS256 JWT
// verified with its public key, as GitHub does), tokens that expire, and repository_dispatch events recorded.
import {createPublicKey, randomBytes, verify, type KeyObject} from 'node:crypto'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

export interface FakeAppOptions {
  /** The App's id (the JWT's `iss`). */
  id: number
  /** PEM of the App's public key (or of its private key, from which the public key is derived). */
  publicKey: string
  slug?: string
  /** Lifetime of installation tokens (GitHub: 1 h). */
  tokenTtlMs?: number
}

export interface DispatchRecord {
  owner: string
  repo: string
  eventType: string
  clientPayload: Json
  /** ms since epoch when the fake accepted it. */
  at: number
  requestId: number
}

export interface IssuedToken {
  token: string
  installationId: number
  expiresAt: number
}

interface AppAnswer {
  status: number
  body?: Json
}

const DOCS = 'https://docs.github.com/rest'

export class FakeAppSupport {
  readonly dispatches: DispatchRecord[] = []
  readonly issued: IssuedToken[] = []
  private readonly key: KeyObject | undefined
  private readonly installations = new Map<string, number>()

  constructor(
    private readonly opts: FakeAppOptions | undefined,
    private readonly now: () => number
  ) {
    this.key = opts ? createPublicKey(opts.publicKey) : undefined
  }

  get enabled(): boolean {
    return this.opts !== undefined
  }

  /** One installation per account, numbered in the order accounts are first asked about. */
  installationFor(owner: string): number {
    let id = this.installations.get(owner.toLowerCase())
    if (id === undefined) {
      id = 7000 + this.installations.size + 1
      this.installations.set(owner.toLowerCase(), id)
    }
    return id
  }

  /** Whether a bearer value is a (well-formed) JWT: then only the App endpoints accept it. */
  isJwt(token: string): boolean {
    return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)
  }

  /** An unexpired installation token issued here. */
  acceptsToken(token: string): boolean {
    const t = this.issued.find(i => i.token === token)
    return t !== undefined && t.expiresAt > this.now()
  }

  /** Verifies the App JWT as GitHub does: RS256 signature by the App's key, `iss` = App id, iat/exp window. */
  verifyJwt(token: string): string | undefined {
    if (!this.opts || !this.key) return 'no GitHub App is configured on this fake'
    const [h, p, s] = token.split('.') as [string, string, string]
    let header: Json
    let payload: Json
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'))
      payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'))
    } catch {
      return 'A JSON web token could not be decoded'
    }
    if (header.alg !== 'RS256') return `'alg' must be RS256, got ${String(header.alg)}`
    if (!verify('sha256', Buffer.from(`${h}.${p}`), this.key, Buffer.from(s, 'base64url'))) {
      return 'A JSON web token could not be decoded'
    }
    const nowS = Math.floor(this.now() / 1000)
    if (String(payload.iss) !== String(this.opts.id)) return `'Issuer' claim ('iss') must be ${this.opts.id}`
    if (typeof payload.exp !== 'number' || payload.exp <= nowS)
      return "'Expiration time' claim ('exp') is too far in the past"
    if (typeof payload.iat !== 'number' || payload.iat > nowS + 60)
      return "'Issued at' claim ('iat') must be an Integer representing a time in the past"
    if (payload.exp - payload.iat > 600) return "'Expiration time' claim ('exp') is too far in the future"
    return undefined
  }

  installationJson(owner: string, ownerId: number): Json {
    const id = this.installationFor(owner)
    const opts = this.opts as FakeAppOptions
    return {
      id,
      account: {login: owner, id: ownerId, type: 'Organization'},
      repository_selection: 'all',
      access_tokens_url: `https://api.github.com/app/installations/${id}/access_tokens`,
      repositories_url: 'https://api.github.com/installation/repositories',
      html_url: `https://github.com/organizations/${owner}/settings/installations/${id}`,
      app_id: opts.id,
      app_slug: opts.slug ?? 'gitops-promote',
      target_id: ownerId,
      target_type: 'Organization',
      permissions: {contents: 'write', statuses: 'read', checks: 'read', deployments: 'write', metadata: 'read'},
      events: [],
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      single_file_name: null
    }
  }

  /** `POST /app/installations/{installation_id}/access_tokens` */
  createToken(installationId: number): AppAnswer {
    if (![...this.installations.values()].includes(installationId)) {
      return {status: 404, body: {message: 'Not Found', documentation_url: DOCS, status: '404'}}
    }
    const expiresAt = this.now() + (this.opts?.tokenTtlMs ?? 3600_000)
    const token = `ghs_${randomBytes(18).toString('base64url')}`
    this.issued.push({token, installationId, expiresAt})
    return {
      status: 201,
      body: {
        token,
        expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        permissions: {contents: 'write', statuses: 'read', checks: 'read', deployments: 'write', metadata: 'read'},
        repository_selection: 'all'
      }
    }
  }

  /** `POST /repos/{owner}/{repo}/dispatches`: GitHub refuses more than 10 payload keys or 64 KB. */
  dispatch(owner: string, repo: string, body: Json, requestId: number): AppAnswer {
    const payload = body.client_payload ?? {}
    if (Object.keys(payload).length > 10 || Buffer.byteLength(JSON.stringify(payload)) >= 64 * 1024) {
      return {
        status: 422,
        body: {message: 'client_payload: too many properties or too large', documentation_url: DOCS, status: '422'}
      }
    }
    this.dispatches.push({owner, repo, eventType: body.event_type, clientPayload: payload, at: this.now(), requestId})
    return {status: 204}
  }
}
