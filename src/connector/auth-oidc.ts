// GitHub Actions OIDC tokens as callers: a JWT signed by the issuer (RS256), whose keys are found through the
// issuer's discovery document and cached by jose (refetched at most every 10 minutes, and on an unknown `kid` at
// most every 30 s, so a flood of made-up kids cannot hammer the issuer). The token names the workflow's repository.
import {createRemoteJWKSet, errors, jwtVerify} from 'jose'
import type {JWTVerifyGetKey} from 'jose'
import type {OidcConfig} from './config.js'
import {contextMatcher} from '../core/glob.js'

export type OidcResult = {ok: true; repository: string} | {ok: false; status: 401 | 403 | 503; error: string}

export interface OidcVerifier {
  verify(token: string): Promise<OidcResult>
}

export interface OidcVerifierOptions {
  /** ms since epoch, for exp/nbf/iat. */
  clock?: () => number
  /** Least time between two key fetches caused by an unknown `kid` (jose's cooldown); default 30 s. */
  cooldownMs?: number
  /** Keys older than this are fetched again before use; default 10 minutes. */
  cacheMaxAgeMs?: number
  /** Each request to the issuer; default 5 s. */
  timeoutMs?: number
}

/** Leeway for the runner's and the connector's clocks. */
const CLOCK_TOLERANCE_S = 30

/** Whether a bearer token is shaped like a JWT (three base64url parts, a JSON header): only those go to OIDC. */
export function looksLikeJwt(token: string): boolean {
  return /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token) && token.length <= 16 * 1024
}

export function createOidcVerifier(config: OidcConfig, opts: OidcVerifierOptions = {}): OidcVerifier {
  const clock = opts.clock ?? Date.now
  const timeoutMs = opts.timeoutMs ?? 5000
  const allowed = config.repositories.map(g => contextMatcher(g))
  let keys: Promise<JWTVerifyGetKey> | undefined

  /** Discovery once; a failed discovery is tried again by the next request. */
  function keySet(): Promise<JWTVerifyGetKey> {
    keys ??= discover(config.issuer, timeoutMs).then(
      jwksUri =>
        createRemoteJWKSet(jwksUri, {
          cooldownDuration: opts.cooldownMs ?? 30_000,
          cacheMaxAge: opts.cacheMaxAgeMs ?? 600_000,
          timeoutDuration: timeoutMs
        }),
      e => {
        keys = undefined
        throw e
      }
    )
    return keys
  }

  return {
    async verify(token) {
      let payload
      try {
        const jwks = await keySet()
        ;({payload} = await jwtVerify(token, jwks, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: ['RS256'],
          currentDate: new Date(clock()),
          clockTolerance: CLOCK_TOLERANCE_S,
          requiredClaims: ['exp', 'iat', 'repository']
        }))
      } catch (e) {
        return failure(e)
      }
      const repository = payload.repository
      if (typeof repository !== 'string' || !/^[^/\s]+\/[^/\s]+$/.test(repository)) {
        return {ok: false, status: 401, error: 'the OIDC token has no repository claim of the form owner/name'}
      }
      if (!allowed.some(m => m(repository.toLowerCase()))) {
        return {
          ok: false,
          status: 403,
          error: `the OIDC token's repository ${repository} is not one of CONNECTOR_OIDC_REPOSITORIES`
        }
      }
      return {ok: true, repository}
    }
  }
}

/** The issuer's `jwks_uri`, from `<issuer>/.well-known/openid-configuration`. */
async function discover(issuer: string, timeoutMs: number): Promise<URL> {
  const url = `${issuer}/.well-known/openid-configuration`
  const res = await fetch(url, {redirect: 'error', signal: AbortSignal.timeout(timeoutMs)})
  if (res.status !== 200) throw new IssuerUnavailable(`${url} answered HTTP ${res.status}`)
  const doc = (await res.json()) as {issuer?: unknown; jwks_uri?: unknown}
  if (typeof doc.issuer !== 'string' || doc.issuer.replace(/\/+$/, '') !== issuer) {
    throw new IssuerUnavailable(`${url} names another issuer (${String(doc.issuer).slice(0, 100)})`)
  }
  if (typeof doc.jwks_uri !== 'string') throw new IssuerUnavailable(`${url} has no jwks_uri`)
  return new URL(doc.jwks_uri)
}

class IssuerUnavailable extends Error {}

/** A token that is not valid is 401; an issuer we cannot reach is 503 (the caller may retry). */
function failure(e: unknown): OidcResult {
  if (
    e instanceof errors.JWTExpired ||
    e instanceof errors.JWTClaimValidationFailed ||
    e instanceof errors.JWSSignatureVerificationFailed ||
    e instanceof errors.JWKSNoMatchingKey ||
    e instanceof errors.JWKSMultipleMatchingKeys ||
    e instanceof errors.JWSInvalid ||
    e instanceof errors.JWTInvalid ||
    e instanceof errors.JOSEAlgNotAllowed ||
    e instanceof errors.JOSENotSupported
  ) {
    return {ok: false, status: 401, error: `the OIDC token was refused: ${(e as Error).message}`}
  }
  const why = e instanceof Error ? e.message : String(e)
  return {ok: false, status: 503, error: `the OIDC issuer's keys cannot be read now: ${why.slice(0, 200)}`}
}
