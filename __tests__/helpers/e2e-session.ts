// What every end-to-end test does after itself, in one place: stop the fake Flux it started, check that the fake
// GitHub saw only real GitHub operations (no OpenAPI/schema violations, nothing unimplemented, no forced ref update),
// close it. Jest-specific (afterEach, expect); the fakes themselves live in testing/.
import {afterEach, expect} from '@jest/globals'
import {world as startWorld, type World} from '../../testing/harness.js'

/** Lists on the fake GitHub that must be empty after each test. */
export type WorldCheck = 'violations' | 'unimplemented' | 'forcedUpdates'

interface Stoppable {
  stop(): unknown
}

export interface E2eSession {
  /** A fresh world (fake GitHub + gitops repo) for this test; checked and closed after it. */
  world: typeof startWorld
  /** Registers a fake Flux (or webhook sender) to stop after this test; returns it. */
  flux<T extends Stoppable>(flux: T): T
}

export function e2eSession(checks: WorldCheck[]): E2eSession {
  let current: World | undefined
  let fluxes: Stoppable[] = []
  afterEach(async () => {
    for (const f of fluxes) await f.stop()
    fluxes = []
    if (current) {
      for (const check of checks) expect(current.fake[check]).toEqual([])
      await current.close()
    }
    current = undefined
  })
  return {
    world: async opts => (current = await startWorld(opts)),
    flux: f => {
      fluxes.push(f)
      return f
    }
  }
}
