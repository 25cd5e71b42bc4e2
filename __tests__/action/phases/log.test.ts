// The stages' evidence lines carry Flux's words: none of them may act as a workflow command.
import {afterEach, describe, expect, it, jest} from '@jest/globals'
import {logEvidence} from '../../../src/action/phases/log.js'
import {runnerCommands} from '../../../testing/runner-commands.js'

const I = '4b825dc642cb6eb9a060e54bf8d69288fbee4904'

afterEach(() => {
  jest.restoreAllMocks()
})

function captured(fn: () => void): string {
  const chunks: string[] = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk))
    return true
  })
  fn()
  jest.restoreAllMocks()
  return chunks.join('')
}

describe('logEvidence', () => {
  it("prints Flux's description without letting a line of it act as a workflow command", () => {
    const out = captured(() =>
      logEvidence([
        {
          pattern: 'kustomization/*',
          context: 'kustomization/apps-staging/0c9c2e41',
          state: 'failed',
          commit: I,
          description: 'health check failed\n::error::x\n::add-mask::y ##[warning]z'
        }
      ])
    )
    expect(out).toContain('::error::x')
    expect(out).toContain('kustomization/apps-staging/0c9c2e41: failed on 4b825dc')
    expect(runnerCommands(out)).toEqual([])
  })
})
