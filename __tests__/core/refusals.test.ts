import {describe, it, expect} from '@jest/globals'
import {classifyMergeRefusal, pushRefusal, type PullRequestState} from '../../src/core/refusals.js'

const open: PullRequestState = {state: 'open', merged: false, mergeable: true, mergeableState: 'blocked'}

describe('classifyMergeRefusal', () => {
  it('retries pending checks, whether GitHub words them as protection or as a ruleset', () => {
    expect(classifyMergeRefusal('Required status check "ci" is expected.', open)).toEqual({
      kind: 'not-ready',
      reason: 'Required status check "ci" is expected.'
    })
    expect(
      classifyMergeRefusal('Repository rule violations found\n\n3 of 3 required status checks are expected.\n\n', open)
        .kind
    ).toBe('not-ready')
    expect(classifyMergeRefusal('Base branch was modified. Review and try the merge again.', open).kind).toBe(
      'not-ready'
    )
    expect(classifyMergeRefusal('Pull Request is not mergeable', {...open, mergeableState: 'unknown'}).kind).toBe(
      'not-ready'
    )
  })

  it('sends a queue-protected base to the queue', () => {
    expect(classifyMergeRefusal('Changes must be made through the merge queue', open)).toEqual({
      kind: 'queue-required'
    })
  })

  it('names a disallowed merge method', () => {
    for (const m of ['Squash merges', 'Merge commits', 'Rebase merges']) {
      expect(classifyMergeRefusal(`${m} are not allowed on this repository.`, open).kind).toBe('method-not-allowed')
    }
  })

  it('fails at once on what only a person can do, quoting the requirement', () => {
    expect(
      classifyMergeRefusal('At least 1 approving review is required by reviewers with write access.', open)
    ).toEqual({
      kind: 'blocked',
      requirement: 'At least 1 approving review is required by reviewers with write access.'
    })
    expect(
      classifyMergeRefusal(
        'Repository rule violations found\n\nA conversation must be resolved before this pull request can be merged.\n\n',
        open
      )
    ).toEqual({kind: 'blocked', requirement: 'A conversation must be resolved before this pull request can be merged.'})
    expect(classifyMergeRefusal('Waiting on code owner review from acme/platform.', open).kind).toBe('blocked')
    expect(classifyMergeRefusal('Pull Request is still a draft', {...open, mergeableState: 'draft'}).kind).toBe(
      'blocked'
    )
  })

  it('reads closed, merged, conflicting and behind from the pull request itself', () => {
    const msg = 'Pull Request is not mergeable'
    expect(classifyMergeRefusal(msg, {...open, state: 'closed'}).kind).toBe('closed')
    expect(classifyMergeRefusal(msg, {...open, state: 'closed', merged: true}).kind).toBe('merged')
    expect(classifyMergeRefusal(msg, {...open, mergeable: false, mergeableState: 'dirty'}).kind).toBe('conflict')
    expect(classifyMergeRefusal('Head branch is not up to date with the base branch.', open).kind).toBe('behind')
  })
})

describe('pushRefusal', () => {
  it('extracts the rule from ruleset and protection refusals', () => {
    expect(pushRefusal('Repository rule violations found\n\nChanges must be made through a pull request.\n\n')).toBe(
      'Changes must be made through a pull request.'
    )
    expect(pushRefusal('Protected branch update failed for refs/heads/main.')).toBe(
      'Protected branch update failed for refs/heads/main.'
    )
  })

  it('leaves other errors alone', () => {
    expect(pushRefusal('Expected branch to point to "abc" but it did not. Pull and try again.')).toBeUndefined()
    expect(pushRefusal('Resource not accessible by integration')).toBeUndefined()
  })
})
