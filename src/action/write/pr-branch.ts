// The branch a pull request is opened from when the `pr-branch` input is empty.
import type {BumpTarget} from '../../core/bump/types.js'

/** `gitops-promote/<branch>/<last path segment of the first image>`: stable, so a re-run finds its own PR. */
export function defaultPrBranch(branch: string, targets: BumpTarget[]): string {
  const first = targets[0]
  const name = first
    ? first.kind === 'chart'
      ? first.chart
      : first.kind === 'policy'
        ? first.policy
        : first.ref.path.split('/').pop()
    : 'images'
  return `gitops-promote/${branch}/${name}`
}
