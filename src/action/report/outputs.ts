// Every output is set here, once, also on failure (with what is known so far).
import * as core from '../runner.js'

export type Result =
  'healthy' | 'written' | 'dry-run' | 'handed-off' | 'failed' | 'timed-out' | 'superseded' | 'blocked' | 'reverted'

export interface Outcome {
  result: Result
  changed?: boolean
  files?: string[]
  commit?: string
  pullRequest?: {number: number; url: string}
  appliedRevision?: string
  /** The references written (or, in a dry run and when blocked, that would be). */
  images?: string[]
  /** The chart versions written (or that would be), `<chart>=<version>[@digest]`. */
  charts?: string[]
  /** With from-paths: the source stage's commit whose reports proved the references. */
  sourceRevision?: string
  /** The commit that rolled a failed rollout back (on-failure: revert). */
  revertCommit?: string
  /** wait: handoff: the connector's id of the watch. */
  watchId?: string
  /** Why the run failed, when it did. */
  message?: string
}

export function outputsOf(o: Outcome): Record<string, string> {
  const out: Record<string, string> = {}
  if (o.changed !== undefined) out.changed = String(o.changed)
  if (o.files !== undefined) out.files = o.files.join('\n')
  if (o.commit !== undefined) out.commit = o.commit
  if (o.pullRequest) {
    out['pull-request-number'] = String(o.pullRequest.number)
    out['pull-request-url'] = o.pullRequest.url
  }
  if (o.appliedRevision !== undefined) out['applied-revision'] = o.appliedRevision
  if (o.images !== undefined) out.images = o.images.join('\n')
  if (o.charts !== undefined) out.charts = o.charts.join('\n')
  if (o.sourceRevision !== undefined) out['source-revision'] = o.sourceRevision
  if (o.revertCommit !== undefined) out['revert-commit'] = o.revertCommit
  if (o.watchId !== undefined) out['watch-id'] = o.watchId
  out.result = o.result
  return out
}

export function setOutputs(o: Outcome): void {
  for (const [key, value] of Object.entries(outputsOf(o))) {
    core.setOutput(key, value)
    core.info(`${key} = ${value.includes('\n') ? value.split('\n').join(', ') : value}`)
  }
}
