import {randomBytes} from 'node:crypto'
import {describe, expect, it} from '@jest/globals'
import {commandSafe} from '../../src/core/untrusted.js'
import {runnerCommands} from '../../testing/runner-commands.js'

const token = (): string => randomBytes(16).toString('hex')

describe('commandSafe', () => {
  it('leaves ordinary text alone', () => {
    expect(commandSafe('kustomization/apps: success on abc1234 "reconciliation succeeded"', token)).toBe(
      'kustomization/apps: success on abc1234 "reconciliation succeeded"'
    )
  })

  it.each([
    '::error::x',
    '  ::add-mask::secret',
    'a\n::stop-commands::t\n::warning::w',
    'a\r::set-env name=X::1',
    'text ##[error]legacy',
    '::stop-commands::abc\n::abc::\n::error::after'
  ])('no line of %j is obeyed, and commands after it still are', text => {
    const out = `${commandSafe(`Flux: ${text}`, token)}\n::group::ours`
    expect(runnerCommands(out).map(c => c.command)).toEqual(['group'])
  })

  it('picks another token when the text holds the first one', () => {
    const tokens = ['abc', 'def']
    expect(commandSafe('::abc::', () => tokens.shift() as string)).toBe('::stop-commands::def\n::abc::\n::def::')
  })
})
