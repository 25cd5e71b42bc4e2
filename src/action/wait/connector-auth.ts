// The bearer the action shows the connector: `connector-token` when given, else a GitHub Actions OIDC token for
// `connector-audience`, requested from the runner (the job grants `id-token: write`) and renewed before it expires.
import {setSecret} from '../runner.js'
import type {Config} from '../inputs.js'

/** Renew this long before `exp`, so a long-poll never carries a token that expires while it is held. */
const RENEW_BEFORE_MS = 120_000

export type Bearer = () => Promise<string>

/** The token's `exp` in ms, or 0 when it cannot be read (then it is requested again each time). */
function expiresAt(jwt: string): number {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as {exp?: unknown}
    return typeof payload.exp === 'number' ? payload.exp * 1000 : 0
  } catch {
    return 0
  }
}

export function connectorBearer(
  cfg: Pick<Config, 'connectorToken' | 'connectorAudience' | 'connectorOidc'>,
  opts: {clock?: () => number; getIDToken?: (audience: string) => Promise<string>} = {}
): Bearer {
  if (!cfg.connectorOidc) return async () => cfg.connectorToken
  const clock = opts.clock ?? Date.now
  // Loaded only for OIDC runs: @actions/core brings an HTTP client the other runs do not need at start.
  const request = opts.getIDToken ?? (async (audience: string) => (await import('@actions/core')).getIDToken(audience))
  let cached: {token: string; until: number} | undefined
  return async () => {
    if (cached && clock() < cached.until) return cached.token
    let token: string
    try {
      token = await request(cfg.connectorAudience)
    } catch (e) {
      throw Object.assign(
        new Error(
          `requesting an OIDC token for the connector (audience '${cfg.connectorAudience}') failed: ` +
            `${e instanceof Error ? e.message : String(e)}; does the job grant \`permissions: id-token: write\`?`
        ),
        {fatal: true}
      )
    }
    // getIDToken masks it already; masking again costs nothing and does not depend on that.
    setSecret(token)
    cached = {token, until: expiresAt(token) - RENEW_BEFORE_MS}
    return token
  }
}

/** Names the credential in errors: which input, or the OIDC token and its audience. */
export function credentialName(cfg: Pick<Config, 'connectorAudience' | 'connectorOidc'>): string {
  return cfg.connectorOidc ? `the OIDC token (audience '${cfg.connectorAudience}')` : 'connector-token'
}
