import {describe, expect, it} from '@jest/globals'
import {classifyGitHubError, endpointOf, isNoAnswer, isTransientStatus} from '../../src/core/classify.js'

/** An octokit-style error: status, GitHub's message, and the request it answered. */
function answered(status: number, url = 'https://ghe.example.com/api/v3/repos/acme/gitops/rules/branches/main?x=1') {
  return Object.assign(new Error('Not Implemented'), {
    status,
    request: {method: 'GET', url},
    response: {headers: {}, data: {message: 'Not Implemented'}}
  })
}

describe('the one classifier', () => {
  it('treats 5xx and 408 as transient, but not 501 (the endpoint is missing, not down)', () => {
    expect([500, 502, 503, 504, 408].map(isTransientStatus)).toEqual([true, true, true, true, true])
    expect([501, 404, 422].map(isTransientStatus)).toEqual([false, false, false])
  })

  it('a 501 while waiting is fatal and names the endpoint', () => {
    const e = classifyGitHubError(answered(501), 'the commit statuses of abc1234', 'acme/gitops', 'statuses: read')
    expect(e.fatal).toBe(true)
    expect(e.message).toContain('501 (not implemented) for GET /api/v3/repos/acme/gitops/rules/branches/main')
    expect(classifyGitHubError(answered(502), 'x', 'acme/gitops', 'statuses: read').kind).toBe('transient')
  })

  it('tells an answer that never came from one that came', () => {
    const reset = Object.assign(new Error('other side closed'), {status: 500, request: {method: 'POST', url: '/x'}})
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), {name: 'TimeoutError'})
    expect(isNoAnswer(reset)).toBe(true)
    expect(isNoAnswer(timeout)).toBe(true)
    expect(isNoAnswer(answered(500))).toBe(false)
    expect(isNoAnswer(new TypeError('a bug'))).toBe(false)
    expect(endpointOf(reset)).toBe('POST /x')
    expect(endpointOf(new Error('no request'))).toBe('')
  })
})
