// The action's wait and a connector watch drive the same rollout decision: the same sequence of reports gives the
// same result through both.
import {describe, expect, it} from '@jest/globals'
import fc from 'fast-check'
import {waitForRollout} from '../../src/action/wait/poll.js'
import {decide, type JudgeMemory} from '../../src/connector/watches/decide.js'
import type {WatchSpec} from '../../src/connector/watches/spec.js'
import type {Report, Snapshot} from '../../src/core/rollout/types.js'

const B = 'b'.repeat(40)
const C = 'c'.repeat(40)
const D = 'd'.repeat(40)
const T0 = 1_000_000_000_000
const STEP_MS = 60_000
const READS = 10
const OK = 'reconciliation succeeded'
const CONTEXTS = ['prod/Kustomization/flux-system/apps', 'prod/Kustomization/flux-system/infra']

const arbReport = fc.record({
  context: fc.constantFrom(...CONTEXTS),
  state: fc.constantFrom<Report['state']>('success', 'failure', 'pending'),
  commit: fc.constantFrom(B, C, D),
  // Seconds after T0; the reports of read i are made before it.
  at: fc.integer({min: 0, max: 59})
})
const arbRun = fc.record({
  batches: fc.array(fc.array(arbReport, {maxLength: 3}), {minLength: 1, maxLength: READS}),
  graceMs: fc.constantFrom(0, 90_000, 200_000),
  soakMs: fc.constantFrom(0, 120_000)
})

/** Read i sees every report of the batches up to i, each made during the minute before the read. */
interface Made {
  context: string
  state: Report['state']
  commit: string
  at: number
}

function snapshots(batches: Made[][]): Snapshot[] {
  const seen: Report[] = []
  return batches.map((batch, i) => {
    for (const b of batch) {
      seen.push({
        context: b.context,
        state: b.state,
        description: b.state === 'success' ? OK : 'health check failed',
        commit: b.commit,
        at: T0 + i * STEP_MS + b.at * 1000,
        source: 'connector'
      })
    }
    return {commits: [C, D], base: B, reports: [...seen]} satisfies Snapshot
  })
}

async function viaAction(reads: Snapshot[], graceMs: number, soakMs: number, timeoutMs: number): Promise<string> {
  let now = T0 + STEP_MS // the first read happens one minute in
  let i = 0
  const res = await waitForRollout({
    source: {
      longPoll: false,
      read: async () => reads[Math.min(i++, reads.length - 1)] as Snapshot
    },
    patterns: ['prod/*'],
    healthyDescription: OK,
    graceMs,
    soakMs,
    timeoutMs,
    intervalMs: STEP_MS,
    clock: () => now,
    sleep: async ms => {
      now += ms
    },
    random: () => 0.5,
    log: {info: () => {}, debug: () => {}, warning: () => {}}
  })
  return res.result
}

function viaConnector(reads: Snapshot[], graceMs: number, soakMs: number, timeoutMs: number): string {
  const spec = {
    contexts: ['prod/*'],
    healthyDescription: OK,
    failureGraceMs: graceMs,
    soakMs,
    deadline: T0 + STEP_MS + timeoutMs
  } as WatchSpec
  let memory: JudgeMemory = {}
  for (let i = 0; ; i++) {
    const d = decide(spec, reads[Math.min(i, reads.length - 1)] as Snapshot, T0 + (i + 1) * STEP_MS, memory)
    if (d.status !== 'pending') return d.status
    // Stored with the watch as JSON between judgements.
    memory = JSON.parse(JSON.stringify(d.memory))
  }
}

describe('one decision, two programs', () => {
  it('the same reports give the same result through the action’s wait and a connector watch', async () => {
    await fc.assert(
      fc.asyncProperty(arbRun, async ({batches, graceMs, soakMs}) => {
        const reads = snapshots(batches)
        const timeoutMs = (READS + 2) * STEP_MS
        expect(await viaAction(reads, graceMs, soakMs, timeoutMs)).toBe(viaConnector(reads, graceMs, soakMs, timeoutMs))
      }),
      {numRuns: 200}
    )
  })
})
