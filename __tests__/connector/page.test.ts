// The connector's page without a browser: the bundled strings are the page's files, the headers (CSP, nosniff), and
// the rules the CSP relies on (no inline script or style, nothing loaded from elsewhere, no HTML built from data).
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {ROOT} from '../../testing/run-action.js'
import {APP_CSS, APP_JS, ICON_SVG, PAGE_HTML} from '../../src/connector/page/assets.js'
import {PAGE_CSP} from '../../src/connector/page/routes.js'
import {spawnConnector} from '../../testing/connector-process.js'
import {http, startTestConnector, type TestConnector} from './util.js'

const PAGE_DIR = join(ROOT, 'src', 'connector', 'page')

let c: TestConnector
beforeAll(async () => {
  c = await startTestConnector()
})
afterAll(() => c.dispose())

describe('the page assets', () => {
  it('are the files in src/connector/page (run `npm run page` after editing them)', () => {
    const files = {PAGE_HTML: 'page.html', APP_JS: 'app.js', APP_CSS: 'app.css', ICON_SVG: 'icon.svg'}
    const bundled = {PAGE_HTML, APP_JS, APP_CSS, ICON_SVG}
    for (const [name, file] of Object.entries(files)) {
      expect([name, bundled[name as keyof typeof bundled]]).toEqual([name, readFileSync(join(PAGE_DIR, file), 'utf8')])
    }
  })

  it('hold no inline script, style or handler, and load only same-origin paths', () => {
    const scripts = [...PAGE_HTML.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    expect(scripts.length).toBeGreaterThan(0)
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/ui\//)
      expect(body?.trim()).toBe('')
    }
    expect(PAGE_HTML).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i)
    const refs = [...PAGE_HTML.matchAll(/\b(?:src|href)="([^"]*)"/g)].map(m => m[1])
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of refs) expect(ref).toMatch(/^\/(?!\/)/)
    // No address of another origin anywhere (the SVG namespace is a name, not a request).
    const all = [PAGE_HTML, APP_JS, APP_CSS, ICON_SVG.replace('xmlns="http://www.w3.org/2000/svg"', '')].join('\n')
    expect(all).not.toMatch(/\bhttps?:|(?:url\(|import\s)\s*['"]?\/\//i)
    expect(APP_CSS).not.toMatch(/@import|url\(/)
  })

  it('build the DOM from text only: no HTML parsing of data in the script', () => {
    expect(APP_JS).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/)
    expect(APP_JS).toContain('textContent')
    // The token is kept for the tab only.
    expect(APP_JS).toContain('sessionStorage')
    expect(APP_JS).not.toContain('localStorage')
  })
})

describe('serving the page', () => {
  const EXPECTED: [string, string, string][] = [
    ['/', 'text/html; charset=utf-8', PAGE_HTML],
    ['/ui/app.js', 'text/javascript; charset=utf-8', APP_JS],
    ['/ui/app.css', 'text/css; charset=utf-8', APP_CSS],
    ['/ui/icon.svg', 'image/svg+xml', ICON_SVG]
  ]

  it('answers each asset with its type, the strict CSP and nosniff, without a token', async () => {
    expect(PAGE_CSP).toBe("default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    for (const [path, type, body] of EXPECTED) {
      const res = await http('GET', `${c.url}${path}`)
      expect([path, res.status, res.headers['content-type'], res.body]).toEqual([path, 200, type, body])
      expect(res.headers['content-security-policy']).toBe(PAGE_CSP)
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['referrer-policy']).toBe('no-referrer')
    }
  })

  it('answers HEAD with the headers alone, and other methods with 405', async () => {
    const head = await http('HEAD', `${c.url}/`)
    expect([head.status, head.headers['content-security-policy'], head.body]).toEqual([200, PAGE_CSP, ''])
    const post = await http('POST', `${c.url}/`, {body: 'x'})
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD'])
    expect((await http('GET', `${c.url}/ui/other.js`)).status).toBe(404)
  })

  it('is served by the bundle, dist/connector/index.js (no asset file beside it)', async () => {
    expect(readdirSync(join(ROOT, 'dist', 'connector')).filter(f => /\.(html|css|js|svg)$/.test(f))).toEqual([
      'index.js'
    ])
    const proc = await spawnConnector({
      hmacKeys: ['page-test-hmac-key-0000000000000001'],
      readTokens: ['page-test-read-token-00000000000001']
    })
    try {
      for (const [path, type, body] of EXPECTED) {
        const res = await http('GET', `${proc.url}${path}`)
        expect([path, res.status, res.headers['content-type'], res.body]).toEqual([path, 200, type, body])
      }
    } finally {
      await proc.stop()
    }
  })
})
