// Generates the README's inputs and outputs tables from action.yml, so the two cannot drift: `npm run docs` rewrites
// the text between the `<!-- inputs:start -->` / `<!-- inputs:end -->` (and outputs) markers; a test compares.
// Runs on Node 24 directly (type stripping), so it imports nothing but packages.
import {readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parse} from 'yaml'

interface ActionYml {
  inputs: Record<string, {description: string; required?: boolean; default?: string}>
  outputs: Record<string, {description: string}>
}

/** A table cell on one line: pipes and `*` escaped, angle brackets as entities (`<64 hex>` is not an HTML tag). */
function cell(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[|*]/g, c => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

function code(value: string): string {
  return value === '' ? "`''`" : `\`${value}\``
}

export function inputsTable(action: ActionYml): string {
  const rows = Object.entries(action.inputs).map(([name, spec]) => {
    const def = spec.required ? '(required)' : code(spec.default ?? '')
    return `| \`${name}\` | ${def} | ${cell(spec.description)} |`
  })
  return ['| Name | Default | Description |', '| --- | --- | --- |', ...rows].join('\n')
}

export function outputsTable(action: ActionYml): string {
  const rows = Object.entries(action.outputs).map(([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`)
  return ['| Name | Description |', '| --- | --- |', ...rows].join('\n')
}

/** `readme` with the text between each pair of markers replaced by the table generated from `actionYml`. */
export function renderReadme(readme: string, actionYml: string): string {
  const action = parse(actionYml) as ActionYml
  const tables = {inputs: inputsTable(action), outputs: outputsTable(action)}
  let out = readme
  for (const [name, table] of Object.entries(tables)) {
    const start = `<!-- ${name}:start (generated from action.yml by npm run docs) -->`
    const end = `<!-- ${name}:end -->`
    const from = out.indexOf(start)
    const to = out.indexOf(end)
    if (from < 0 || to < from) throw new Error(`README.md: missing the markers ${start} ... ${end}`)
    out = `${out.slice(0, from + start.length)}\n${table}\n${out.slice(to)}`
  }
  return out
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = join(ROOT, 'README.md')
  const before = readFileSync(path, 'utf8')
  const after = renderReadme(before, readFileSync(join(ROOT, 'action.yml'), 'utf8'))
  if (after !== before) writeFileSync(path, after)
  console.log(after === before ? 'README.md is up to date' : 'README.md: inputs and outputs tables regenerated')
}
