// The architecture's rules are enforced by ESLint (eslint.config.js, run by `npm run lint` in CI). Each rule here is
// shown to catch a violation, so a config change that silently disables one fails this test.
import {describe, expect, it} from '@jest/globals'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {ESLint} from 'eslint'

const eslint = new ESLint({cwd: process.cwd()})

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, {filePath})
  return (result?.messages ?? []).map(m => `${m.ruleId}: ${m.message}`)
}

describe('ESLint boundaries', () => {
  it.each([
    [
      'src/core/probe.ts',
      "import {run} from '../action/main.js'\nexport const x = run",
      'import-x/no-restricted-paths'
    ],
    [
      'src/core/probe.ts',
      "import {startConnector} from '../connector/server.js'\nexport const x = startConnector",
      'import-x/no-restricted-paths'
    ],
    [
      'src/action/probe.ts',
      "import {readConfig} from '../connector/config.js'\nexport const x = readConfig",
      'import-x/no-restricted-paths'
    ],
    [
      'src/connector/probe.ts',
      "import {readInputs} from '../action/inputs.js'\nexport const x = readInputs",
      'import-x/no-restricted-paths'
    ],
    [
      'src/core/probe.ts',
      "import {readFileSync} from 'node:fs'\nexport const x = readFileSync",
      'no-restricted-imports'
    ],
    ['src/core/probe.ts', "import * as core from '@actions/core'\nexport const x = core", 'no-restricted-imports'],
    ['src/core/probe.ts', 'export const now = (): number => Date.now()', 'no-restricted-properties'],
    ['src/core/probe.ts', 'export const now = (): Date => new Date()', 'no-restricted-syntax'],
    ['src/core/probe.ts', 'export const env = (): unknown => process.env', 'no-restricted-globals'],
    ['src/core/probe.ts', 'export const later = (f: () => void): unknown => setTimeout(f, 1)', 'no-restricted-globals']
  ])('%s: %s is refused (%s)', async (file, code, rule) => {
    expect((await problems(file, code)).some(p => p.startsWith(`${rule}:`))).toBe(true)
  })

  it('allows what the layers may do', async () => {
    expect(
      await problems(
        'src/action/probe.ts',
        "import {parseImageRef} from '../core/image-ref.js'\nexport const x = parseImageRef"
      )
    ).toEqual([])
    expect(await problems('src/core/probe.ts', 'export const at = (ms: number): Date => new Date(ms)')).toEqual([])
  })

  it.each([['__tests__'], ['testing/fake-github']])('finds an import cycle under %s', async under => {
    // Two real files that import each other (a cycle needs both on disk), removed afterwards.
    const dir = mkdtempSync(join(process.cwd(), under, '.cycle-probe-'))
    try {
      writeFileSync(join(dir, 'a.ts'), "import {b} from './b.js'\nexport const a = (): number => b() + 1\n")
      writeFileSync(join(dir, 'b.ts'), "import {a} from './a.js'\nexport const b = (): number => a() - 1\n")
      const [result] = await eslint.lintFiles([join(dir, 'a.ts')])
      expect(result?.messages.map(m => m.ruleId)).toContain('import-x/no-cycle')
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
