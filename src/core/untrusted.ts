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
