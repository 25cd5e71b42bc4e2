import {randomBytes} from 'node:crypto'
import {describe, expect, it} from '@jest/globals'
import {marked} from 'marked'
import {commandSafe, markdownCode, markdownText} from '../../src/core/untrusted.js'
import {runnerCommands} from '../../testing/runner-commands.js'

const token = (): string => randomBytes(16).toString('hex')

describe('commandSafe', () => {
  it('leaves ordinary text alone', () => {
    expect(commandSafe('kustomization/apps: success on abc1234 "reconciliation succeeded"', token)).toBe(
      'kustomization/apps: success on abc1234 "reconciliation succeeded"'
    )
  })

  it.each([
    '::error::x',
    '  ::add-mask::secret',
    'a\n::stop-commands::t\n::warning::w',
    'a\r::set-env name=X::1',
    'text ##[error]legacy',
    '::stop-commands::abc\n::abc::\n::error::after'
  ])('no line of %j is obeyed, and commands after it still are', text => {
    const out = `${commandSafe(`Flux: ${text}`, token)}\n::group::ours`
    expect(runnerCommands(out).map(c => c.command)).toEqual(['group'])
  })

  it('picks another token when the text holds the first one', () => {
    const tokens = ['abc', 'def']
    expect(commandSafe('::abc::', () => tokens.shift() as string)).toBe('::stop-commands::def\n::abc::\n::def::')
  })
})

describe('markdownText and markdownCode', () => {
  const hostile = [
    '<img src=x onerror=alert(1)>',
    '[x](https://evil)',
    '![i](https://evil/i.png)',
    '| a | b |',
    '</details><script>alert(1)</script>',
    '`code` **bold** _em_ ~~del~~ $x^2$',
    '# heading\n- list\n> quote',
    'cc @acme/admins at https://evil.example and www.evil.example',
    '&lt;b&gt; stays text'
  ]
  const render = (md: string): string => marked.parse(md, {gfm: true, async: false})
  const cellsOf = (html: string): number => (html.match(/<td>/g) ?? []).length

  it.each(hostile)('%j renders as its own text in a table cell: no tag, link, image or extra cell', raw => {
    for (const md of [markdownText(raw), markdownCode(raw)]) {
      const html = render(`| a | b |\n| --- | --- |\n| ${md} | z |\n`)
      expect(cellsOf(html)).toBe(2)
      expect(html).not.toMatch(/<(img|a|script|details|strong|em|del|h1|li|blockquote|br)\b/)
      expect(html).not.toContain('</details>')
      // What a reader sees: the text itself (line breaks as spaces), minus the zero-width spaces.
      const cell = /<td>(.*?)<\/td>/s.exec(html)?.[1] ?? ''
      const shown = cell
        .replace(/<\/?code>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&')
        .replace(/\u200b/g, '')
      expect(shown).toBe(raw.replace(/\n/g, ' '))
    }
  })

  it('breaks mentions and bare links with a zero-width space', () => {
    expect(markdownText('@acme/admins https://evil www.evil')).toBe(
      '@\u200bacme/admins https:\u200b//evil www\u200b\\.evil'
    )
  })

  it('fences code with more backticks than it holds', () => {
    expect(markdownCode('a``b')).toBe('``` a``b ```')
    expect(markdownCode('plain')).toBe('`plain`')
  })
})
