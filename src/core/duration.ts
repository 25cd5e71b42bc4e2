// Durations as people write them in workflow files: `30s`, `15m`, `1h30m`, `500ms`.

const UNIT_MS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000}
const DURATION_RE = /^(?:\d+(?:ms|h|m|s))+$/
const PART_RE = /(\d+)(ms|h|m|s)/g

/** Milliseconds, or undefined when the text is not a duration (a bare number is refused: the unit matters). */
export function parseDuration(text: string): number | undefined {
  const t = text.trim()
  if (!DURATION_RE.test(t)) return undefined
  let ms = 0
  for (const [, n, unit] of t.matchAll(PART_RE)) ms += Number(n) * (UNIT_MS[unit as string] as number)
  return ms
}

/** `40s`, `3m 10s`, `1h 5m`: precise enough for a person watching a rollout; sub-second values in ms. */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms < 1000) return `${Math.round(ms)}ms`
  const s = Math.max(0, Math.floor(ms / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return s % 60 === 0 ? `${m}m` : `${m}m ${s % 60}s`
  const h = Math.floor(m / 60)
  return m % 60 === 0 ? `${h}h` : `${h}h ${m % 60}m`
}
