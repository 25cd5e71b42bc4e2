// Phase 4: a dry run prints the diff it would commit and ends there.
import * as core from '../runner.js'
import type {Planned} from '../write/types.js'
import type {RunState} from './state.js'

export async function reportDryRun(state: RunState, first: Planned): Promise<void> {
  const {unifiedDiff} = await import('../../core/diff.js')
  const diff = first.plan.edits.map(e => unifiedDiff(e.path, e.before, e.after)).join('')
  if (diff) core.info(diff)
  Object.assign(state.outcome, {
    result: 'dry-run',
    changed: first.plan.edits.length > 0,
    files: first.plan.edits.map(e => e.path),
    commit: first.head
  })
  state.summary.diff = diff
}
