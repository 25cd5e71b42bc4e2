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

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  const s = Math.round(ms / 1000)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  return [h ? `${h}h` : '', m ? `${m}m` : '', sec || (!h && !m) ? `${sec}s` : ''].join('')
}
