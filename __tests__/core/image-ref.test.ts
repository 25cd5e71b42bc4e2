import {describe, it, expect} from '@jest/globals'
import {parseImageRef, formatImageRef, sameImageName, ImageRefError} from '../../src/core/image-ref.js'

const DIGEST = `sha256:${'a1'.repeat(32)}`

describe('parseImageRef', () => {
  it.each([
    ['ghcr.io/acme/api:1.4.2', {name: 'ghcr.io/acme/api', domain: 'ghcr.io', path: 'acme/api', tag: '1.4.2'}],
    [`ghcr.io/acme/api@${DIGEST}`, {name: 'ghcr.io/acme/api', path: 'acme/api', digest: DIGEST}],
    [`ghcr.io/acme/api:1.4.2@${DIGEST}`, {name: 'ghcr.io/acme/api', tag: '1.4.2', digest: DIGEST}],
    [
      'localhost:5000/team/api:v2',
      {name: 'localhost:5000/team/api', domain: 'localhost:5000', path: 'team/api', tag: 'v2'}
    ],
    ['nginx:1.27', {name: 'nginx', domain: undefined, path: 'nginx', tag: '1.27'}],
    ['registry.example.com:443/a/b/c__d-e.f:x_Y-1.0', {path: 'a/b/c__d-e.f', tag: 'x_Y-1.0'}],
    ['[::1]:5000/api:1', {domain: '[::1]:5000', path: 'api'}]
  ])('parses %s', (text, expected) => {
    const ref = parseImageRef(text)
    expect(ref).toMatchObject(expected)
    expect(formatImageRef(ref)).toBe(text)
  })

  it.each([
    ['ghcr.io/acme/api:1.4.2\nkind: Secret', 'white space'],
    ['ghcr.io/acme/api:1.4 # comment', 'white space'],
    ['ghcr.io/acme/api:1.4#x', 'tag'],
    ['ghcr.io/acme/api:"1.4"', 'tag'],
    ["ghcr.io/acme/api:'1'", 'tag'],
    ['ghcr.io/acme/api: 1.4', 'white space'],
    [`ghcr.io/acme/api:${'a'.repeat(129)}`, 'tag'],
    ['ghcr.io/acme/api:.hidden', 'tag'],
    ['ghcr.io/Acme/api:1', 'repository path'],
    ['ghcr.io/acme//api:1', 'repository path'],
    ['ghcr.io/acme/api@sha256:abc', 'digest'],
    [`ghcr.io/acme/api@sha512:${'a'.repeat(64)}`, 'digest'],
    ['ghcr.io/acme/api:{x}', 'tag'],
    ['', 'empty'],
    ['-bad.host/api:1', 'registry']
  ])('rejects %j', (text, why) => {
    expect(() => parseImageRef(text)).toThrow(ImageRefError)
    expect(() => parseImageRef(text)).toThrow(why)
  })

  it('accepts a tag of exactly 128 characters', () => {
    expect(parseImageRef(`api:${'a'.repeat(128)}`).tag).toHaveLength(128)
  })
})

describe('sameImageName', () => {
  it('treats Docker Hub spellings as one image', () => {
    expect(sameImageName('nginx', 'docker.io/library/nginx')).toBe(true)
    expect(sameImageName('index.docker.io/library/nginx', 'nginx')).toBe(true)
    expect(sameImageName('acme/api', 'docker.io/acme/api')).toBe(true)
  })
  it('keeps other registries and paths apart', () => {
    expect(sameImageName('ghcr.io/acme/api', 'ghcr.io/acme/api-worker')).toBe(false)
    expect(sameImageName('ghcr.io/acme/api', 'docker.io/acme/api')).toBe(false)
    expect(sameImageName('nginx', 'ghcr.io/library/nginx')).toBe(false)
  })
})
