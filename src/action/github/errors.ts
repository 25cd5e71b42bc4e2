// GitHub's 401/403/404 answers say little; these messages say which permission the token lacks on which repo.
import {PromoteError} from '../../core/errors.js'
import {AnswerLostError, GraphQLRequestError, messageOf, statusOf} from './client.js'
import {rateLimitWait} from '../../core/http-error.js'
import {NOT_IMPLEMENTED, notImplemented} from '../../core/classify.js'
import {formatDuration} from '../../core/duration.js'

/**
 * Wraps a failed GitHub request in a PromoteError that names the step, the repo and the permission it needs.
 * Anything that is not an HTTP error is passed through unchanged.
 */
export function explain(e: unknown, step: string, repo: string, permission: string): Error {
  // GraphQL answers 200 and puts the HTTP-like meaning in the error type.
  const gqlStatus =
    e instanceof GraphQLRequestError
      ? e.hasType('FORBIDDEN')
        ? 403
        : e.hasType('NOT_FOUND')
          ? 404
          : undefined
      : undefined
  const status = gqlStatus ?? statusOf(e)
  const detail = messageOf(e)
  // A 403 or 429 from a spent rate limit is not a missing permission (the client already waited what it could).
  const limited = status === 403 || status === 429 ? rateLimitWait(e) : undefined
  if (limited !== undefined) {
    return new PromoteError(
      `GitHub's rate limit stopped the run while trying to ${step} in ${repo} (${status} ${detail}); ` +
        `it lifts in about ${formatDuration(limited)}. Re-run then, or raise 'timeout' so the run can wait for it.`
    )
  }
  if (e instanceof AnswerLostError) {
    return new PromoteError(
      `${e.message} while trying to ${step} in ${repo}, and it was still lost when sent again. ` +
        `GitHub may be having an outage: re-run the job (a re-run finds what was written and continues from there).`
    )
  }
  switch (status) {
    case NOT_IMPLEMENTED:
      return new PromoteError(notImplemented(e, `trying to ${step} in ${repo}`))
    case 401:
      return new PromoteError(
        `GitHub rejected the token while trying to ${step} in ${repo} (401 ${detail}): check the 'token' input; it may be expired or revoked.`
      )
    case 403:
      return new PromoteError(
        `The token may not ${step} in ${repo} (403 ${detail}): it needs '${permission}' on ${repo}. ` +
          `The default GITHUB_TOKEN only reaches the workflow's own repository; for another repo use a GitHub App token or a fine-grained PAT.`
      )
    case 404:
      return new PromoteError(
        `GitHub answered 404 while trying to ${step} in ${repo}: check the 'repository' and 'branch' inputs, and that the token can see ${repo} ('${permission}').`
      )
    case undefined:
      return e instanceof Error ? e : new Error(String(e))
    default:
      return new PromoteError(`GitHub answered ${status} while trying to ${step} in ${repo}: ${detail}`)
  }
}

/** Runs one GitHub step and explains its failure. */
export async function step<T>(what: string, repo: string, permission: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    throw explain(e, what, repo, permission)
  }
}
