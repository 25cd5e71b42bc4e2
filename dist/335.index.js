export const id = 335;
export const ids = [335];
export const modules = {

/***/ 5716:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  rolloutViews: () => (/* binding */ rolloutViews)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/image-ref.ts
var image_ref = __webpack_require__(3386);
;// CONCATENATED MODULE: ./src/core/views/promotion-key.ts
// The hidden marker that finds a promotion's PR comment again, on re-runs too: a hash of what identifies the
// promotion (repository, branch, pull request branch, and the names, never the versions, of what it promotes), so
// no `--` or `>` from a name can end the HTML comment early.
function promotionKey(id) {
    const text = [id.repository, id.branch, id.prBranch, ...[...id.names].sort()].join('\n');
    return fnv1a64(text);
}
function commentMarker(key) {
    return `<!-- gitops-promote:${key} -->`;
}
/** FNV-1a, 64 bit, as 16 hex digits: stable everywhere, no crypto needed for a lookup key. */
function fnv1a64(text) {
    let hash = 0xcbf29ce484222325n;
    const bytes = new TextEncoder().encode(text);
    for (const b of bytes)
        hash = BigInt.asUintN(64, (hash ^ BigInt(b)) * 0x100000001b3n);
    return hash.toString(16).padStart(16, '0');
}

// EXTERNAL MODULE: ./src/action/github/client.ts + 25 modules
var client = __webpack_require__(5885);
// EXTERNAL MODULE: ./src/core/untrusted.ts
var untrusted = __webpack_require__(4994);
;// CONCATENATED MODULE: ./src/core/views/pr-comment.ts
// The PR comment that follows a rollout: the marker, a row per context, then the verdict, the applied revision and
// the run. Pure: rows and verdict in, Markdown out. Every word from Flux or GitHub goes through core/untrusted.ts.


const VERDICT = {
    merging: '🔀 waiting for the merge',
    waiting: '⏳ waiting for Flux',
    healthy: '✅ healthy',
    failed: '❌ failed',
    'timed-out': '⌛ timed out',
    superseded: '⏭️ superseded',
    reverted: '↩️ reverted',
    written: '📝 written',
    'handed-off': '🤝 handed off to the connector'
};
const STATE = {
    healthy: '✅ healthy',
    failing: '⚠️ failing',
    failed: '❌ failed',
    pending: '⏳ pending',
    superseded: '⏭️ superseded'
};
function prCommentMarkdown(v) {
    const lines = [commentMarker(v.key), `### gitops-promote: ${VERDICT[v.verdict]}`, ''];
    const what = v.images.map(untrusted/* markdownCode */.D9).join(', ');
    const onto = v.commit ? ` in ${commitLink(v.commit, v.repoUrl)}` : '';
    lines.push(`${what || 'The change'} on ${(0,untrusted/* markdownCode */.D9)(v.branch)}${onto}.`, '');
    if (v.contexts.length > 0) {
        lines.push('| context | state | commit | Flux says | when |', '| --- | --- | --- | --- | --- |');
        for (const c of v.contexts.slice(0, MAX_ROWS)) {
            const commit = c.commit ? commitLink(c.commit, v.repoUrl) : '';
            const when = c.reportedAt === undefined ? '' : utc(c.reportedAt);
            lines.push(`| ${(0,untrusted/* markdownCode */.D9)(c.context)} | ${STATE[c.state]} | ${commit} | ${(0,untrusted/* markdownText */.p7)(clip(c.description ?? 'no report yet'))} | ${when} |`);
        }
        if (v.contexts.length > MAX_ROWS)
            lines.push(`| … and ${v.contexts.length - MAX_ROWS} more | | | | |`);
        lines.push('');
    }
    else if (v.verdict === 'waiting') {
        lines.push('No report from Flux yet.', '');
    }
    const facts = [`**Verdict:** ${v.verdict}`];
    if (v.appliedRevision)
        facts.push(`**Applied revision:** ${commitLink(v.appliedRevision, v.repoUrl)}`);
    if (v.runUrl)
        facts.push(`[Workflow run](${v.runUrl})`);
    lines.push(facts.join(' · '), '');
    if (v.message)
        lines.push(v.message
            .split('\n')
            .map(l => `> ${(0,untrusted/* markdownText */.p7)(l)}`)
            .join('\n'), '');
    lines.push('<sub>Kept up to date by gitops-promote while it waits; a re-run edits this comment.</sub>', '');
    return lines.join('\n');
}
/** GitHub refuses a comment over 65,536 characters: bounded rows and words keep it well below. */
const MAX_ROWS = 50;
const MAX_WORDS = 160;
function clip(words) {
    return words.length > MAX_WORDS ? `${words.slice(0, MAX_WORDS)}…` : words;
}
function commitLink(sha, repoUrl) {
    const short = (0,untrusted/* markdownCode */.D9)(sha.slice(0, 7));
    return repoUrl && /^[0-9a-f]{40}$/.test(sha) ? `[${short}](${repoUrl}/commit/${sha})` : short;
}
/** `2026-12-08 01:23:45 UTC`: a fixed format, whatever the reader's locale. */
function utc(ms) {
    return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

// EXTERNAL MODULE: ./src/core/views/rollout.ts
var rollout = __webpack_require__(1727);
;// CONCATENATED MODULE: ./src/action/report/pr-comment.ts




/** At most one edit this often, besides state changes. */
const MIN_EDIT_INTERVAL_MS = 10_000;
/** Pages of 100 comments read when looking for the marker: a PR with more has bigger problems. */
const MAX_PAGES = 10;
/** Tries of the last write when it meets a 5xx or a network error. */
const FINAL_TRIES = 3;
function prComment(opts) {
    const { gh, at, number, rt } = opts;
    const minInterval = opts.minEditIntervalMs ?? MIN_EDIT_INTERVAL_MS;
    const stats = { creates: 0, edits: 0 };
    let id;
    let written;
    let pending;
    let chain = Promise.resolve();
    let busy = false;
    let off = false;
    const warned = new Set();
    const warnOnce = (kind, message) => {
        if (warned.has(kind))
            return rt.log.debug(message);
        warned.add(kind);
        rt.log.warning(message);
    };
    /** The comment with our marker, oldest first (a re-run, or a create whose answer was lost). */
    async function find(marker) {
        for (let page = 1; page <= MAX_PAGES; page++) {
            const res = await gh.octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
                ...at,
                issue_number: number,
                per_page: 100,
                page
            });
            const list = res.data;
            const mine = list.find(c => (c.body ?? '').startsWith(marker));
            if (mine)
                return mine.id;
            if (list.length < 100)
                return undefined;
        }
        return undefined;
    }
    /** One write: edit the comment we know, else find it by its marker, else create it. False: not written. */
    async function send(view, body) {
        try {
            id ??= await find(commentMarker(view.key));
            if (id !== undefined) {
                await gh.octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
                    ...at,
                    comment_id: id,
                    body
                });
                stats.edits++;
            }
            else {
                // No automatic retry: a 5xx may come after GitHub created it; the next write reads back first.
                const res = await gh.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
                    ...at,
                    issue_number: number,
                    body,
                    request: { retries: 0 }
                });
                id = res.data.id;
                stats.creates++;
            }
            return true;
        }
        catch (e) {
            const status = (0,client.statusOf)(e);
            if (status === 404 && id !== undefined) {
                // Deleted by someone: the next write looks again and creates a new one.
                id = undefined;
                warnOnce('gone', `The rollout's comment on #${number} is gone; writing a new one.`);
                return false;
            }
            if (status === 401 || status === 403 || status === 404) {
                off = true;
                warnOnce('permission', `Cannot write the rollout's comment on pull request #${number} (${status}: ${(0,client.messageOf)(e)}); the token ` +
                    `needs 'pull-requests: write' (or 'issues: write') on ${at.owner}/${at.repo}. ` +
                    `Going on without it (set 'pr-comment: false' to skip it).`);
                return false;
            }
            warnOnce('error', `Writing the rollout's comment on #${number} failed (will try again): ${(0,client.messageOf)(e)}`);
            return false;
        }
    }
    /** Writes what is pending while the throttle allows; leaves a throttled change pending for a later call. */
    async function pump(force) {
        for (let tries = 0; pending && !off;) {
            const view = pending;
            const body = prCommentMarkdown(view);
            const key = (0,rollout/* stateKey */.b)(view.verdict, view.contexts);
            if (written?.body === body) {
                pending = undefined;
                return;
            }
            const now = rt.clock();
            if (!force && written && written.key === key && now - written.at < minInterval)
                return;
            pending = undefined;
            if (await send(view, body)) {
                written = { body, key, at: now };
                tries = 0;
                continue;
            }
            // Not written: keep it for the next call (unless a newer view came meanwhile); the last one is retried here.
            pending ??= view;
            if (!force || ++tries >= FINAL_TRIES || off)
                return;
            await rt.sleep(1000 * tries);
        }
    }
    /** Runs one pump after the ones before it: writes never overlap and keep their order. */
    function run(force) {
        chain = chain.then(async () => {
            busy = true;
            try {
                await pump(force);
            }
            finally {
                busy = false;
            }
        });
        return chain;
    }
    return {
        stats,
        show(view) {
            pending = view;
            if (!busy)
                void run(false);
        },
        async finish(view) {
            pending = view;
            await run(true);
        }
    };
}

;// CONCATENATED MODULE: ./src/action/report/rollout-views.ts




function rolloutViews(o) {
    const { config, github, at, branch, outcome, summary, rt } = o;
    let contexts = [];
    let openedAt;
    let landedAt;
    let verdict = 'merging';
    let comment;
    let number;
    let finished = false;
    const base = {
        key: promotionKey({
            repository: `${at.owner}/${at.repo}`,
            branch,
            prBranch: o.prBranch,
            names: config.targets.map(t => t.kind === 'policy' ? `${t.namespace}:${t.policy}` : t.kind === 'chart' ? `chart:${t.chart}` : t.ref.name)
        }),
        images: outcome.images ??
            config.targets.map(t => (t.kind === 'chart' ? `${t.chart}=${t.version}` : (0,image_ref/* formatImageRef */.kL)(t.ref))),
        branch,
        repoUrl: `${summary.serverUrl}/${at.owner}/${at.repo}`,
        runUrl: config.run.url
    };
    const show = () => comment?.show({ ...base, verdict, contexts });
    const start = (pr) => {
        if (comment || !config.prComment || config.strategy === 'push')
            return;
        number = pr.number;
        comment = prComment({ gh: github, at, number: pr.number, rt });
    };
    return {
        opened: pr => {
            openedAt ??= rt.clock();
            start(pr);
            show();
        },
        landed: (written, waiting) => {
            landedAt = written.landedAt;
            base.commit = written.commit;
            base.images = outcome.images ?? base.images;
            if (written.pr)
                start(written.pr);
            verdict = 'waiting';
            if (waiting)
                show();
        },
        follow: lines => {
            contexts = lines;
            show();
        },
        waited: res => {
            contexts = res.lines;
            summary.chart = {
                startedAt: o.startedAt,
                ...(openedAt !== undefined ? { openedAt } : {}),
                landedAt: landedAt ?? res.startedAt,
                endedAt: res.endedAt,
                contexts: res.lines
            };
        },
        finish: async (error) => {
            if (finished || !comment)
                return;
            finished = true;
            const message = error === undefined ? outcome.message : error instanceof Error ? error.message : String(error);
            await comment.finish({
                ...base,
                verdict: verdictOf(error === undefined ? outcome.result : error instanceof errors/* PromoteError */.jG ? error.result : 'failed'),
                contexts,
                ...(outcome.appliedRevision ? { appliedRevision: outcome.appliedRevision } : {}),
                ...(message ? { message } : {})
            });
            const { creates, edits } = comment.stats;
            rt.log.debug(`Rollout comment on #${number}: ${creates} created, ${edits} edits.`);
        }
    };
}
function verdictOf(result) {
    switch (result) {
        case 'healthy':
        case 'failed':
        case 'timed-out':
        case 'superseded':
        case 'reverted':
        case 'written':
        case 'handed-off':
            return result;
        default:
            return 'failed';
    }
}


/***/ }),

/***/ 1727:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ stateKey),
/* harmony export */   z: () => (/* binding */ contextLines)
/* harmony export */ });
/** The contexts as the newest verdict shows them, keeping first-seen and settled times from the earlier ones. */
function contextLines(verdict, now, previous = []) {
    const before = new Map(previous.map(l => [l.context, l]));
    const failedPatterns = verdict.patterns.filter(p => p.status === 'failed');
    return verdict.contexts.map(row => {
        const old = before.get(row.context);
        const failed = row.health === 'failing' && failedPatterns.some(p => p.contexts.includes(row.context));
        const state = failed ? 'failed' : row.health;
        const report = row.report ?? row.newest;
        const line = { context: row.context, state };
        if (report) {
            line.commit = report.commit;
            line.description = report.description;
            line.reportedAt = report.at;
        }
        const firstSeenAt = old?.firstSeenAt ?? (report ? now : undefined);
        if (firstSeenAt !== undefined)
            line.firstSeenAt = firstSeenAt;
        const settledAt = old?.settledAt ?? (state === 'healthy' || state === 'failed' ? now : undefined);
        if (settledAt !== undefined)
            line.settledAt = settledAt;
        return line;
    });
}
/** What decides whether a PR comment edit is a state change (written at once) or a detail (throttled). */
function stateKey(verdict, lines) {
    return [verdict, ...lines.map(l => `${l.context}=${l.state}`)].join('\n');
}


/***/ })

};
