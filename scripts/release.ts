// The release, as far as it can run without GitHub: what .github/workflows/release.yml does on a `vX.Y.Z` tag, in
// functions a test can call and commands the workflow runs, so the workflow and a local dry run cannot disagree.
//   node scripts/release.ts verify v1.2.3            tag form, package.json version, CHANGELOG entry, dist/ = build
//   node scripts/release.ts notes v1.2.3 [IMAGE@DIGEST]   the release notes (the CHANGELOG entry, then the image)
//   node scripts/release.ts major-tag v1.2.3         `v1` when this is the newest v1.x.y tag, else nothing
//   node scripts/release.ts image-tags v1.2.3 IMAGE  the image tags to push, one a line
//   npm run release:dry-run -- v1.2.3                all of the above, printed; writes nothing
// Runs on Node 24 directly (type stripping), so it imports nothing but Node's own modules.
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

export interface Version {
  tag: string
  version: string
  major: number
  minor: number
  patch: number
}

/** A release tag is `vMAJOR.MINOR.PATCH`, nothing else (no pre-release suffix: the workflow triggers on no other). */
export function parseTag(tag: string): Version {
  const m = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(tag)
  if (!m) throw new Error(`"${tag}" is not a release tag: use vMAJOR.MINOR.PATCH, e.g. v1.0.0`)
  return {tag, version: tag.slice(1), major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3])}
}

const HEADING = /^## \[([^\]]+)\](.*)$/

/**
 * The body of the CHANGELOG entry `## [version] - YYYY-MM-DD`, up to the next `## [` heading or the link
 * definitions at the end. Fails when the entry is missing, undated or empty: a release always says what it holds.
 */
export function releaseNotes(changelog: string, version: string): string {
  const lines = changelog.split(/\r?\n/)
  const start = lines.findIndex(l => HEADING.exec(l)?.[1] === version)
  if (start < 0) throw new Error(`CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" entry: add it before tagging`)
  const rest = HEADING.exec(lines[start] as string)?.[2] ?? ''
  if (!/^ - \d{4}-\d{2}-\d{2}\s*$/.test(rest))
    throw new Error(`CHANGELOG.md: the [${version}] heading needs its date: "## [${version}] - YYYY-MM-DD"`)
  const body: string[] = []
  for (const line of lines.slice(start + 1)) {
    if (HEADING.test(line) || /^\[[^\]]+\]:\s/.test(line)) break
    body.push(line)
  }
  const text = body.join('\n').trim()
  if (text === '') throw new Error(`CHANGELOG.md: the [${version}] entry is empty`)
  return text
}

/** What the notes say after the CHANGELOG entry: the image to pin, by digest, and how to verify its provenance. */
export function imageNotes(imageWithDigest: string, repository: string): string {
  const owner = repository.split('/')[0] ?? repository
  return [
    '### Connector image',
    '',
    'Pin it by digest (linux/amd64 and linux/arm64):',
    '',
    '```',
    imageWithDigest,
    '```',
    '',
    'Verify its build provenance:',
    '',
    '```sh',
    `gh attestation verify oci://${imageWithDigest} --owner ${owner}`,
    '```'
  ].join('\n')
}

/**
 * The major tag (`v1`) moves to this release only when it is the newest `v1.x.y`: a patch for an older minor
 * (v1.0.5 after v1.1.0) must not pull `uses: …@v1` back.
 */
export function majorTagMove(tag: string, existingTags: string[]): {major: string; move: boolean; newest: string} {
  const v = parseTag(tag)
  const same = existingTags
    .flatMap(t => {
      try {
        return [parseTag(t)]
      } catch {
        return []
      }
    })
    .filter(t => t.major === v.major)
  const newest = [v, ...same].reduce((a, b) =>
    b.minor > a.minor || (b.minor === a.minor && b.patch > a.patch) ? b : a
  )
  return {major: `v${v.major}`, move: newest.tag === v.tag, newest: newest.tag}
}

/** The image tags to push: always the version; the major too when the major tag moves (`:1` follows `@v1`). */
export function imageTags(image: string, tag: string, moveMajor: boolean): string[] {
  const v = parseTag(tag)
  return moveMajor ? [`${image}:${v.version}`, `${image}:${v.major}`] : [`${image}:${v.version}`]
}

/** Problems that stop a release before anything is published; empty when the tag may be released. */
export function releaseProblems(opts: {tag: string; packageVersion: string; changelog: string}): string[] {
  let v: Version
  try {
    v = parseTag(opts.tag)
  } catch (e) {
    return [(e as Error).message]
  }
  const problems: string[] = []
  if (opts.packageVersion !== v.version)
    problems.push(`package.json has version ${opts.packageVersion}, the tag ${opts.tag}: set "version": "${v.version}"`)
  try {
    releaseNotes(opts.changelog, v.version)
  } catch (e) {
    problems.push((e as Error).message)
  }
  if (!/^## \[Unreleased\]\s*$/m.test(opts.changelog))
    problems.push('CHANGELOG.md has no "## [Unreleased]" section above the releases: keep it for the next entries')
  return problems
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

function filesUnder(dir: string): string[] {
  return readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter(e => e.isFile())
    .map(e => relative(dir, join(e.parentPath, e.name)))
    .sort()
}

/** dist/ differs from a fresh build of src/ (the same two ncc builds as `npm run package`, into a temp dir). */
export function distDifferences(root: string): string[] {
  const out = mkdtempSync(join(tmpdir(), 'gitops-promote-dist-'))
  try {
    const ncc = join(root, 'node_modules', '.bin', 'ncc')
    const build = (entry: string, to: string, minify: boolean) =>
      execFileSync(ncc, ['build', entry, '-o', to, ...(minify ? ['-m'] : []), '--license', 'licenses.txt', '-q'], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit']
      })
    build('src/index.ts', out, true)
    build('src/connector/index.ts', join(out, 'connector'), false)
    const built = filesUnder(out)
    const committed = filesUnder(join(root, 'dist'))
    const names = [...new Set([...built, ...committed])].sort()
    return names.filter(name => {
      if (!built.includes(name)) return true
      if (!committed.includes(name)) return true
      return !readFileSync(join(out, name)).equals(readFileSync(join(root, 'dist', name)))
    })
  } finally {
    rmSync(out, {recursive: true, force: true})
  }
}

function gitTags(root: string): string[] {
  try {
    return execFileSync('git', ['tag', '--list', 'v*'], {cwd: root, encoding: 'utf8'}).split('\n').filter(Boolean)
  } catch {
    return []
  }
}

function read(root: string) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version: string}
  return {packageVersion: pkg.version, changelog: readFileSync(join(root, 'CHANGELOG.md'), 'utf8')}
}

function verify(tag: string, log: (line: string) => void): boolean {
  const problems = releaseProblems({tag, ...read(ROOT)})
  log(problems.length === 0 ? `ok    ${tag}: tag form, package.json version, CHANGELOG entry` : '')
  for (const p of problems) log(`error ${p}`)
  log('...   building dist/ from src/ into a temp dir (as npm run package) to compare')
  const stale = distDifferences(ROOT)
  if (stale.length === 0) log('ok    dist/ is the build of src/')
  else log(`error dist/ differs from the build of src/ (run npm run package and commit dist/): ${stale.join(', ')}`)
  return problems.length === 0 && stale.length === 0
}

function dryRun(tag: string, repository: string): number {
  const log = (line: string) => {
    if (line !== '') console.log(line)
  }
  console.log(`release dry run for ${tag} (repository ${repository}); nothing is written\n`)
  console.log('1. verify')
  const ok = verify(tag, log)
  const v = parseTag(tag)
  const image = `ghcr.io/${(repository.split('/')[0] ?? '').toLowerCase()}/gitops-promote-connector`
  const major = majorTagMove(tag, gitTags(ROOT))
  const tags = imageTags(image, tag, major.move)
  console.log('\n2. connector image (linux/amd64, linux/arm64), pushed to GHCR, build provenance attested')
  for (const t of tags) console.log(`   ${t}`)
  console.log(`   then: the digest to pin, ${image}:${v.version}@sha256:<digest>, in the job summary and the notes`)
  console.log(`\n3. GitHub release ${tag}, notes:`)
  try {
    const notes = `${releaseNotes(read(ROOT).changelog, v.version)}\n\n${imageNotes(`${image}:${v.version}@sha256:<digest>`, repository)}`
    console.log(notes.replace(/^/gm, '   | '))
  } catch (e) {
    console.log(`   none: ${(e as Error).message}`)
  }
  console.log(
    major.move
      ? `\n4. move ${major.major} to ${tag} (uses: ${repository}@${major.major} then runs ${tag})`
      : `\n4. leave ${major.major} alone: ${major.newest} is newer than ${tag}`
  )
  console.log(ok ? '\nthe workflow would release it' : '\nthe workflow would stop at step 1')
  return ok ? 0 : 1
}

function main(argv: string[]): number {
  const [command, tag, extra] = argv
  if (!tag) {
    console.error('usage: node scripts/release.ts verify|notes|major-tag|image-tags|dry-run vX.Y.Z [...]')
    return 2
  }
  switch (command) {
    case 'verify':
      return verify(tag, line => (line === '' ? undefined : console.log(line))) ? 0 : 1
    case 'notes': {
      const notes = releaseNotes(read(ROOT).changelog, parseTag(tag).version)
      const repository = process.env.GITHUB_REPOSITORY ?? 'owner/gitops-promote'
      process.stdout.write(extra ? `${notes}\n\n${imageNotes(extra, repository)}\n` : `${notes}\n`)
      return 0
    }
    case 'major-tag': {
      const m = majorTagMove(tag, gitTags(ROOT))
      if (m.move) console.log(m.major)
      else console.error(`${m.newest} is newer than ${tag}: ${m.major} stays`)
      return 0
    }
    case 'image-tags': {
      if (!extra) throw new Error('image-tags needs the image name, e.g. ghcr.io/acme/gitops-promote-connector')
      console.log(imageTags(extra, tag, majorTagMove(tag, gitTags(ROOT)).move).join('\n'))
      return 0
    }
    case 'dry-run':
      return dryRun(tag, process.env.GITHUB_REPOSITORY ?? extra ?? 'owner/gitops-promote')
    default:
      console.error(`unknown command "${command}"`)
      return 2
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2))
  } catch (e) {
    console.error(`error: ${(e as Error).message}`)
    process.exitCode = 1
  }
}
