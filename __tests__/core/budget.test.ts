import {describe, expect, it} from '@jest/globals'
import {createBudget, freshBudget} from '../../src/core/budget.js'

const T0 = Date.parse('2026-11-29T10:00:00Z')

describe('budget', () => {
  it('counts from the run start and never goes negative', () => {
    let now = T0
    const b = createBudget(60_000, () => now)
    expect(b.deadline).toBe(T0 + 60_000)
    now += 45_000
    expect(b.remaining()).toBe(15_000)
    now += 30_000
    expect(b.remaining()).toBe(0)
  })

  it('keeps the runner clock when the Date header agrees with it', () => {
    let now = T0 + 400
    const b = createBudget(60_000, () => now)
    b.observeDate(new Date(T0).toUTCString(), T0 + 300, T0 + 450)
    expect(b.offsetMs).toBe(0)
    now = T0 + 10_000
    expect(b.githubNow()).toBe(T0 + 10_000)
  })

  it('learns a runner 10 minutes behind GitHub, within a second', () => {
    let now = T0
    const b = createBudget(60_000, () => now)
    const github = T0 + 600_000
    b.observeDate(new Date(github).toUTCString(), T0 - 100, T0 + 50)
    expect(b.offsetMs).toBeGreaterThanOrEqual(600_000 - 1000)
    expect(b.offsetMs).toBeLessThanOrEqual(600_000 + 1000)
    now += 5000
    expect(Math.abs(b.githubNow() - (github + 5000))).toBeLessThanOrEqual(1000)
  })

  it('learns a runner 10 minutes ahead of GitHub, and narrows with more answers', () => {
    const b = createBudget(60_000, () => T0)
    b.observeDate(new Date(T0 - 600_000).toUTCString(), T0 - 200, T0)
    const first = b.offsetMs
    b.observeDate(new Date(T0 - 600_000 + 1000).toUTCString(), T0 + 700, T0 + 800)
    expect(b.offsetMs).toBeGreaterThanOrEqual(first)
    // Both answers are consistent with GitHub 599.5 s behind.
    expect(Math.abs(b.offsetMs + 599_500)).toBeLessThanOrEqual(1000)
  })

  it('ignores answers without a Date header', () => {
    const b = createBudget(60_000, () => T0)
    b.observeDate(undefined, T0, T0)
    b.observeDate('not a date', T0, T0)
    expect(b.offsetMs).toBe(0)
  })
})

describe('freshBudget (the revert)', () => {
  it('a whole timeout from now, on GitHub clock as the run learnt it and goes on learning it', () => {
    let now = T0
    const run = createBudget(60_000, () => now)
    run.observeDate(new Date(T0 - 600_000).toUTCString(), T0, T0)
    now = T0 + 50_000
    const fresh = freshBudget(run, 60_000, () => now)
    expect(fresh.remaining()).toBe(60_000)
    expect(fresh.deadline).toBe(now + 60_000)
    expect(fresh.githubNow()).toBe(run.githubNow())
    expect(fresh.githubNow()).toBeLessThanOrEqual(now - 599_000)
    fresh.observeDate(new Date(now + 300_000).toUTCString(), now, now)
    expect(run.githubNow()).toBeGreaterThanOrEqual(now + 300_000)
    expect(fresh.offsetMs).toBe(run.offsetMs)
  })
})
