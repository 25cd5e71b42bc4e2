import {describe, expect, it} from '@jest/globals'
import {createHmac} from 'node:crypto'
import {sign, tokenMatches, verifySignature} from '../../src/connector/signature.js'
import {FLUX_TEST_KEY, PAYLOADS} from './payloads.js'

const keys = [Buffer.from(FLUX_TEST_KEY)]

describe('verifySignature', () => {
  it.each(Object.entries(PAYLOADS))('accepts %s with its documented signature', (_name, p) => {
    expect(verifySignature(p.signature, Buffer.from(p.body), keys)).toEqual({ok: true})
  })

  it('agrees with the signatures recorded with the captured payloads', () => {
    expect(PAYLOADS['kustomization-succeeded']!.signature).toBe(
      'sha256=56670a6c29e881e59355f9598132b0322e26ed40be2840160fafe9736701c4a8'
    )
    expect(PAYLOADS['raw-controller-event-kustomization-succeeded']!.signature).toBe(
      'sha256=1442a3171a56af481ec85fcabc6fcf0edd4a839162bafb42a45920355bc35f33'
    )
  })

  it('rejects one changed byte in the body', () => {
    const p = PAYLOADS['kustomization-succeeded']!
    const body = Buffer.from(p.body)
    body[body.indexOf('apps')] = 'b'.charCodeAt(0)
    expect(verifySignature(p.signature, body, keys)).toEqual({ok: false, reason: 'mismatch'})
  })

  it('verifies the raw bytes, not a re-serialisation', () => {
    const p = PAYLOADS['kustomization-succeeded']!
    const pretty = Buffer.from(JSON.stringify(JSON.parse(p.body), null, 2))
    expect(verifySignature(p.signature, pretty, keys).ok).toBe(false)
  })

  it('rejects a missing or malformed header', () => {
    const body = Buffer.from('{}')
    expect(verifySignature(undefined, body, keys)).toEqual({ok: false, reason: 'missing'})
    expect(verifySignature('', body, keys)).toEqual({ok: false, reason: 'missing'})
    expect(verifySignature('md5=abcd', body, keys)).toEqual({ok: false, reason: 'malformed'})
    expect(verifySignature('sha256=zz', body, keys)).toEqual({ok: false, reason: 'malformed'})
    // Right algorithm, wrong length: must not reach timingSafeEqual with unequal buffers.
    expect(verifySignature('sha256=abcd', body, keys)).toEqual({ok: false, reason: 'malformed'})
    expect(verifySignature(`sha512=${'a'.repeat(64)}`, body, keys)).toEqual({ok: false, reason: 'malformed'})
  })

  it('rejects a signature made with another key', () => {
    const body = Buffer.from(PAYLOADS['kustomization-succeeded']!.body)
    expect(verifySignature(sign(body, 'other-key'), body, keys)).toEqual({ok: false, reason: 'mismatch'})
  })

  it('accepts any configured key (rotation)', () => {
    const body = Buffer.from(PAYLOADS['kustomization-progressing']!.body)
    const both = [Buffer.from('new-key'), Buffer.from(FLUX_TEST_KEY)]
    expect(verifySignature(sign(body, 'new-key'), body, both).ok).toBe(true)
    expect(verifySignature(sign(body, FLUX_TEST_KEY), body, both).ok).toBe(true)
  })

  it.each(['sha224', 'sha256', 'sha384', 'sha512'])('accepts the %s prefix', algorithm => {
    const body = Buffer.from(PAYLOADS['kustomization-progressing']!.body)
    const hex = createHmac(algorithm, FLUX_TEST_KEY).update(body).digest('hex')
    expect(verifySignature(`${algorithm}=${hex}`, body, keys).ok).toBe(true)
    expect(verifySignature(`${algorithm}=${hex.toUpperCase()}`, body, keys).ok).toBe(true)
  })
})

describe('tokenMatches', () => {
  it('matches configured tokens only, whatever their length', () => {
    expect(tokenMatches('abc', ['x', 'abc'])).toBe(true)
    expect(tokenMatches('abcd', ['abc'])).toBe(false)
    expect(tokenMatches('', ['abc'])).toBe(false)
  })
})
