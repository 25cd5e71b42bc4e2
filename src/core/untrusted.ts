// Text others control (Flux messages, status descriptions, PR titles) printed so that no line of it can act as a
// workflow command: the runner obeys `::command::` at the start of any line and `##[command]` anywhere in one, so
// such text goes between `::stop-commands::<token>` and `::<token>::` with a token nobody can guess (the caller
// passes the random source: core does no I/O).
/** `text` unchanged when nothing in it looks like a command; else wrapped so the runner ignores every line of it. */
export function commandSafe(text: string, token: () => string): string {
  if (!text.includes('::') && !text.includes('##[')) return text
  let t = token()
  while (text.includes(t)) t = token()
  return `::stop-commands::${t}\n${text}\n::${t}::`
}

// The same text shown as Markdown (the job summary, the PR comment): GitHub renders HTML and Markdown in both, so
// a Flux message could otherwise carry a tag (`<img onerror>`), a link or image, close our `<details>`, split a
// table row, or mention people. HTML's three special characters become entities; every ASCII punctuation mark
// Markdown gives a meaning (and `$`, GitHub's math) is backslash-escaped (shown as itself); a line break becomes a space (one row, one
// cell); a zero-width space after `@` and inside `://` and `www.` keeps GitHub from turning them into a mention or
// a link.
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+\-.!|~$]/g
const HTML_ENTITY: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;'}
const ZWSP = '\u200b'

/** Untrusted text as inert Markdown on one line: rendered, it reads exactly as the text (breaks become spaces). */
export function markdownText(text: string): string {
  return text
    .replace(/\r\n|\r|\n|\u2028|\u2029/g, ' ')
    .replace(/[&<>]/g, c => HTML_ENTITY[c] as string)
    .replace(MARKDOWN_PUNCTUATION, c => `\\${c}`)
    .replace(/@/g, `@${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/www\\\./gi, w => `${w.slice(0, 3)}${ZWSP}\\.`)
}

/**
 * Untrusted text as an inline code span that also holds inside a table cell: on one line, fenced with more
 * backticks than it holds, its pipes escaped (GitHub's tables split on `|` even in code).
 */
export function markdownCode(text: string): string {
  const line = text.replace(/\r\n|\r|\n|\u2028|\u2029/g, ' ').replace(/\|/g, '\\|')
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = line.startsWith('`') || line.endsWith('`') || longest > 0 ? ' ' : ''
  return `${fence}${pad}${line}${pad}${fence}`
}
