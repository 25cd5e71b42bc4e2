// Renders the rollout's views to PNG for docs/images/: runs dist/index.js (strategy: merge) against the fake GitHub
// while a fake Flux reports three Kustomizations (one of them failing with hostile words), then draws the PR comment
// it left and the job summary it wrote with headless Chromium. Offline: Markdown by `marked`, Mermaid from
// node_modules by file://. Dev only: `npm run render-views` (needs /usr/bin/chromium or CHROMIUM=...).
import {execFileSync} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {marked} from 'marked'
import {startFakeFlux} from '../testing/fake-flux.js'
import {OWNER, PODINFO, REPO, world} from '../testing/harness.js'
import {ROOT} from '../testing/run-action.js'

const HOSTILE = 'health check failed: <img src=x onerror=alert(1)> [docs](https://evil) | a | ::error::x'

const CSS = `
body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328;
  background: #fff; margin: 0; padding: 24px; }
.box { border: 1px solid #d1d9e0; border-radius: 6px; max-width: 940px; }
.head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; color: #59636e; }
.body { padding: 16px; }
table { border-collapse: collapse; margin: 8px 0 16px; display: block; overflow: auto; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
tr:nth-child(2n) { background: #f6f8fa; }
code { background: #818b981f; border-radius: 6px; padding: .2em .4em; font: 85% ui-monospace, Menlo, monospace; }
blockquote { color: #59636e; border-left: .25em solid #d1d9e0; margin: 0 0 16px; padding: 0 1em; }
a { color: #0969da; text-decoration: none; }
h2, h3 { margin: 16px 0 8px; } sub { color: #59636e; }
pre.mermaid { background: none; }`

async function page(title: string, markdown: string): Promise<string> {
  const html = (await marked.parse(markdown, {gfm: true})).replace(
    /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
    (_, src: string) => `<pre class="mermaid">${src}</pre>`
  )
  const mermaidJs = pathToFileURL(join(ROOT, 'node_modules/mermaid/dist/mermaid.min.js')).href
  return `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head><body>
<div class="box"><div class="head">${title}</div><div class="body">${html}</div></div>
<script src="${mermaidJs}"></script>
<script>mermaid.initialize({startOnLoad: true, securityLevel: 'strict', gantt: {useWidth: 900}})</script>
</body></html>`
}

function screenshot(html: string, out: string, height: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-promote-views-'))
  const file = join(dir, 'page.html')
  writeFileSync(file, html)
  execFileSync(process.env.CHROMIUM || '/usr/bin/chromium', [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    `--user-data-dir=${join(dir, 'profile')}`,
    '--allow-file-access-from-files',
    '--hide-scrollbars',
    '--virtual-time-budget=5000',
    `--window-size=1000,${height}`,
    `--screenshot=${out}`,
    pathToFileURL(file).href
  ])
}

async function main(): Promise<void> {
  const w = await world()
  const flux = startFakeFlux(w.fake, {
    owner: OWNER,
    repo: REPO,
    branch: 'main',
    reporters: [
      {
        context: 'kustomization/apps-prod-eu/0c9c2e41',
        delayMs: 300,
        script: [
          {state: 'pending', description: 'Reconciliation in progress'},
          {afterMs: 500, state: 'success'}
        ]
      },
      {context: 'kustomization/apps-prod-us/0c9c2e41', delayMs: 900},
      {
        context: 'kustomization/infra-prod/0c9c2e41',
        delayMs: 500,
        script: [
          {state: 'pending', description: 'Health check in progress'},
          {afterMs: 600, state: 'failure', description: HOSTILE}
        ]
      }
    ]
  })
  try {
    const run = await w.run(
      {images: `${PODINFO}:6.15.0`, paths: 'kustomize', strategy: 'merge', 'failure-grace': '1s', timeout: '20s'},
      {env: {GITHUB_RUN_ID: '7', GITHUB_SERVER_URL: 'https://github.com'}}
    )
    const number = Number(run.outputs['pull-request-number'])
    const comment = w.fake.comments(OWNER, REPO, number)[0]?.body ?? ''
    const images = join(ROOT, 'docs', 'images')
    screenshot(await page(`github-actions[bot] commented on #${number}`, comment), join(images, 'pr-comment.png'), 560)
    screenshot(await page('Job summary', run.summary), join(images, 'summary.png'), 1100)
    console.log(
      `result ${run.outputs.result}; comment writes: ${w.fake
        .writes()
        .filter(r => r.path.includes('/comments'))
        .map(r => r.method)
        .join(', ')}`
    )
    console.log(`wrote ${join(images, 'pr-comment.png')} and ${join(images, 'summary.png')}`)
  } finally {
    flux.stop()
    await w.close()
  }
}

await main()
