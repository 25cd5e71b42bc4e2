// Flux generic-hmac signatures: `X-Signature: <algo>=<hex>` where hex = HMAC(key, raw body bytes).
// Flux sends sha256 today; its docs say the prefix may change, so the other SHA-2 sizes are accepted too.
import {createHash, createHmac, timingSafeEqual} from 'node:crypto'

const ALGORITHMS: Record<string, number> = {sha224: 28, sha256: 32, sha384: 48, sha512: 64}

export type SignatureCheck = {ok: true} | {ok: false; reason: 'missing' | 'malformed' | 'mismatch'}

export function sign(body: Buffer | string, key: Buffer | string, algorithm = 'sha256'): string {
  return `${algorithm}=${createHmac(algorithm, key).update(body).digest('hex')}`
}

export function verifySignature(header: string | undefined, body: Buffer, keys: readonly Buffer[]): SignatureCheck {
  if (header === undefined || header.trim() === '') return {ok: false, reason: 'missing'}
  const match = /^(sha224|sha256|sha384|sha512)=([0-9a-fA-F]+)$/.exec(header.trim())
  if (!match) return {ok: false, reason: 'malformed'}
  const algorithm = match[1] as string
  const hex = match[2] as string
  if (hex.length !== (ALGORITHMS[algorithm] as number) * 2) return {ok: false, reason: 'malformed'}
  const given = Buffer.from(hex, 'hex')
  // Every key is tried, so the time taken does not tell which key (if any) matched.
  let ok = false
  for (const key of keys) {
    const expected = createHmac(algorithm, key).update(body).digest()
    if (timingSafeEqual(expected, given)) ok = true
  }
  return ok ? {ok: true} : {ok: false, reason: 'mismatch'}
}

/** Constant-time check of a bearer token against the configured ones (hashing makes the lengths equal). */
export function tokenMatches(given: string, tokens: readonly string[]): boolean {
  const g = createHash('sha256').update(given).digest()
  let ok = false
  for (const token of tokens) {
    if (timingSafeEqual(g, createHash('sha256').update(token).digest())) ok = true
  }
  return ok
}
