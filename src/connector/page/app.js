// The connector's page: every Flux object per cluster and the watches in flight, kept live by the long-poll read
// API. Plain DOM, no framework. Everything the connector stores (Flux messages, names, revisions) is untrusted:
// it reaches the page only through textContent and attribute values, never as HTML.
'use strict'
;(function () {
  const TOKEN_KEY = 'gitops-promote.read-token'
  const WAIT = '25s'
  const WATCHES_EVERY_MS = 15000
  const STATE_CLASS = {healthy: 'state-healthy', progressing: 'state-progressing', failed: 'state-failed'}

  let token = sessionStorage.getItem(TOKEN_KEY)
  let version = null
  let objects = []
  let aborter = null
  let watchesTimer = null

  const $ = id => document.getElementById(id)

  /** An element with a class and children (strings become text nodes). */
  function el(tag, className, ...children) {
    const e = document.createElement(tag)
    if (className) e.className = className
    for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c)
    return e
  }

  /** A table cell labelled for the narrow layout, where each row becomes a card of label/value lines. */
  function cell(label, ...children) {
    const td = el('td', '', el('span', 'value', ...children))
    td.setAttribute('data-label', label)
    return td
  }

  function table(className, headings, rows) {
    const head = el('tr', '', ...headings.map(h => el('th', '', h)))
    return el('table', className, el('thead', '', head), el('tbody', '', ...rows))
  }

  function setStatus(text, kind) {
    const s = $('status')
    s.textContent = text
    s.className = `status ${kind || ''}`
  }

  /** `45s`, `12m`, `3h 5m`, `4d 2h`. */
  function duration(ms) {
    const s = Math.max(0, Math.floor(ms / 1000))
    if (s < 60) return `${s}s`
    const m = Math.floor(s / 60)
    if (m < 60) return `${m}m ${s % 60}s`
    const h = Math.floor(m / 60)
    if (h < 48) return `${h}h ${m % 60}m`
    return `${Math.floor(h / 24)}d ${h % 24}h`
  }

  /** A short SHA for a Git revision, the digest's start for an artifact, a chart version as it is. */
  function shortRevision(o) {
    if (o.commit) return o.commit.slice(0, 7)
    if (!o.revision) return '—'
    const digest = /^(.*@)?(sha\d+):([0-9a-f]{12})[0-9a-f]*$/.exec(o.revision)
    return digest ? `${digest[1] || ''}${digest[2]}:${digest[3]}` : o.revision
  }

  /** Text kept current by tick(): an age (`data-since`) or the time left until a deadline (`data-until`). */
  function clock(kind, iso) {
    const span = el('span', 'clock')
    span.setAttribute(kind === 'since' ? 'data-since' : 'data-until', String(Date.parse(iso)))
    span.title = iso
    tickOne(span, Date.now())
    return span
  }

  function tickOne(span, now) {
    const since = span.getAttribute('data-since')
    const until = span.getAttribute('data-until')
    if (since !== null) span.textContent = Number.isFinite(+since) ? duration(now - +since) : '?'
    else if (until !== null) {
      const left = +until - now
      span.textContent = !Number.isFinite(left) ? '?' : left > 0 ? duration(left) : 'past the deadline'
    }
  }

  function tick() {
    const now = Date.now()
    for (const span of document.querySelectorAll('[data-since], [data-until]')) tickOne(span, now)
  }

  function stateBadge(state) {
    return el('span', `state ${STATE_CLASS[state] || 'state-unknown'}`, String(state))
  }

  function objectRow(o) {
    const tr = el(
      'tr',
      o.state === 'failed' ? 'failed' : '',
      cell('Object', el('span', 'kind', o.kind), ' ', el('span', 'name', `${o.namespace}/${o.name}`)),
      cell('State', stateBadge(o.state)),
      cell('Revision', revision(o)),
      cell('Age', clock('since', o.updatedAt)),
      cell('Message', el('span', 'reason', o.reason), ' ', el('span', 'message', o.message))
    )
    tr.setAttribute('data-object', `${o.cluster}/${o.kind}/${o.namespace}/${o.name}`)
    return tr
  }

  function revision(o) {
    const code = el('code', '', shortRevision(o))
    code.title = o.revision || ''
    return code
  }

  function renderObjects() {
    const byCluster = new Map()
    for (const o of objects) {
      if (!byCluster.has(o.cluster)) byCluster.set(o.cluster, [])
      byCluster.get(o.cluster).push(o)
    }
    const sections = []
    for (const [cluster, list] of byCluster) {
      const failed = list.filter(o => o.state === 'failed').length
      const progressing = list.filter(o => o.state === 'progressing').length
      const summary = [`${list.length} object${list.length === 1 ? '' : 's'}`]
      if (failed) summary.push(`${failed} failed`)
      if (progressing) summary.push(`${progressing} progressing`)
      const title = el('h2', '', cluster || '(no cluster name)', ' ', el('span', 'muted', summary.join(' · ')))
      const section = el(
        'section',
        'panel cluster',
        title,
        table('objects', ['Object', 'State', 'Revision', 'Age', 'Message'], list.map(objectRow))
      )
      section.setAttribute('data-cluster', cluster)
      sections.push(section)
    }
    if (sections.length === 0) {
      sections.push(el('section', 'panel', el('p', 'muted', 'No Flux event received yet.')))
    }
    $('clusters').replaceChildren(...sections)
  }

  function watchRow(w) {
    const left = w.status === 'watching' ? clock('until', w.deadline) : el('span', 'muted', `${w.status}: ${w.result}`)
    const commit = el('code', '', String(w.commit).slice(0, 7))
    commit.title = w.commit
    const tr = el(
      'tr',
      '',
      cell('Repository', `${w.repository}@${w.branch}`),
      cell('Commit', commit),
      cell('Environment', w.environment || '—'),
      cell('Time left', left),
      cell('Contexts', w.contexts.join(', '))
    )
    tr.setAttribute('data-watch', w.id)
    return tr
  }

  function renderWatches(answer) {
    const box = $('watches')
    if (answer.off) {
      box.replaceChildren(el('p', 'muted', 'Handoff is not enabled on this connector.'))
    } else if (answer.error) {
      box.replaceChildren(el('p', 'error', answer.error))
    } else if (answer.watches.length === 0) {
      box.replaceChildren(el('p', 'muted', 'No watch in flight.'))
    } else {
      const heads = ['Repository', 'Commit', 'Environment', 'Time left', 'Contexts']
      box.replaceChildren(table('watches', heads, answer.watches.map(watchRow)))
    }
  }

  function get(path, signal) {
    return fetch(path, {headers: {authorization: `Bearer ${token}`}, cache: 'no-store', signal})
  }

  async function refreshWatches() {
    clearTimeout(watchesTimer)
    watchesTimer = setTimeout(refreshWatches, WATCHES_EVERY_MS)
    try {
      const res = await get('/api/v1/watches')
      if (res.status === 404) renderWatches({off: true})
      else if (res.ok) renderWatches({watches: (await res.json()).watches})
      else renderWatches({error: `The watches could not be read (HTTP ${res.status}).`})
    } catch {
      renderWatches({error: 'The watches could not be read (connector unreachable).'})
    }
  }

  const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

  /** Reads the state, then holds a read until the next change, forever (until the token is forgotten). */
  async function follow(signal) {
    let failures = 0
    while (!signal.aborted) {
      const query = version === null ? '' : `?since=${version}&wait=${WAIT}`
      let res
      let body
      try {
        res = await get(`/api/v1/objects${query}`, signal)
        if (res.ok) body = await res.json()
      } catch {
        if (signal.aborted) return
      }
      if (res && res.status === 401) {
        askToken('That token was refused.')
        return
      }
      if (!body) {
        failures++
        setStatus(res ? `read failed (HTTP ${res.status}), retrying…` : 'connector unreachable, retrying…', 'warn')
        await sleep(Math.min(30000, 1000 * 2 ** Math.min(failures, 5)))
        continue
      }
      failures = 0
      setStatus(`live · version ${body.version}`, 'ok')
      if (body.version !== version) {
        version = body.version
        objects = body.objects
        renderObjects()
        refreshWatches()
      }
    }
  }

  function start() {
    $('login').hidden = true
    $('main').hidden = false
    $('forget').hidden = false
    setStatus('connecting…', '')
    version = null
    aborter = new AbortController()
    follow(aborter.signal)
  }

  function askToken(error) {
    if (aborter) aborter.abort()
    clearTimeout(watchesTimer)
    sessionStorage.removeItem(TOKEN_KEY)
    token = null
    $('main').hidden = true
    $('forget').hidden = true
    $('login').hidden = false
    const e = $('login-error')
    e.textContent = error || ''
    e.hidden = !error
    setStatus('a read token is needed', '')
    $('token').focus()
  }

  $('login').addEventListener('submit', event => {
    event.preventDefault()
    const value = $('token').value.trim()
    if (!value) return
    token = value
    sessionStorage.setItem(TOKEN_KEY, value)
    $('token').value = ''
    start()
  })
  $('forget').addEventListener('click', () => askToken(''))
  setInterval(tick, 1000)

  if (token) start()
  else askToken('')
})()
