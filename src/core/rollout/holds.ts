// Whether a later commit still holds the values a change wrote, by re-running the bump engine on its files: a commit
// holds them when bumping its copy of each file to the same targets would change nothing. Pure: the caller reads
// the files (only those touched after the change).

import {planBump, type BumpTarget, type FileEdit} from '../bump/index.js'
import {patchesAt} from '../bump/charts.js'
import {parseSource} from '../bump/yaml-source.js'
import {BumpError} from '../errors.js'
import {ImageRefError, parseImageRef} from '../image-ref.js'
import type {Supersession} from './types.js'

/** One file the change wrote, and the `images` lines that wrote values into it. */
export interface WrittenFile {
  path: string
  targets: BumpTarget[]
}

/**
 * The written files of a bump plan's edits, with the targets that changed each. A chart target learns the HelmRelease
 * patches it set in that file: checked alone later, the file no longer has the HelmRelease they patch beside it.
 */
export function writtenFiles(edits: readonly FileEdit[], targets: readonly BumpTarget[]): WrittenFile[] {
  return edits.map(e => {
    const lines = new Set(e.changes.map(c => c.target))
    const mine = targets.filter(t => lines.has(t.line))
    if (!mine.some(t => t.kind === 'chart')) return {path: e.path, targets: mine}
    const src = parseSource(e.path, e.after)
    return {
      path: e.path,
      targets: mine.map(t => {
        if (t.kind !== 'chart') return t
        const releases = patchesAt(src, t.version)
        return releases.length > 0 ? {...t, releases} : t
      })
    }
  })
}

/**
 * What a revert wrote: each file it restored, with targets set to the values that file held before the forward change
 * (found by planning the forward targets on the file's earlier text). Checked with the forward targets, a commit
 * still holding the restored values would look superseded, and one that promoted the forward values again would look
 * healthy. A target with no single earlier value in a file (several, or none) is not checked there.
 */
export function restoredFiles(
  forward: readonly FileEdit[],
  revert: readonly FileEdit[],
  targets: readonly BumpTarget[]
): WrittenFile[] {
  return writtenFiles(revert, targets).map(w => {
    const before = forward.find(e => e.path === w.path)?.before ?? ''
    const restored: BumpTarget[] = []
    for (const t of w.targets) {
      let previous: string[] = []
      try {
        previous = planBump(new Map([[w.path, before]]), [t]).previous[t.line] ?? []
      } catch (e) {
        if (!(e instanceof BumpError)) throw e
      }
      const earlier = previous.filter(p => p !== lineValue(t))
      const back = earlier.length === 1 ? targetAt(t, earlier[0] as string) : undefined
      if (back) restored.push(back)
    }
    return {path: w.path, targets: restored}
  })
}

function lineValue(t: BumpTarget): string {
  return t.kind === 'chart' ? `${t.chart}=${t.version}` : t.line.slice(t.line.indexOf('=') + 1)
}

/** `t` set to an earlier value as the bump engine reports it (a reference, or `chart=version`). */
function targetAt(t: BumpTarget, value: string): BumpTarget | undefined {
  if (t.kind === 'chart') {
    const version = value.startsWith(`${t.chart}=`) ? value.slice(t.chart.length + 1) : value
    return version ? {kind: 'chart', chart: t.chart, version, line: t.line} : undefined
  }
  try {
    return {...t, ref: parseImageRef(value)}
  } catch (e) {
    if (e instanceof ImageRefError) return undefined
    throw e
  }
}

/**
 * Checks `commit`'s copies of written files (path -> text; `undefined` = the file is gone there). Files not in
 * `files` are taken to be unchanged since the change. Returns undefined when every value is still the written one,
 * else the first difference: which file, the line, what it holds and what was written.
 */
export function checkHolds(
  commit: string,
  files: ReadonlyMap<string, string | undefined>,
  written: readonly WrittenFile[]
): Supersession | undefined {
  for (const w of written) {
    if (!files.has(w.path)) continue
    const text = files.get(w.path)
    if (text === undefined) return {commit, file: w.path, value: 'nothing: the file was deleted'}
    for (const target of w.targets) {
      let plan
      try {
        plan = planBump(new Map([[w.path, text]]), [target])
      } catch (e) {
        if (!(e instanceof BumpError)) throw e
        return {commit, file: w.path, value: `no reference that '${target.line}' sets any more`}
      }
      const change = plan.edits[0]?.changes[0]
      if (change) return {commit, file: w.path, line: change.line, value: change.from, wrote: change.to}
    }
  }
  return undefined
}
