// What a run reads time, randomness and its log from: injected so tests drive it on a fake clock.
import {randomBytes} from 'node:crypto'
import * as core from './runner.js'
import type {Budget} from '../core/budget.js'
import {commandSafe} from '../core/untrusted.js'

export interface Runtime {
  clock: () => number
  sleep: (ms: number) => Promise<void>
  random: () => number
  log: {info(m: string): void; debug(m: string): void; warning(m: string): void}
  /** The run's one time budget (from its start), shared by the merge wait, the Flux wait and the soak. */
  budget?: Budget
}

/** An info line that may carry Flux's or reporters' words: no line of it can act as a workflow command. */
export function safeInfo(m: string): void {
  core.info(commandSafe(m, () => randomBytes(16).toString('hex')))
}

export function defaultRuntime(): Runtime {
  return {
    clock: () => Date.now(),
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    random: Math.random,
    log: {info: safeInfo, debug: core.debug, warning: core.warning}
  }
}
