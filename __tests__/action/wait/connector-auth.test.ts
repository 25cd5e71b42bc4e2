import {describe, expect, it} from '@jest/globals'
import {connectorBearer, credentialName} from '../../../src/action/wait/connector-auth.js'

/** An unsigned JWT-shaped token: only its `exp` matters to the action. */
const jwt = (exp: number, n: number): string =>
  ['eyJhbGciOiJSUzI1NiJ9', Buffer.from(JSON.stringify({exp, n})).toString('base64url'), 'sig'].join('.')

describe('connectorBearer', () => {
  it('passes connector-token through and never asks for an OIDC token', async () => {
    const bearer = connectorBearer(
      {connectorToken: 'static', connectorAudience: 'https://c', connectorOidc: false},
      {getIDToken: () => Promise.reject(new Error('not asked'))}
    )
    expect(await bearer()).toBe('static')
  })

  it('requests a token for the audience, reuses it, and renews it two minutes before exp', async () => {
    let now = 1_000_000_000_000
    const audiences: string[] = []
    const bearer = connectorBearer(
      {connectorToken: '', connectorAudience: 'https://connector.example', connectorOidc: true},
      {
        clock: () => now,
        getIDToken: async audience => {
          audiences.push(audience)
          return jwt(now / 1000 + 300, audiences.length)
        }
      }
    )
    const first = await bearer()
    now += 170_000
    expect(await bearer()).toBe(first)
    now += 20_000 // 190 s: within two minutes of the 300 s expiry
    expect(await bearer()).not.toBe(first)
    expect(audiences).toEqual(['https://connector.example', 'https://connector.example'])
  })

  it('fails fatally naming the permission when the runner refuses', async () => {
    const bearer = connectorBearer(
      {connectorToken: '', connectorAudience: 'aud', connectorOidc: true},
      {getIDToken: () => Promise.reject(new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable'))}
    )
    await expect(bearer()).rejects.toMatchObject({fatal: true, message: expect.stringContaining('id-token: write')})
  })

  it('names the credential for messages, never its value', () => {
    expect(credentialName({connectorAudience: 'aud', connectorOidc: true})).toBe("the OIDC token (audience 'aud')")
    expect(credentialName({connectorAudience: 'aud', connectorOidc: false})).toBe('connector-token')
  })
})
