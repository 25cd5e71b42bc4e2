// What the write strategies share: a planned change, and what a write produced.
import type {BumpPlan} from '../../core/bump/types.js'
import type {WrittenFile} from '../../core/rollout/holds.js'
import type {RepoRef} from '../github/files.js'

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

export type {RepoRef}

/** `owner/name`, for messages. */
export function repoName(at: RepoRef): string {
  return `${at.owner}/${at.repo}`
}

export function unchanged(planned: Planned, landedAt: number): WriteOutcome {
  return {changed: false, files: [], commit: planned.head, landedAt, plan: planned.plan}
}
