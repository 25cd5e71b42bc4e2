// Typed errors: main.ts turns them into one failure message; `input` names the action input at fault.

/** Bad input: names the input and the fix. Raised before any request is sent. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(message)
    this.name = 'InputError'
  }
}

/** A gitops file the bump cannot handle (YAML that does not parse, nothing matched). Points at file:line:column. */
export class BumpError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number
  ) {
    super(message)
    this.name = 'BumpError'
  }
}

/**
 * The rollout ended without success: Flux reported a failure past the grace, GitHub refused a write, or (`blocked`)
 * the source stage of a promotion has not proven its references, so nothing was written.
 */
export class PromoteError extends Error {
  constructor(
    message: string,
    readonly result: 'failed' | 'timed-out' | 'blocked' = 'failed'
  ) {
    super(message)
    this.name = 'PromoteError'
  }
}
