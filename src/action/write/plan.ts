// Reads a branch and plans the bump on it: one ref read and one tarball, whatever the repo's size.
import {branchHead, readManifests} from '../github/files.js'
import {step} from '../github/errors.js'
import {planBump} from '../../core/bump/index.js'
import type {BumpTarget} from '../../core/bump/types.js'
import type {Planned, WriteContext} from './types.js'

export interface BumpInputs {
  paths: string[]
  targets: BumpTarget[]
}

/** `head`: the branch's head when the caller has just read it (with the default branch's name), else read here. */
export async function readAndPlan(
  {gh, at}: Pick<WriteContext, 'gh' | 'at'>,
  branch: string,
  bump: BumpInputs,
  head?: string
): Promise<Planned> {
  const repo = `${at.owner}/${at.repo}`
  head ??= await step(`read branch '${branch}'`, repo, 'contents: read', () => branchHead(gh, at, branch))
  const files = await step(`download ${head.slice(0, 7)}`, repo, 'contents: read', () =>
    readManifests(gh, at, head, bump.paths)
  )
  return {head, plan: planBump(files, bump.targets)}
}
