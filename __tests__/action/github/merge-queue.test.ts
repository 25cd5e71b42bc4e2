import {describe, expect, it} from '@jest/globals'
import {GraphQLRequestError, type GitHub} from '../../../src/action/github/client.js'
import {readQueueState} from '../../../src/action/github/merge-queue.js'

const AT = {owner: 'acme', repo: 'gitops'}
const PULL = {state: 'OPEN', headRefOid: 'a'.repeat(40), mergeCommit: null, autoMergeRequest: null}

/** A GitHub whose GraphQL schema may lack the merge queue's fields, as older GitHub Enterprise Servers do. */
function server(queueFields: boolean): {gh: GitHub; queries: string[]} {
  const queries: string[] = []
  const graphql = async <T>(query: string): Promise<T> => {
    queries.push(query)
    if (/isMergeQueueEnabled/.test(query)) {
      if (!queueFields) {
        throw new GraphQLRequestError([{message: "Field 'isMergeQueueEnabled' doesn't exist on type 'PullRequest'"}])
      }
      const queued = {...PULL, isMergeQueueEnabled: true, mergeQueueEntry: {state: 'QUEUED', position: 1}}
      return {repository: {pullRequest: {...queued, timelineItems: {nodes: []}}}} as T
    }
    return {repository: {pullRequest: PULL}} as T
  }
  const gh = {graphql, stats: {requests: 0, notModified: 0}} as unknown as GitHub
  return {gh, queries}
}

describe('readQueueState', () => {
  it('reads the queue where the server has one', async () => {
    const {gh} = server(true)
    const s = await readQueueState(gh, AT, 7)
    expect(s.queueEnabled).toBe(true)
    expect(s.entry).toEqual({state: 'QUEUED', position: 1})
  })

  it('treats a server without the queue fields as having no queue, and stops asking for them', async () => {
    const {gh, queries} = server(false)
    const first = await readQueueState(gh, AT, 7)
    expect(first).toMatchObject({state: 'OPEN', queueEnabled: false, entry: null, removed: null})
    await readQueueState(gh, AT, 7)
    expect(queries.map(q => /isMergeQueueEnabled/.test(q))).toEqual([true, false, false])
  })

  it('does not hide other GraphQL errors', async () => {
    const gh = {
      graphql: async () => {
        throw new GraphQLRequestError([{type: 'FORBIDDEN', message: 'Resource not accessible by integration'}])
      }
    } as unknown as GitHub
    await expect(readQueueState(gh, AT, 7)).rejects.toThrow('Resource not accessible')
  })
})
