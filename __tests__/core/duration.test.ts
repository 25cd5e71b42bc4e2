import {describe, it, expect} from '@jest/globals'
import {parseDuration, formatDuration} from '../../src/core/duration.js'
import {expandTemplate, unknownPlaceholders} from '../../src/core/templates.js'

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['2m5s', 125_000]
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms))
  it.each(['', '10', 'm', '1d', '-1s', '1.5m', '1 m', '15min'])('refuses %j', text =>
    expect(parseDuration(text)).toBeUndefined()
  )
  it('formats for people', () => {
    expect(formatDuration(90_000)).toBe('1m 30s')
    expect(formatDuration(3_600_000)).toBe('1h')
    expect(formatDuration(0)).toBe('0s')
    expect(formatDuration(250)).toBe('250ms')
    expect(formatDuration(4_000)).toBe('4s')
  })
})

describe('templates', () => {
  const values = {images: 'a:1', charts: 'podinfo=6.5.0', branch: 'main', paths: 'apps', run_url: 'https://x/runs/1'}
  it('expands every placeholder and leaves other braces alone', () => {
    expect(expandTemplate('{images} on {branch} ({paths}) {run_url} {x}', values)).toBe(
      'a:1 on main (apps) https://x/runs/1 {x}'
    )
  })
  it('drops the blank before an empty value, so the default text reads well with images or charts alone', () => {
    const template = 'Promote {images} {charts} on {branch}'
    expect(expandTemplate(template, values)).toBe('Promote a:1 podinfo=6.5.0 on main')
    expect(expandTemplate(template, {...values, charts: ''})).toBe('Promote a:1 on main')
    expect(expandTemplate(template, {...values, images: ''})).toBe('Promote podinfo=6.5.0 on main')
  })
  it('names unknown placeholders', () =>
    expect(unknownPlaceholders('{image} {branch} {runurl}')).toEqual(['image', 'runurl']))
})
