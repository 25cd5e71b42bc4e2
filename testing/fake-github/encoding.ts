// Encodings shared by the fake's ids (node ids, cursors).

export function base64url(s: string): string {
  return Buffer.from(s).toString('base64url')
}
