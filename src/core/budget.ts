// One time budget for the whole run: `timeout` counts from the run's start and covers the merge wait, the Flux wait
// and the soak. It also learns GitHub's clock from the `Date` header of its answers, so report timestamps (made by
// GitHub's clock) are compared with GitHub's now, not with a self-hosted runner's skewed clock.

export interface Budget {
  /** Runner clock (ms since epoch) when the run started. */
  readonly startedAt: number
  /** Runner clock when the budget is spent. */
  readonly deadline: number
  /** The whole budget (the `timeout` input), for messages. */
  readonly timeoutMs: number
  /** Milliseconds left, never negative. */
  remaining(): number
  /** GitHub's clock now: the runner's clock corrected by what the `Date` headers taught. */
  githubNow(): number
  /** GitHub's clock minus the runner's (ms); 0 until a `Date` header says otherwise. */
  readonly offsetMs: number
  /**
   * Learns from one answer: its `Date` header (whole seconds), and the runner's clock when the request was sent and
   * when the answer arrived.
   */
  observeDate(date: string | undefined, sentAt: number, receivedAt: number): void
}

export function createBudget(timeoutMs: number, clock: () => number, startedAt = clock()): Budget {
  // The offset lies in [lo, hi]: GitHub's clock read `date` (rounded down to the second) at some moment between
  // sending and receiving. Intersecting every answer's window narrows it; the smallest correction inside is used.
  let lo = -Infinity
  let hi = Infinity
  let offset = 0
  return {
    startedAt,
    deadline: startedAt + timeoutMs,
    timeoutMs,
    remaining: () => Math.max(0, startedAt + timeoutMs - clock()),
    githubNow: () => clock() + offset,
    get offsetMs() {
      return offset
    },
    observeDate(date, sentAt, receivedAt) {
      const at = date ? Date.parse(date) : NaN
      if (Number.isNaN(at)) return
      const l = at - receivedAt
      const h = at + 1000 - sentAt
      if (Math.max(lo, l) > Math.min(hi, h)) {
        // Disjoint: one of the clocks jumped. Trust the newest answer.
        lo = l
        hi = h
      } else {
        lo = Math.max(lo, l)
        hi = Math.min(hi, h)
      }
      offset = lo > 0 ? lo : hi < 0 ? hi : 0
    }
  }
}

/**
 * A fresh `timeout` from now (the revert's) that keeps GitHub's clock as `run` knows it and goes on learning it
 * through `run`: the GitHub client feeds only the run's budget, so a budget of its own would read the runner's clock.
 */
export function freshBudget(run: Budget, timeoutMs: number, clock: () => number): Budget {
  const own = createBudget(timeoutMs, clock)
  return {
    startedAt: own.startedAt,
    deadline: own.deadline,
    timeoutMs,
    remaining: own.remaining,
    githubNow: () => run.githubNow(),
    get offsetMs() {
      return run.offsetMs
    },
    observeDate: (date, sentAt, receivedAt) => run.observeDate(date, sentAt, receivedAt)
  }
}
