// Text Flux controls, end to end: a status description carrying HTML, Markdown and a workflow command reaches the
// job summary file escaped and the log inert.
import {describe, it, expect} from '@jest/globals'
import {marked} from 'marked'
import {e2eSession, pushAndWait} from './session.js'
import {PODINFO} from '../../testing/harness.js'
import {runnerCommands} from '../../testing/runner-commands.js'

const APPS = 'kustomization/apps/0c9c2e41'
export const HOSTILE = '<img src=x onerror=alert(1)> [x](https://evil) | a | b | </details> ::error::x'

const e2e = e2eSession(['violations', 'forcedUpdates'])

describe("Flux's words in the summary and the log", () => {
  it('arrive escaped in GITHUB_STEP_SUMMARY and obey no workflow command', async () => {
    const {w} = await e2e.withFlux([{context: APPS, delayMs: 100, script: [{state: 'failure', description: HOSTILE}]}])
    const run = await w.run(pushAndWait(`${PODINFO}:6.15.0`, {'failure-grace': '1s'}))
    expect(run.outputs.result).toBe('failed')

    const html = await marked.parse(run.summary, {gfm: true})
    expect(html).not.toMatch(/<img/i)
    expect(html).not.toMatch(/href="https:\/\/evil/)
    expect(html).not.toContain('</details>')
    // The context row keeps its six cells: the description's pipes do not split it.
    const row = run.summary.split('\n').find(l => l.includes(APPS) && l.startsWith('|')) ?? ''
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(6)
    // ...and the reader still sees Flux's words.
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; [x](https:\u200b//evil) | a | b | &lt;/details&gt;')

    // Flux's `::error::x` is shown, never obeyed: the only error command is the run's own failure.
    expect(run.stdout).toContain('::error::x')
    const commands = runnerCommands(run.stdout).filter(c => c.command === 'error')
    expect(commands.map(c => c.data)).not.toContain('x')
    expect(commands.every(c => c.data.includes('failure-grace') || c.data.includes(APPS))).toBe(true)
  })
})
