// The connector's page: `GET /` and its assets under /ui/, served from strings bundled into dist/connector/index.js
// (no file is read at run time). A strict Content-Security-Policy: the page loads only its own script and style, and
// talks only to this connector; no inline script or style runs, whatever a Flux message holds.
import type {IncomingMessage, ServerResponse} from 'node:http'
import {APP_CSS, APP_JS, ICON_SVG, PAGE_HTML} from './assets.js'

export const PAGE_CSP = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

type PageHandler = (req: IncomingMessage, res: ServerResponse) => void

function asset(contentType: string, text: string): PageHandler {
  const body = Buffer.from(text, 'utf8')
  return (_req, res) => {
    res.writeHead(200, {
      'content-type': contentType,
      'content-length': String(body.length),
      'content-security-policy': PAGE_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // Revalidate on every load: a new connector version serves its own page at once.
      'cache-control': 'no-cache'
    })
    res.end(body)
  }
}

/** path -> method -> handler, for the connector's route table. HEAD answers the same headers without the body. */
export function pageRoutes(): Record<string, Record<string, PageHandler>> {
  const routes: Record<string, PageHandler> = {
    '/': asset('text/html; charset=utf-8', PAGE_HTML),
    '/ui/app.js': asset('text/javascript; charset=utf-8', APP_JS),
    '/ui/app.css': asset('text/css; charset=utf-8', APP_CSS),
    '/ui/icon.svg': asset('image/svg+xml', ICON_SVG)
  }
  return Object.fromEntries(Object.entries(routes).map(([path, h]) => [path, {GET: h, HEAD: h}]))
}
