// The Actions runner's interface as the action uses it: inputs from INPUT_* variables, workflow commands on stdout
// (`::error::`, `::group::`, `::add-mask::`), and the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files. The formats are
// @actions/core's; that package is not used because importing it loads an HTTP client (for OIDC tokens), which was
// most of the action's cold start.
import {randomUUID} from 'node:crypto'
import {appendFileSync} from 'node:fs'
import {appendFile} from 'node:fs/promises'
import {EOL} from 'node:os'

/** Where an annotation points, as @actions/core names it. */
export interface AnnotationProperties {
  title?: string
  file?: string
  startLine?: number
  endLine?: number
  startColumn?: number
  endColumn?: number
}

/** The trimmed value of input `name` (`INPUT_<NAME>`, spaces as underscores), '' when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function debug(message: string): void {
  issue('debug', {}, message)
}

export function warning(message: string, props: AnnotationProperties = {}): void {
  issue('warning', annotation(props), message)
}

export function error(message: string, props: AnnotationProperties = {}): void {
  issue('error', annotation(props), message)
}

/** Fails the step: exit code 1 and the message as an error annotation. */
export function setFailed(message: string): void {
  process.exitCode = 1
  error(message)
}

/** Masks `secret` in every later line of the log. */
export function setSecret(secret: string): void {
  issue('add-mask', {}, secret)
}

/** Runs `fn` inside a collapsible group of the log. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issue('group', {}, name)
  try {
    return await fn()
  } finally {
    issue('endgroup', {}, '')
  }
}

/** One step output: a `name<<delimiter` record in GITHUB_OUTPUT (a random delimiter the value cannot contain). */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT
  if (!file) {
    issue('set-output', {name}, value)
    return
  }
  const delimiter = `ghadelimiter_${randomUUID()}`
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`Unexpected input: output '${name}' contains the delimiter ${delimiter}`)
  }
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8')
}

/** Appends Markdown to the job summary (GITHUB_STEP_SUMMARY); nothing when the runner gives none. */
export async function appendSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) return
  await appendFile(file, markdown + EOL, 'utf8')
}

function annotation(p: AnnotationProperties): Record<string, string | number | undefined> {
  return {
    title: p.title,
    file: p.file,
    line: p.startLine,
    endLine: p.endLine,
    col: p.startColumn,
    endColumn: p.endColumn
  }
}

/** `::command key=value,...::message`, escaped as the runner unescapes it. */
function issue(command: string, props: Record<string, string | number | undefined>, message: string): void {
  const list = Object.entries(props)
    .filter((e): e is [string, string | number] => Boolean(e[1]))
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
  process.stdout.write(`::${command}${list.length > 0 ? ` ${list.join(',')}` : ''}::${escapeData(message)}${EOL}`)
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
