// What the write strategies share: a planned change, and what a write produced.
import type {BumpPlan} from '../../core/bump/types.js'
import type {WrittenFile} from '../../core/rollout/holds.js'
import type {RepoRef} from '../github/files.js'
import type {GitHub} from '../github/client.js'
import type {Runtime} from '../runtime.js'

/** A change computed against one head of a branch: commit it only while the branch still points there. */
export interface Planned {
  head: string
  plan: BumpPlan
}

/** Reads `branch` as it is now and computes the change to make on it (a bump, or a revert). */
export type Planner = (branch: string) => Promise<Planned>

export interface WriteOutcome {
  changed: boolean
  files: string[]
  /** The commit on `branch` that carries the change, or the head when nothing changed. */
  commit: string
  /** When the change reached `branch` (or was found there). */
  landedAt: number
  plan: BumpPlan
  pr?: {number: number; url: string}
  /** The values the wait checks later commits against; default: the plan's edits with the run's targets. */
  values?: WrittenFile[]
}

/** What is known while writing, so the outputs carry it even when a later step fails. */
export interface WriteProgress {
  pr?: {number: number; url: string}
  /** Told once the pull request is open (opened or updated), before it is landed: the PR comment starts there. */
  onOpened?: (pr: {number: number; url: string}) => void
}

/** The change to write: as first planned, the planner that re-applies it on a moved branch, and its text. */
export interface Change {
  first: Planned
  plan: Planner
  text: ChangeText
}

/** The commit message, and for pull requests their title and body. */
export interface ChangeText {
  message: string
  title: string
  body: (plan: BumpPlan) => string
}

/** A merged pull request: the commit on the base that carries it, and the head it was merged at. */
export interface Landed {
  commit: string
  headSha: string
  /** This run's own merge call merged it at `headSha` just now (so its branch need not be read before deleting). */
  mergedHere?: boolean
}

/** The time a write may take: an absolute deadline on `Runtime.clock`, and the budget's size for messages. */
export interface Budget {
  deadline: number
  timeoutMs: number
}

/** What every step of one write shares: where it writes, the branch the change lands on, its time and its runtime. */
export interface WriteContext {
  gh: GitHub
  at: RepoRef
  /** The branch the change lands on: pushed onto, or a pull request's base. */
  branch: string
  budget: Budget
  rt: Runtime
}

export type {RepoRef}

/** `owner/name`, for messages. */
export function repoName(at: RepoRef): string {
  return `${at.owner}/${at.repo}`
}

export function unchanged(planned: Planned, landedAt: number): WriteOutcome {
  return {changed: false, files: [], commit: planned.head, landedAt, plan: planned.plan}
}
