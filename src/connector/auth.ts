// Who is asking: a bearer token is a static read token (reads every tenant), a static watch token (bound to the
// repositories its glob matches), or a GitHub Actions OIDC token (bound to its `repository` claim). Static tokens are
// compared in constant time; only a token shaped like a JWT is handed to the OIDC verifier.
import type {IncomingMessage} from 'node:http'
import {createHash, timingSafeEqual} from 'node:crypto'
import type {BoundToken} from './config.js'
import {contextMatcher} from '../core/glob.js'
import {looksLikeJwt, type OidcVerifier} from './auth-oidc.js'

export interface Caller {
  via: 'read-token' | 'watch-token' | 'oidc'
  /** Lower-cased owner/name glob of the repositories this caller acts for; null: a read token, bound to none. */
  repositories: string | null
  /** For messages: which credential this is, never the credential. */
  label: string
}

export type AuthResult = {ok: true; caller: Caller} | {ok: false; status: 401 | 403 | 503; error: string}

/** What an endpoint accepts besides OIDC tokens. */
export interface Accepts {
  readTokens?: boolean
  watchTokens?: boolean
}

export interface Authenticator {
  authenticate(req: IncomingMessage, accepts: Accepts): Promise<AuthResult>
}

export interface AuthOptions {
  readTokens: readonly string[]
  watchTokens: readonly BoundToken[]
  oidc?: OidcVerifier
}

/** Whether the caller may act for `repository` (owner/name, compared case-insensitively as GitHub does). */
export function actsFor(caller: Caller, repository: string): boolean {
  return caller.repositories !== null && contextMatcher(caller.repositories)(repository.toLowerCase())
}

/** Whether `repository` matches one of the lower-cased owner/name globs. */
export function withinGlobs(globs: readonly string[], repository: string): boolean {
  const name = repository.toLowerCase()
  return globs.some(g => contextMatcher(g)(name))
}

export function bearerToken(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1]
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest()

/** The index of the entry equal to `given`, trying every entry so the time taken does not tell which one. */
function matchIndex(given: string, tokens: readonly string[]): number {
  const g = digest(given)
  let found = -1
  tokens.forEach((t, i) => {
    if (timingSafeEqual(g, digest(t)) && found < 0) found = i
  })
  return found
}

export function createAuthenticator(opts: AuthOptions): Authenticator {
  const watchTokens = opts.watchTokens.map(t => t.token)
  return {
    async authenticate(req, accepts) {
      const token = bearerToken(req)
      if (token === undefined) return {ok: false, status: 401, error: 'a bearer token is required'}
      if (accepts.readTokens && matchIndex(token, opts.readTokens) >= 0) {
        return {ok: true, caller: {via: 'read-token', repositories: null, label: 'a read token'}}
      }
      if (accepts.watchTokens) {
        const i = matchIndex(token, watchTokens)
        const bound = opts.watchTokens[i]
        if (bound) {
          const label = `the watch token for ${bound.repositories}`
          return {ok: true, caller: {via: 'watch-token', repositories: bound.repositories, label}}
        }
      }
      if (opts.oidc && looksLikeJwt(token)) {
        const r = await opts.oidc.verify(token)
        if (!r.ok) return r
        const repositories = r.repository.toLowerCase()
        // A repository name holds no glob characters, so the claim matches itself only.
        return {ok: true, caller: {via: 'oidc', repositories, label: `the OIDC token of ${r.repository}`}}
      }
      return {ok: false, status: 401, error: 'the bearer token is not valid here'}
    }
  }
}
