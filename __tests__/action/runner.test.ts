import {afterEach, beforeEach, describe, expect, it, jest} from '@jest/globals'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import * as runner from '../../src/action/runner.js'
import {parseFileCommand} from '../../testing/run-action.js'

describe('runner: the workflow commands and files @actions/core would write', () => {
  let dir = ''
  let out: string[] = []
  const env = {...process.env}
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runner-test-'))
    out = []
    jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      out.push(String(chunk))
      return true
    })
  })
  afterEach(() => {
    jest.restoreAllMocks()
    process.env = {...env}
    process.exitCode = undefined
    rmSync(dir, {recursive: true, force: true})
  })

  it('reads INPUT_<NAME> trimmed, spaces as underscores', () => {
    process.env['INPUT_COMMIT-MESSAGE'] = '  deploy {images}\n'
    process.env.INPUT_A_B = 'x'
    expect(runner.getInput('commit-message')).toBe('deploy {images}')
    expect(runner.getInput('a b')).toBe('x')
    expect(runner.getInput('unset-input')).toBe('')
  })

  it('escapes messages and annotation properties as the runner unescapes them', () => {
    runner.error('50% done\nsecond line', {title: 'a: b, c', file: 'k.yaml', startLine: 3, startColumn: 0})
    runner.warning('plain')
    expect(out).toEqual([
      '::error title=a%3A b%2C c,file=k.yaml,line=3::50%25 done%0Asecond line\n',
      '::warning::plain\n'
    ])
  })

  it('fails the step with exit code 1 and an error line', () => {
    runner.setFailed('it broke')
    expect(process.exitCode).toBe(1)
    expect(out).toEqual(['::error::it broke\n'])
  })

  it('writes multi-line outputs as delimited records, and appends the summary', async () => {
    const output = join(dir, 'output')
    const summary = join(dir, 'summary')
    writeFileSync(output, '')
    writeFileSync(summary, '# before\n')
    process.env.GITHUB_OUTPUT = output
    process.env.GITHUB_STEP_SUMMARY = summary
    runner.setOutput('files', 'a.yaml\nb.yaml')
    runner.setOutput('result', 'healthy')
    await runner.appendSummary('| a | b |')
    expect(parseFileCommand(readFileSync(output, 'utf8'))).toEqual({files: 'a.yaml\nb.yaml', result: 'healthy'})
    expect(readFileSync(summary, 'utf8')).toBe('# before\n| a | b |\n')
  })

  it('groups a step and closes the group when it throws', async () => {
    await expect(
      runner.group('Write', async () => {
        throw new Error('x')
      })
    ).rejects.toThrow('x')
    expect(out).toEqual(['::group::Write\n', '::endgroup::\n'])
  })
})
