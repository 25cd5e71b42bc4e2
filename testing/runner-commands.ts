// How the Actions runner reads a step's output: which workflow commands it would obey. A line is split on \n, \r\n
// and lone \r; `::name args::data` counts after leading whitespace, `##[name]data` anywhere in a line; between
// `::stop-commands::<token>` and a line `::<token>::` nothing counts.

export interface RunnerCommand {
  command: string
  data: string
  line: string
}

export function runnerCommands(stdout: string): RunnerCommand[] {
  const out: RunnerCommand[] = []
  let stopToken: string | undefined
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const trimmed = line.trimStart()
    if (stopToken !== undefined) {
      if (trimmed.trimEnd() === `::${stopToken}::`) stopToken = undefined
      continue
    }
    const v2 = /^::([A-Za-z-]+)(?:\s[^:]*)?::(.*)$/.exec(trimmed)
    if (v2) {
      if (v2[1] === 'stop-commands') stopToken = v2[2]
      else out.push({command: v2[1] as string, data: v2[2] as string, line})
      continue
    }
    const v1 = /##\[([A-Za-z-]+)[^\]]*\](.*)$/.exec(line)
    if (v1) out.push({command: v1[1] as string, data: v1[2] as string, line})
  }
  return out
}
