// `npm run demo`: the whole loop on this machine, against local fakes only. A fake GitHub API on 127.0.0.1 holds a
// sample gitops repo (podinfo's manifests); dist/index.js runs exactly as the Actions runner would run it, first as a
// dry run (prints the diff), then for real: bump, pull request, merge, a simulated Flux posting its commit status,
// healthy. Prints the timeline.
import {startFakeGitHub, type RecordedRequest} from '../testing/fake-github/index.js'
import {startFakeFlux} from '../testing/fake-flux.js'
import {runAction, type ActionRun} from '../testing/run-action.js'
import {fixtureFiles} from '../testing/harness.js'

const OWNER = 'acme'
const REPO = 'gitops'
const IMAGE = 'ghcr.io/stefanprodan/podinfo:6.15.0'
const CONTEXT = 'kustomization/apps/0c9c2e41'

const bold = (s: string): string => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)

function describe(r: RecordedRequest): string | undefined {
  const op = r.operation ?? ''
  if (r.client) return undefined
  if (op === 'graphql') return `GraphQL ${r.graphql?.fields?.join(', ')}`
  if (op === 'codeload') return undefined
  return `${r.method} ${r.path}${r.status === 304 ? ' (304, free)' : ''}`
}

function show(run: ActionRun): void {
  for (const [k, v] of Object.entries(run.outputs)) console.log(`  ${k} = ${v.split('\n').join(', ')}`)
}

async function main(): Promise<void> {
  const fake = await startFakeGitHub()
  const files = Object.fromEntries(
    Object.entries(fixtureFiles('podinfo')).filter(([p]) => p.startsWith('kustomize/') || p.startsWith('deploy/'))
  )
  fake.createRepo(OWNER, REPO, {files})
  const appSha = fake.createRepo(OWNER, 'app', {files: {'README.md': '# app\n'}})
  const common = {
    apiUrl: fake.url,
    token: fake.token,
    env: {GITHUB_REPOSITORY: `${OWNER}/app`, GITHUB_SHA: appSha}
  }
  console.log(
    bold(`Fake GitHub API on ${fake.url} with ${OWNER}/${REPO} (${Object.keys(files).length} files from podinfo).`)
  )

  console.log(bold(`\n1) Dry run: images=${IMAGE}, paths=kustomize`))
  const dry = await runAction({
    ...common,
    inputs: {repository: `${OWNER}/${REPO}`, images: IMAGE, paths: 'kustomize', 'dry-run': 'true'}
  })
  const diff = dry.stdout.slice(dry.stdout.indexOf('--- a/'), dry.stdout.indexOf('::group::Outputs'))
  console.log(diff.trimEnd())
  show(dry)

  console.log(bold('\n2) The whole loop: strategy=merge, wait=commit-status, a simulated Flux reporting after 2s'))
  const flux = startFakeFlux(fake, {
    owner: OWNER,
    repo: REPO,
    branch: 'main',
    reporters: [{context: CONTEXT, delayMs: 2000}]
  })
  const from = fake.requests.length
  const started = Date.now()
  const run = await runAction({
    ...common,
    inputs: {
      repository: `${OWNER}/${REPO}`,
      images: IMAGE,
      paths: 'kustomize',
      strategy: 'merge',
      contexts: 'kustomization/apps/*',
      interval: '1s',
      timeout: '2m',
      environment: 'staging'
    }
  })
  const ended = Date.now()
  flux.stop()

  const timeline: [number, string][] = []
  for (const r of fake.requests.slice(from)) {
    const what = describe(r)
    if (what) timeline.push([r.time, what])
  }
  for (const r of flux.reports)
    timeline.push([r.at, `Flux posts ${r.context}: ${r.state} "${r.description}" on ${r.sha.slice(0, 7)}`])
  timeline.push([ended, `action exits ${run.code} with result=${run.outputs.result}`])
  timeline.sort((a, b) => a[0] - b[0])
  console.log(bold('\nTimeline'))
  for (const [t, what] of timeline) console.log(`  +${((t - started) / 1000).toFixed(2).padStart(6)}s  ${what}`)
  console.log(bold('\nOutputs'))
  show(run)
  const api = fake.requests.slice(from).filter(r => !r.client && r.operation !== 'codeload')
  console.log(
    `\n${api.length} GitHub API requests (${api.filter(r => r.write).length} writes, ${api.filter(r => r.status === 304).length} answered 304); ` +
      `${fake.violations.length} requests GitHub would not know; ${fake.forcedUpdates.length} forced ref updates.`
  )
  await fake.close()
  if (run.code !== 0) {
    console.error(run.stdout)
    process.exitCode = 1
  }
}

await main()
