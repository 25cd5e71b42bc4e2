// What a run reads time, randomness and its log from: injected so tests drive it on a fake clock.
import * as core from '@actions/core'
import type {Budget} from './budget.js'
import {commandSafe} from './report/untrusted.js'

export interface Runtime {
  clock: () => number
  sleep: (ms: number) => Promise<void>
  random: () => number
  log: {info(m: string): void; debug(m: string): void; warning(m: string): void}
  /** The run's one time budget (from its start), shared by the merge wait, the Flux wait and the soak. */
  budget?: Budget
}

export function defaultRuntime(): Runtime {
  return {
    clock: () => Date.now(),
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    random: Math.random,
    // Info lines carry Flux's and reporters' words: never let a line of them act as a workflow command.
    log: {info: m => core.info(commandSafe(m)), debug: core.debug, warning: core.warning}
  }
}
