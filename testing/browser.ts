// Headless Chromium for the page tests, driven by playwright-core (no browser download: Debian's `chromium`).
// Without it the browser tests are skipped locally, saying why; under CI they must run (.ci/run installs it).
import {existsSync} from 'node:fs'
import {chromium, type Browser} from 'playwright-core'

/** Debian's package first; Ubuntu's snap and Chrome as found on hosted runners; GITOPS_PROMOTE_CHROMIUM overrides. */
const CANDIDATES = ['/usr/bin/chromium', '/snap/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']

export const CHROMIUM =
  process.env.GITOPS_PROMOTE_CHROMIUM ?? CANDIDATES.find(path => existsSync(path)) ?? '/usr/bin/chromium'
export const HAVE_CHROMIUM = existsSync(CHROMIUM)

if (!HAVE_CHROMIUM) {
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing under CI: .ci/run must install Debian's chromium`)
  console.warn(`Browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`)
}

/** Offline and quiet: no sandbox (containers), no GPU, no background requests of the browser's own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run'
    ]
  })
}
