// A local OIDC issuer that signs tokens the way GitHub Actions' does (RS256, `kid` in the header, the claims
// iss/aud/sub/repository/repository_owner/ref/run_id/exp/iat/nbf/jti), on 127.0.0.1. It serves the discovery
// document and the JWKS, rotates keys on demand, and answers the runner's token-request endpoint
// (ACTIONS_ID_TOKEN_REQUEST_URL?...&audience=..., bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN) with {"value": "<jwt>"}.
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {randomUUID} from 'node:crypto'
import {SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK} from 'jose'

export interface TokenClaims {
  repository: string
  aud: string
  ref?: string
  run_id?: string
  /** Seconds since epoch; default the issuer's clock. */
  iat?: number
  /** Seconds from iat; default 300 (GitHub's tokens live minutes). */
  lifetimeS?: number
  iss?: string
}

export interface SignOptions {
  /** Sign with a key the JWKS never published (a forged token), under the current kid. */
  foreignKey?: boolean
}

export interface FakeOidc {
  /** The issuer: `iss`, and the base of /.well-known/openid-configuration. */
  issuer: string
  sign(claims: TokenClaims, opts?: SignOptions): Promise<string>
  /** A new key pair under a new kid; the JWKS then publishes only the new key. */
  rotate(): Promise<void>
  readonly kid: string
  /** How often the JWKS was fetched. */
  readonly jwksFetches: number
  /** The runner's token-request variables: tokens issued there carry `repository` (and the requested audience). */
  actionsEnv(repository: string): Record<string, string>
  /** Audiences the token-request endpoint was asked for. */
  readonly requestedAudiences: string[]
  /** Every token the token-request endpoint issued (to check none reaches a log unmasked). */
  readonly issued: string[]
  close(): Promise<void>
}

interface Key {
  kid: string
  privateKey: CryptoKey
  publicJwk: JWK
}

async function newKey(n: number): Promise<Key> {
  const {privateKey, publicKey} = await generateKeyPair('RS256', {extractable: true})
  const kid = `fake-key-${n}`
  return {kid, privateKey, publicJwk: {...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig'}}
}

export async function startFakeOidc(opts: {clock?: () => number} = {}): Promise<FakeOidc> {
  const clock = opts.clock ?? Date.now
  let generation = 1
  let key = await newKey(generation)
  const foreign = await newKey(0)
  let jwksFetches = 0
  const requestedAudiences: string[] = []
  const issued: string[] = []
  const requestTokens = new Map<string, string>()
  let issuer = ''

  async function sign(claims: TokenClaims, o: SignOptions = {}): Promise<string> {
    const iat = claims.iat ?? Math.floor(clock() / 1000)
    const owner = claims.repository.split('/')[0] ?? ''
    const runId = claims.run_id ?? '4242'
    const signingKey = o.foreignKey ? foreign.privateKey : key.privateKey
    return new SignJWT({
      repository: claims.repository,
      repository_owner: owner,
      ref: claims.ref ?? 'refs/heads/main',
      run_id: runId
    })
      .setProtectedHeader({alg: 'RS256', kid: key.kid, typ: 'JWT'})
      .setIssuer(claims.iss ?? issuer)
      .setAudience(claims.aud)
      .setSubject(`repo:${claims.repository}:ref:${claims.ref ?? 'refs/heads/main'}`)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setNotBefore(iat - 5)
      .setExpirationTime(iat + (claims.lifetimeS ?? 300))
      .sign(signingKey)
  }

  function json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, {'content-type': 'application/json'})
    res.end(JSON.stringify(body))
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', issuer)
    if (url.pathname === '/.well-known/openid-configuration') {
      json(res, 200, {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks`,
        subject_types_supported: ['public', 'pairwise'],
        response_types_supported: ['id_token'],
        id_token_signing_alg_values_supported: ['RS256']
      })
    } else if (url.pathname === '/.well-known/jwks') {
      jwksFetches++
      json(res, 200, {keys: [key.publicJwk]})
    } else if (url.pathname === '/actions/idtoken') {
      const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''
      const repository = requestTokens.get(bearer)
      const audience = url.searchParams.get('audience')
      if (!repository) return json(res, 401, {message: 'bad ACTIONS_ID_TOKEN_REQUEST_TOKEN'})
      if (url.searchParams.get('api-version') !== '2.0' || !audience) {
        return json(res, 400, {message: 'api-version=2.0 and audience are required'})
      }
      requestedAudiences.push(audience)
      const token = await sign({repository, aud: audience})
      issued.push(token)
      json(res, 200, {value: token})
    } else {
      json(res, 404, {message: 'not found'})
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(e => json(res, 500, {message: String(e)}))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    issuer,
    sign,
    async rotate() {
      key = await newKey(++generation)
    },
    get kid() {
      return key.kid
    },
    get jwksFetches() {
      return jwksFetches
    },
    get requestedAudiences() {
      return requestedAudiences
    },
    get issued() {
      return issued
    },
    actionsEnv(repository) {
      const token = `request-${randomUUID()}`
      requestTokens.set(token, repository)
      return {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${issuer}/actions/idtoken?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: token
      }
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
