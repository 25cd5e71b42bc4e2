// The commit message, PR title and PR body of a promotion, from the templates and the plan.
import type {BumpPlan, BumpTarget} from '../../core/bump/types.js'
import {expandTemplate, type TemplateValues} from '../../core/templates.js'
import {splitTargets} from '../../core/charts.js'
import type {ChangeText} from './types.js'

export interface TextInputs {
  targets: BumpTarget[]
  paths: string[]
  runUrl: string
  commitMessage: string
  prTitle: string
  /** Empty: the generated body listing images and files. */
  prBody: string
  /** A promotion's `promote <name> <old> -> <new> from <paths>@<sha>` lines, shown first in the generated body. */
  promotion?: string[]
}

export function templateValues(t: TextInputs, branch: string): TemplateValues {
  const {images, charts} = splitTargets(t.targets)
  return {
    images: images.map(x => x.line).join(', '),
    charts: charts.map(x => x.line).join(', '),
    branch,
    paths: t.paths.join(', '),
    run_url: t.runUrl
  }
}

export function promotionText(t: TextInputs, branch: string): ChangeText {
  const values = templateValues(t, branch)
  return {
    message: expandTemplate(t.commitMessage, values),
    title: expandTemplate(t.prTitle, values),
    body: plan => (t.prBody ? expandTemplate(t.prBody, values) : defaultBody(t, branch, plan))
  }
}

function defaultBody(t: TextInputs, branch: string, plan: BumpPlan): string {
  const rows = t.targets.map(x => {
    const before = plan.previous[x.line] ?? []
    return `| \`${before.join('`, `') || '(none)'}\` | \`${x.line}\` |`
  })
  const files = plan.edits.map(e => `- \`${e.path}\` (${e.changes.length} value${e.changes.length === 1 ? '' : 's'})`)
  const promotion = t.promotion && t.promotion.length > 0 ? [...t.promotion.map(l => `- ${l}`), ''] : []
  const {images, charts} = splitTargets(t.targets)
  const what = charts.length === 0 ? 'images' : images.length === 0 ? 'charts' : 'images and charts'
  return [
    `Promotes ${what} on \`${branch}\`.`,
    '',
    ...promotion,
    '| from | to |',
    '| --- | --- |',
    ...rows,
    '',
    'Changed files:',
    ...files,
    '',
    t.runUrl ? `Opened by [gitops-promote](${t.runUrl}).` : 'Opened by gitops-promote.'
  ].join('\n')
}
