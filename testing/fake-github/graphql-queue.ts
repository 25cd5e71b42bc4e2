// GraphQL mutations of the merge queue.
import {GraphQLFailure} from './faults.js'
import {requireWrite, queueEntryNode} from './graphql-nodes.js'
import {enqueue} from './merge-queue.js'
import type {FakeGitHubImpl} from './model.js'
import {pullHeadSha, mergeability, queueOf} from './pull-merge.js'
import type {Json} from './types.js'

export function queueMutations(gh: FakeGitHubImpl): Json {
  return {
    enqueuePullRequest: ({input}: {input: Json}) => {
      const node = gh.nodes.get(String(input.pullRequestId))
      const pr = node?.kind === 'pr' ? node.repo.pulls.find(p => String(p.number) === node.key) : undefined
      if (!node || !pr) {
        throw new GraphQLFailure(
          'NOT_FOUND',
          `Could not resolve to a node with the global id of '${input.pullRequestId}'`
        )
      }
      const repo = node.repo
      requireWrite(gh, repo, 'contents')
      if (!queueOf(gh, repo, pr))
        throw new GraphQLFailure('UNPROCESSABLE', 'Merge queue is not enabled for this branch.')
      if (pr.state !== 'open') throw new GraphQLFailure('UNPROCESSABLE', 'Pull request is closed')
      if (input.expectedHeadOid && input.expectedHeadOid !== pullHeadSha(gh, repo, pr)) {
        throw new GraphQLFailure('UNPROCESSABLE', 'Pull request head sha did not match expected head sha')
      }
      const m = mergeability(gh, repo, pr, false, true)
      if (m.state === 'dirty') throw new GraphQLFailure('UNPROCESSABLE', 'Pull request is in dirty status')
      enqueue(gh, repo, pr)
      return {clientMutationId: input.clientMutationId ?? null, mergeQueueEntry: queueEntryNode(gh, repo, pr)}
    }
  }
}
