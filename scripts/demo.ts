// `npm run demo`: the whole loop on this machine, against local fakes only. A fake GitHub API on 127.0.0.1 holds a
// sample gitops repo (podinfo's manifests); dist/index.js runs exactly as the Actions runner would run it, first as a
// dry run (prints the diff), then for real: bump, pull request, merge, a simulated Flux posting its commit status,
// healthy. Prints the timeline. Then a third act: half an hour later (on GitHub's clock), promote what staging runs to
// production, from staging's own evidence (healthy for long enough), and print that evidence and the timeline.
import {startFakeGitHub, type FakeGitHub, type RecordedRequest} from '../testing/fake-github/index.js'
import {startFakeFlux, type FluxReport} from '../testing/fake-flux.js'
import {runAction, type ActionRun} from '../testing/run-action.js'
import {fixtureFiles} from '../testing/harness.js'

const OWNER = 'acme'
const REPO = 'gitops'
const IMAGE = 'ghcr.io/stefanprodan/podinfo:6.15.0'
const CONTEXT = 'kustomization/apps-staging/0c9c2e41'
const PRODUCTION = 'kustomization/apps-production/0c9c2e41'

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
  // GitHub's clock (the Date of its answers, the time of its statuses) can be moved on for the third act.
  let offset = 0
  const fake = await startFakeGitHub({clock: () => Date.now() + offset})
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
      contexts: 'kustomization/apps-staging/*',
      interval: '1s',
      timeout: '2m',
      environment: 'staging'
    }
  })
  const ended = Date.now()
  await flux.stop()
  printTimeline(fake, from, started, ended, flux.reports, run)
  console.log(bold('\nOutputs'))
  show(run)
  summarise(fake, from)
  if (run.code !== 0) {
    console.error(run.stdout)
    process.exitCode = 1
  }

  offset += 31 * 60_000
  console.log(
    bold(
      "\n3) 31 minutes later (on GitHub's clock): promote what staging (kustomize/) runs to production (deploy/webapp),\n" +
        '   once staging has been healthy for 30m; images names no tag, strategy=merge, Flux reports production after 1.5s'
    )
  )
  const prodFlux = startFakeFlux(fake, {
    owner: OWNER,
    repo: REPO,
    branch: 'main',
    reporters: [{context: PRODUCTION, delayMs: 1500}]
  })
  const from3 = fake.requests.length
  const started3 = Date.now()
  const promoted = await runAction({
    ...common,
    inputs: {
      repository: `${OWNER}/${REPO}`,
      images: 'ghcr.io/stefanprodan/podinfo',
      'from-paths': 'kustomize',
      'from-contexts': 'kustomization/apps-staging/*',
      'from-soak': '30m',
      paths: 'deploy/webapp',
      strategy: 'merge',
      contexts: 'kustomization/apps-production/*',
      interval: '1s',
      timeout: '2m',
      environment: 'production'
    }
  })
  const ended3 = Date.now()
  await prodFlux.stop()
  console.log(bold('\nResolved and evidence (from the log)'))
  const lines = promoted.stdout.split('\n')
  const keep = (l: string): boolean =>
    /^(Source stage|ghcr\.io\/.* -> |Evidence:|  kustomization\/|The source stage has been healthy)/.test(l)
  for (const l of lines.filter(keep)) console.log(`  ${l}`)
  const commit = fake.log(OWNER, REPO, 'main')[0]
  console.log(bold('\nThe production commit'))
  console.log(`  ${commit?.message.split('\n').join('\n  ')}`)
  printTimeline(fake, from3, started3, ended3, prodFlux.reports, promoted)
  console.log(bold('\nOutputs'))
  show(promoted)
  summarise(fake, from3)
  await fake.close()
  if (promoted.code !== 0) {
    console.error(promoted.stdout)
    process.exitCode = 1
  }
}

function printTimeline(
  fake: FakeGitHub,
  from: number,
  started: number,
  ended: number,
  reports: FluxReport[],
  run: ActionRun
): void {
  const timeline: [number, string][] = []
  for (const r of fake.requests.slice(from)) {
    const what = describe(r)
    if (what) timeline.push([r.time, what])
  }
  for (const r of reports)
    timeline.push([r.at, `Flux posts ${r.context}: ${r.state} "${r.description}" on ${r.sha.slice(0, 7)}`])
  timeline.push([ended, `action exits ${run.code} with result=${run.outputs.result}`])
  timeline.sort((a, b) => a[0] - b[0])
  console.log(bold('\nTimeline'))
  for (const [t, what] of timeline) console.log(`  +${((t - started) / 1000).toFixed(2).padStart(6)}s  ${what}`)
}

function summarise(fake: FakeGitHub, from: number): void {
  const api = fake.requests.slice(from).filter(r => !r.client && r.operation !== 'codeload')
  const firstWrite = api.findIndex(r => r.write)
  console.log(
    `\n${api.length} GitHub API requests (${firstWrite < 0 ? api.length : firstWrite} reads before the first write, ` +
      `${api.filter(r => r.write).length} writes, ${api.filter(r => r.status === 304).length} answered 304); ` +
      `${fake.violations.length} requests GitHub would not know; ${fake.forcedUpdates.length} forced ref updates.`
  )
}

await main()
