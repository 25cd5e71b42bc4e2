// The connector's page in a real headless Chromium against a real connector fed with signed Flux events: both
// clusters, Flux's words shown as text (a message carrying HTML stays inert), a new event shown without a reload,
// the watches in flight, and no request leaving 127.0.0.1.
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'
import type {Browser, BrowserContext, Page, Request} from 'playwright-core'
import {HAVE_CHROMIUM, launchChromium} from '../../testing/browser.js'
import {PAGE_CSP} from '../../src/connector/page/routes.js'
import {READ_TOKEN, SHA_A, SHA_B, fluxEvent, postEvent, startTestConnector, type TestConnector} from './util.js'
import {WATCH_TOKEN, testHandoff, watchBody} from './handoff.js'

const XSS = '<img src=x onerror="window.__pwned=1">'
const APPS_PROD = 'prod-eu/Kustomization/flux-system/apps'
const APPS_STAGING = 'staging/Kustomization/flux-system/apps'
const PODINFO_PROD = 'prod-eu/HelmRelease/podinfo/podinfo'

const describeBrowser = HAVE_CHROMIUM ? describe : describe.skip

// The page-side callbacks run in Chromium; the project compiles without the DOM library, so they name what they use.
declare const document: {
  documentElement: {scrollWidth: number}
  body: unknown
  querySelector(selector: string): {textContent: string | null} | null
}
declare const window: {innerWidth: number}
declare const getComputedStyle: (element: unknown, pseudo?: string) => {backgroundColor: string; content: string}
declare const sessionStorage: {getItem(key: string): string | null}
declare const localStorage: {length: number}

let c: TestConnector
let browser: Browser
let watchId: string
/** The events' timestamps: a little before the test, so ages are small and positive. */
let t0: number

async function post(spec: Parameters<typeof fluxEvent>[0]): Promise<void> {
  const res = await postEvent(c.url, fluxEvent(spec))
  expect(res.status).toBe(202)
}

beforeAll(async () => {
  if (!HAVE_CHROMIUM) return
  ;[c, browser] = await Promise.all([startTestConnector({handoff: testHandoff()}), launchChromium()])
  t0 = Date.now() - 90_000
  const at = (s: number): string => new Date(t0 + s * 1000).toISOString()
  await post({timestamp: at(0), metadata: {cluster: 'staging', revision: `main@sha1:${SHA_A}`}})
  await post({
    timestamp: at(1),
    severity: 'error',
    reason: 'HealthCheckFailed',
    message: XSS,
    metadata: {cluster: 'prod-eu', revision: `main@sha1:${SHA_A}`}
  })
  await post({
    timestamp: at(2),
    kind: 'HelmRelease',
    namespace: 'podinfo',
    name: 'podinfo',
    reason: 'UpgradeSucceeded',
    message: 'Helm upgrade succeeded for release podinfo/podinfo.v3 with chart podinfo@6.9.2',
    metadata: {cluster: 'prod-eu', revision: '6.9.2'}
  })
  const res = await fetch(`${c.url}/api/v1/watches`, {
    method: 'POST',
    headers: {authorization: `Bearer ${WATCH_TOKEN}`, 'content-type': 'application/json'},
    body: JSON.stringify(watchBody(Date.now()))
  })
  expect(res.status).toBe(201)
  watchId = ((await res.json()) as {id: string}).id
}, 20_000)

afterAll(async () => {
  await browser?.close()
  await c?.dispose()
})

interface Tab {
  context: BrowserContext
  page: Page
  requests: Request[]
  /** Console errors and uncaught exceptions (a CSP violation is reported as one). */
  problems: string[]
}

async function openTab(opts: {width: number; height: number; dark?: boolean}): Promise<Tab> {
  const context = await browser.newContext({
    viewport: {width: opts.width, height: opts.height},
    colorScheme: opts.dark ? 'dark' : 'light'
  })
  const page = await context.newPage()
  page.setDefaultTimeout(5000)
  const requests: Request[] = []
  const problems: string[] = []
  page.on('request', r => requests.push(r))
  page.on('console', m => {
    if (m.type() === 'error') problems.push(m.text())
  })
  page.on('pageerror', e => problems.push(e.message))
  return {context, page, requests, problems}
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.locator('#token').fill(token)
  await page.locator('#login button[type=submit]').click()
}

const row = (page: Page, key: string): ReturnType<Page['locator']> => page.locator(`tr[data-object="${key}"]`)

describeBrowser('the connector page in Chromium', () => {
  it('shows both clusters, Flux messages as inert text, the watch, live updates, and talks only to 127.0.0.1', async () => {
    const {page, context, requests, problems} = await openTab({width: 1280, height: 800})
    const response = await page.goto(`${c.url}/`)
    expect(response?.headers()['content-security-policy']).toBe(PAGE_CSP)
    expect(response?.headers()['x-content-type-options']).toBe('nosniff')

    // A refused token is said so, and the form asks again.
    await signIn(page, 'not-a-token')
    await expect(page.locator('#login-error').textContent()).resolves.toBe('That token was refused.')
    await signIn(page, READ_TOKEN)

    // Both clusters, each with its objects, state, short revision and Flux's words.
    await page.locator('section[data-cluster="staging"]').waitFor()
    const clusters = await page
      .locator('section[data-cluster]')
      .evaluateAll(s => s.map(e => e.getAttribute('data-cluster')))
    expect(clusters).toEqual(['prod-eu', 'staging'])
    await expect(row(page, APPS_STAGING).locator('.state').textContent()).resolves.toBe('healthy')
    await expect(row(page, APPS_STAGING).locator('code').textContent()).resolves.toBe(SHA_A.slice(0, 7))
    await expect(row(page, PODINFO_PROD).locator('code').textContent()).resolves.toBe('6.9.2')
    await expect(row(page, APPS_PROD).locator('.state').textContent()).resolves.toBe('failed')
    expect(await row(page, APPS_STAGING).locator('.clock').textContent()).toMatch(/^1m \d+s$/)

    // The failing object's message is HTML: shown as text, its element never created, its handler never run.
    await expect(row(page, APPS_PROD).locator('.message').textContent()).resolves.toBe(XSS)
    expect(await row(page, APPS_PROD).locator('.message').isVisible()).toBe(true)
    expect(await page.locator('img').count()).toBe(0)

    // The watch in flight: repository, commit, environment, time left.
    const watch = page.locator(`tr[data-watch="${watchId}"]`)
    const cells = await watch.locator('td').allTextContents()
    expect(cells.slice(0, 3)).toEqual(['acme/gitops@main', 'c'.repeat(7), 'production'])
    expect(cells[3]).toMatch(/^(9m \d+s|10m 0s)$/)

    // A new event appears without a reload: the page's own state (a marker) survives it.
    await page.evaluate(() => Object.assign(window, {__marker: 'same page'}))
    await post({
      timestamp: new Date(t0 + 60_000).toISOString(),
      reason: 'Progressing',
      message: 'Deployment/podinfo/podinfo configured',
      metadata: {cluster: 'staging', revision: `main@sha1:${SHA_B}`}
    })
    await page.waitForFunction(
      ([key, sha]) => document.querySelector(`tr[data-object="${key}"] code`)?.textContent === sha,
      [APPS_STAGING, SHA_B.slice(0, 7)] as const
    )
    await expect(row(page, APPS_STAGING).locator('.state').textContent()).resolves.toBe('progressing')
    expect(await page.evaluate(() => (window as {__marker?: string}).__marker)).toBe('same page')

    // The token is kept for the tab only and sent as a bearer token.
    expect(await page.evaluate(k => sessionStorage.getItem(k), 'gitops-promote.read-token')).toBe(READ_TOKEN)
    expect(await page.evaluate(() => localStorage.length)).toBe(0)
    const reads = requests.filter(r => new URL(r.url()).pathname === '/api/v1/objects')
    expect(reads.length).toBeGreaterThanOrEqual(2)
    expect(reads.at(-1)?.headers().authorization).toBe(`Bearer ${READ_TOKEN}`)
    expect(reads.some(r => new URL(r.url()).search.includes('wait=25s'))).toBe(true)

    // Nothing ran from the message, nothing violated the CSP, and every request went to the connector.
    expect(await page.evaluate(() => (window as {__pwned?: unknown}).__pwned)).toBeUndefined()
    // The one console error is Chromium's line for the refused token's 401.
    expect(problems.filter(p => !p.includes('401'))).toEqual([])
    const hosts = new Set(requests.map(r => new URL(r.url()).hostname))
    expect([...hosts]).toEqual(['127.0.0.1'])
    expect(requests.map(r => new URL(r.url()).pathname)).not.toContain('/x')
    await context.close()
  }, 15_000)

  it('fits a phone in dark mode, and a new tab asks for the token again', async () => {
    const {page, context, problems} = await openTab({width: 390, height: 844, dark: true})
    await page.goto(`${c.url}/`)
    await signIn(page, READ_TOKEN)
    await row(page, APPS_PROD).waitFor()
    const layout = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      width: window.innerWidth,
      background: getComputedStyle(document.body).backgroundColor
    }))
    const label = await row(page, APPS_PROD)
      .locator('td')
      .first()
      .evaluate(td => getComputedStyle(td, '::before').content)
    // No sideways scrolling; rows are labelled cards; the background is dark.
    expect(layout.scroll).toBeLessThanOrEqual(layout.width)
    expect(label).toBe('"Object"')
    const [r, g, b] = (layout.background.match(/\d+/g) ?? []).map(Number)
    expect((r ?? 255) + (g ?? 255) + (b ?? 255)).toBeLessThan(150)
    expect(problems).toEqual([])

    const other = await context.newPage()
    await other.goto(`${c.url}/`)
    expect(await other.locator('#login').isVisible()).toBe(true)
    expect(await other.locator('#main').isVisible()).toBe(false)
    await context.close()
  }, 15_000)
})
