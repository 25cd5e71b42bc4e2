// What every end-to-end test does after itself, in one place: stop the fake Flux it started, check that the fake
// GitHub saw only real GitHub operations (no OpenAPI/schema violations, nothing unimplemented, no forced ref update),
// close it. Jest-specific (afterEach, expect); the fakes themselves live in testing/.
import {afterEach, expect} from '@jest/globals'
import {world as startWorld, OWNER, REPO, type World} from '../../testing/harness.js'
import {startFakeFlux, type FakeFlux, type FluxReporter} from '../../testing/fake-flux.js'

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
  /** A fresh world and a fake Flux whose `reporters` answer each new head of `main` with commit statuses. */
  withFlux(reporters: FluxReporter[], opts?: Parameters<typeof startWorld>[0]): Promise<{w: World; flux: FakeFlux}>
}

/** The inputs of a push run of the podinfo fixture that waits on Flux: `extra` adds or overrides. */
export function pushAndWait(image: string, extra: Record<string, string> = {}): Record<string, string> {
  return {images: image, paths: 'kustomize', strategy: 'push', timeout: '20s', ...extra}
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
  const session: E2eSession = {
    world: async opts => (current = await startWorld(opts)),
    flux: f => {
      fluxes.push(f)
      return f
    },
    withFlux: async (reporters, opts) => {
      const w = await session.world(opts)
      return {w, flux: session.flux(startFakeFlux(w.fake, {owner: OWNER, repo: REPO, branch: 'main', reporters}))}
    }
  }
  return session
}
