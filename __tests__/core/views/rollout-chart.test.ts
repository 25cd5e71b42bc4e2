// The job summary's rollout chart: Mermaid must read it as the tasks we meant, whatever the context names say.
import {describe, expect, it} from '@jest/globals'
import mermaid from 'mermaid'
import {mermaidLabel, rolloutGantt, type RolloutChart} from '../../../src/core/views/rollout-chart.js'
import type {ContextLine} from '../../../src/core/views/rollout.js'

const T0 = Date.parse('2026-12-08T01:00:00Z')
const C = '4b825dc642cb6eb9a060e54bf8d69288fbee4904'

interface GanttTask {
  task: string
  id: string
  section: string
  startTime: Date
  endTime: Date
  classes: string[]
}

/** Parses the block with mermaid's own parser and returns the gantt's tasks as its database holds them. */
async function tasksOf(block: string): Promise<{tasks: GanttTask[]; db: Record<string, unknown>}> {
  const source = block.replace(/^```mermaid\n/, '').replace(/\n```$/, '')
  expect(await mermaid.parse(source)).toMatchObject({diagramType: 'gantt'})
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source)
  const db = diagram.db as unknown as {getTasks(): GanttTask[]} & Record<string, unknown>
  return {tasks: db.getTasks(), db}
}

const line = (context: string, state: ContextLine['state'], from: number, to?: number): ContextLine => ({
  context,
  state,
  commit: C,
  description: 'x',
  firstSeenAt: T0 + from,
  ...(to === undefined ? {} : {settledAt: T0 + to})
})

describe('rolloutGantt', () => {
  it('draws the pull request, the merge and each context from first report to healthy or failed', async () => {
    const chart: RolloutChart = {
      startedAt: T0,
      openedAt: T0 + 2_000,
      landedAt: T0 + 5_000,
      endedAt: T0 + 60_000,
      contexts: [
        line('kustomization/apps/0c9c2e41', 'healthy', 9_000, 41_000),
        line('kustomization/infra/0c9c2e41', 'failed', 7_000, 52_000),
        line('kustomization/tenants/0c9c2e41', 'pending', 8_000)
      ]
    }
    const {tasks} = await tasksOf(rolloutGantt(chart))
    expect(
      tasks.map(t => [t.section, t.task.trim(), t.startTime.getTime() - T0, t.endTime.getTime() - T0, t.classes])
    ).toEqual([
      ['Write', 'open the pull request', 0, 2_000, []],
      ['Write', 'merge', 2_000, 5_000, []],
      ['Flux', 'kustomization/apps/0c9c2e41 healthy', 9_000, 41_000, []],
      ['Flux', 'kustomization/infra/0c9c2e41 failed', 7_000, 52_000, []],
      ['Flux', 'kustomization/tenants/0c9c2e41 pending', 8_000, 60_000, []]
    ])
  })

  it.each([
    ['a click', 'click x href "javascript:alert(1)"'],
    ['an init directive', '%%{init: {"securityLevel": "loose"}}%%'],
    ['line breaks', 'apps\nclick ctx0 href "javascript:alert(1)"\r\nsection evil'],
    ['HTML', '</details><img src=x onerror=alert(1)>'],
    ['syntax', 'a:b#c;d %% comment "q" `t`'],
    ['a keyword', 'section Evil'],
    ['nothing left', ':::###'],
    ['a long name', 'k'.repeat(500)]
  ])('a context name with %s stays one plain task', async (_, name) => {
    const block = rolloutGantt({
      startedAt: T0,
      landedAt: T0 + 1_000,
      endedAt: T0 + 10_000,
      contexts: [line(name, 'healthy', 2_000, 3_000)]
    })
    // Only our own colons, and no comment, directive, quote or tag from the name.
    const flux = block.split('\n').filter(l => l.includes(' healthy :'))
    expect(flux).toHaveLength(1)
    expect(flux[0]?.split(':')).toHaveLength(2)
    expect(block).not.toMatch(/%%|"|<|>|#|;/)
    const {tasks, db} = await tasksOf(block)
    expect(tasks.map(t => [t.section, t.task.trim(), t.classes])).toEqual([
      ['Write', 'commit', []],
      ['Flux', `${mermaidLabel(name)} healthy`, []]
    ])
    expect(tasks.every(t => !t.classes.includes('clickable'))).toBe(true)
    expect(block.split('\n').filter(l => /^\s*click\b/.test(l))).toEqual([])
    expect((db.getDiagramTitle as () => string)()).toBe('')
    expect(mermaidLabel(name)).toMatch(/^[^:#;%"'`<>\n\r]{1,82}$/)
  })
})
