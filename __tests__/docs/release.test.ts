// The release: the notes come from the CHANGELOG entry of the tagged version, the major tag moves only to the newest
// release of its major, and the committed CHANGELOG, package.json and action.yml are ready for v1.0.0.
import {describe, it, expect} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'
import {ROOT} from '../../testing/run-action.js'
import {imageTags, majorTagMove, parseTag, releaseNotes, releaseProblems} from '../../scripts/release.js'

const changelog = (entries: string) =>
  `# Changelog\n\nIntro.\n\n## [Unreleased]\n\n- next thing\n\n${entries}\n[1.1.0]: https://example.test/compare/v1.0.0...v1.1.0\n`

const two = `## [1.1.0] - 2026-12-20\n\n### Added\n\n- charts\n\n## [1.0.0] - 2026-12-08\n\n### Added\n\n- everything\n`

describe('releaseNotes', () => {
  it('takes the body of the entry, up to the next release heading', () => {
    expect(releaseNotes(changelog(two), '1.1.0')).toBe('### Added\n\n- charts')
  })

  it('stops at the link definitions after the last entry', () => {
    expect(releaseNotes(changelog(two), '1.0.0')).toBe('### Added\n\n- everything')
  })

  it('never takes the Unreleased section for a version', () => {
    expect(() => releaseNotes(changelog(two), 'Unreleased')).toThrow(/needs its date/)
  })

  it('fails on a missing, undated or empty entry', () => {
    expect(() => releaseNotes(changelog(two), '1.2.0')).toThrow('CHANGELOG.md has no "## [1.2.0] - YYYY-MM-DD" entry')
    expect(() => releaseNotes(changelog('## [1.2.0]\n\n- x\n'), '1.2.0')).toThrow(/needs its date/)
    expect(() =>
      releaseNotes(changelog('## [1.2.0] - 2026-12-24\n\n## [1.0.0] - 2026-12-08\n\n- x\n'), '1.2.0')
    ).toThrow(/entry is empty/)
  })

  it('does not take a version that only starts like the one asked for', () => {
    expect(() => releaseNotes(changelog('## [1.0.10] - 2026-12-24\n\n- x\n'), '1.0.1')).toThrow(/no "## \[1\.0\.1\]/)
  })

  it('reads CRLF files', () => {
    expect(releaseNotes(changelog(two).replace(/\n/g, '\r\n'), '1.0.0')).toBe('### Added\n\n- everything')
  })
})

describe('tags', () => {
  it('takes vMAJOR.MINOR.PATCH only', () => {
    expect(parseTag('v1.2.3')).toMatchObject({version: '1.2.3', major: 1, minor: 2, patch: 3})
    for (const bad of ['1.2.3', 'v1.2', 'v1.2.3-rc.1', 'v01.2.3', 'v1'])
      expect(() => parseTag(bad)).toThrow(/not a release tag/)
  })

  it('moves the major tag to the newest release of the major only', () => {
    expect(majorTagMove('v1.0.0', [])).toEqual({major: 'v1', move: true, newest: 'v1.0.0'})
    expect(majorTagMove('v1.2.0', ['v1', 'v1.0.0', 'v1.1.3', 'v2.0.0'])).toMatchObject({move: true})
    expect(majorTagMove('v1.0.5', ['v1', 'v1.0.4', 'v1.1.0'])).toEqual({major: 'v1', move: false, newest: 'v1.1.0'})
    expect(majorTagMove('v1.1.10', ['v1.1.9', 'v1.1.2'])).toMatchObject({move: true})
  })

  it('tags the image with the version, and the major when the major tag moves; never latest', () => {
    expect(imageTags('ghcr.io/acme/gitops-promote-connector', 'v1.0.0', true)).toEqual([
      'ghcr.io/acme/gitops-promote-connector:1.0.0',
      'ghcr.io/acme/gitops-promote-connector:1'
    ])
    expect(imageTags('ghcr.io/acme/c', 'v1.0.5', false)).toEqual(['ghcr.io/acme/c:1.0.5'])
  })
})

describe('this repository, ready for v1.0.0', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {version: string}
  const text = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')

  it('has package.json 1.0.0 and a dated 1.0.0 entry below an Unreleased section', () => {
    expect(releaseProblems({tag: 'v1.0.0', packageVersion: pkg.version, changelog: text})).toEqual([])
    expect(text.indexOf('## [Unreleased]')).toBeLessThan(text.indexOf('## [1.0.0]'))
  })

  it('names each problem that stops a release', () => {
    expect(releaseProblems({tag: 'v1.0.1', packageVersion: '1.0.0', changelog: text})).toEqual([
      'package.json has version 1.0.0, the tag v1.0.1: set "version": "1.0.1"',
      'CHANGELOG.md has no "## [1.0.1] - YYYY-MM-DD" entry: add it before tagging'
    ])
    expect(
      releaseProblems({tag: 'v1.0.0', packageVersion: '1.0.0', changelog: text.replace('## [Unreleased]', '')})
    ).toEqual(['CHANGELOG.md has no "## [Unreleased]" section above the releases: keep it for the next entries'])
  })

  it('has an action.yml description the Marketplace takes (at most 125 characters)', () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {description: string}
    expect(action.description.length).toBeLessThanOrEqual(125)
  })

  it('has a release workflow that runs the same script', () => {
    const workflow = readFileSync(join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')
    for (const command of ['verify', 'notes', 'major-tag', 'image-tags'])
      expect(workflow).toContain(`node scripts/release.ts ${command} "$GITHUB_REF_NAME"`)
    expect(workflow).toContain('actions/attest-build-provenance@')
    expect(workflow).toContain('platforms: linux/amd64,linux/arm64')
  })
})
