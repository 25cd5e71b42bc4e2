// The environment of the processes the tests start (the action, the connector): PATH and what they are given, not
// the test runner's. One exception: libfaketime's variables, so that under `faketime` (.ci/time-bomb.sh) every
// process shares the moved clock; a child on the real clock would disagree with the fakes (a GitHub App JWT from
// 400 days ago is refused) and fail for that alone.

export function childEnv(vars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return {PATH: process.env.PATH ?? '', ...fakedClock(), ...vars}
}

function fakedClock(): Record<string, string> {
  if (!process.env.FAKETIME) return {}
  const names = Object.keys(process.env).filter(n => n === 'LD_PRELOAD' || n.startsWith('FAKETIME'))
  return Object.fromEntries(names.map(n => [n, process.env[n] as string]))
}
