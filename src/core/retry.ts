// The pieces every retry and polling loop here shares: a jittered pause, an exponential backoff, and "read until it
// has happened or the deadline passes". Time and randomness are injected, so tests drive them on a fake clock.

/** `ms` spread evenly over ±`spread` (0.1: 90 %..110 %), so runs that start together do not poll in step. */
export function jittered(ms: number, spread: number, random: () => number): number {
  return Math.round(ms * (1 - spread + 2 * spread * random()))
}

/** The pause before the n-th retry (1-based): `firstMs`, doubling each time, capped at `maxMs`. */
export function backoff(attempt: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, attempt - 1))
}

export interface PollClock {
  clock: () => number
  sleep: (ms: number) => Promise<void>
}

/**
 * Calls `read` every `pauseMs` until `decide` returns a value (or throws); when the next read would come after
 * `deadline`, throws `timedOut()` instead.
 */
export async function pollUntil<S, T>(
  read: () => Promise<S>,
  decide: (now: S) => T | undefined,
  opts: {deadline: number; pauseMs: number; timedOut: () => Error},
  rt: PollClock
): Promise<T> {
  for (;;) {
    const done = decide(await read())
    if (done !== undefined) return done
    if (rt.clock() + opts.pauseMs > opts.deadline) throw opts.timedOut()
    await rt.sleep(opts.pauseMs)
  }
}

/** How long one GitHub request may take before it is given up: a hung connection costs this, never the run. */
export const REQUEST_DEADLINE_MS = 30_000
