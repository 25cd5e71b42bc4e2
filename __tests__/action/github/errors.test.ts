import {describe, expect, it} from '@jest/globals'
import {explain} from '../../../src/action/github/errors.js'

function httpError(status: number, message: string, headers: Record<string, string> = {}): unknown {
  return Object.assign(new Error(message), {status, response: {headers, data: {message}}})
}

describe('explain', () => {
  it('names the permission for a plain 403', () => {
    const e = explain(
      httpError(403, 'Resource not accessible by integration'),
      'merge #3',
      'acme/gitops',
      'contents: write'
    )
    expect(e.message).toContain("it needs 'contents: write' on acme/gitops")
  })

  it('calls a spent primary rate limit what it is, with the time until the reset on GitHub clock', () => {
    const date = 'Sun, 29 Nov 2026 16:00:00 GMT'
    const reset = String(Date.parse(date) / 1000 + 600)
    const e = explain(
      httpError(403, 'API rate limit exceeded for installation ID 1.', {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': reset,
        date
      }),
      'merge #3',
      'acme/gitops',
      'contents: write'
    )
    expect(e.message).toContain("GitHub's rate limit stopped the run")
    expect(e.message).toContain('10m')
    expect(e.message).not.toContain('needs')
  })

  it('calls a secondary rate limit (retry-after) a rate limit too', () => {
    const e = explain(
      httpError(403, 'You have exceeded a secondary rate limit.', {'retry-after': '60'}),
      'open a pull request',
      'acme/gitops',
      'pull-requests: write'
    )
    expect(e.message).toContain("GitHub's rate limit stopped the run")
  })

  it('names the endpoint a GitHub Enterprise Server lacks (501), instead of a permission', () => {
    const e = explain(
      Object.assign(httpError(501, 'Not Implemented') as object, {
        request: {method: 'GET', url: 'https://ghe/api/v3/repos/a/b/pulls?head=x'}
      }),
      'list pull requests',
      'acme/gitops',
      'pull-requests: read'
    )
    expect(e.message).toContain(
      '501 (not implemented) for GET /api/v3/repos/a/b/pulls while trying to list pull requests'
    )
  })
})
