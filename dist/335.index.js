export const id = 335;
export const ids = [335,441];
export const modules = {

/***/ 7441:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AnswerLostError: () => (/* binding */ AnswerLostError),
/* harmony export */   GraphQLRequestError: () => (/* binding */ GraphQLRequestError),
/* harmony export */   createGitHub: () => (/* binding */ createGitHub),
/* harmony export */   messageOf: () => (/* reexport safe */ _core_http_error_js__WEBPACK_IMPORTED_MODULE_4__.bD),
/* harmony export */   statusOf: () => (/* reexport safe */ _core_http_error_js__WEBPACK_IMPORTED_MODULE_4__.c2)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1758);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6856);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3251);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_duration_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8571);
/* harmony import */ var _core_http_error_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(988);
/* harmony import */ var _core_classify_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8193);
/* harmony import */ var _core_retry_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7253);
// The one GitHub client: @actions/github's octokit with a deadline on every request, one retry policy (a 5xx or a
// lost answer: reads are asked again, writes are read back first), throttling (primary and secondary rate limits,
// honouring `retry-after` and the reset time), base URLs from GITHUB_API_URL / GITHUB_GRAPHQL_URL so GitHub Enterprise
// Server works, and an ETag cache for polling (a 304 answer costs no rate limit).








/** Retries of a 5xx, as many as the retry plugin makes by default. */
const MAX_RETRIES = 3;
/**
 * The shortest deadline a request gets, also once the run's budget is spent: the final Deployment status and a
 * revert (which has a budget of its own) still need their requests answered.
 */
const MIN_DEADLINE_MS = 5_000;
/** A write got no usable answer: it may or may not have been applied. Only `writeOnce` resolves it. */
class AnswerLostError extends Error {
    endpoint;
    cause;
    constructor(endpoint, cause) {
        super(`GitHub's answer to ${endpoint} was lost (${(0,_core_http_error_js__WEBPACK_IMPORTED_MODULE_4__/* .messageOf */ .bD)(cause)})`);
        this.endpoint = endpoint;
        this.cause = cause;
        this.name = 'AnswerLostError';
    }
}
class GraphQLRequestError extends Error {
    errors;
    constructor(errors) {
        super(errors.map(e => e.message).join('; '));
        this.errors = errors;
        this.name = 'GraphQLRequestError';
    }
    hasType(type) {
        return this.errors.some(e => e.type === type);
    }
}
function createGitHub(token, log, env = process.env, timing) {
    const budget = timing?.budget;
    const stats = { requests: 0, notModified: 0 };
    const apiUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
    const graphqlUrl = env.GITHUB_GRAPHQL_URL || `${apiUrl.replace(/\/api\/v3$/, '/api')}/graphql`;
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, {
        baseUrl: apiUrl,
        userAgent: 'gitops-promote',
        // With a budget, 5xx retries happen below, where they can stop when the time left cannot cover the next one.
        retry: { enabled: !budget, doNotRetry: [400, 401, 403, 404, 405, 409, 410, 422, 451] },
        throttle: throttleOptions(log, budget)
    }, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_5__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_6__/* .throttling */ .A);
    octokit.hook.before('request', () => {
        stats.requests++;
    });
    if (timing)
        retryWithinBudget(octokit, log, timing);
    const pauseUnit = timing?.retryUnitMs ?? 1000;
    const etags = new Map();
    return {
        octokit,
        stats,
        async graphql(query, variables) {
            const res = await octokit.request({ method: 'POST', url: graphqlUrl, query, variables });
            const body = res.data;
            if (body.errors && body.errors.length > 0)
                throw new GraphQLRequestError(body.errors);
            return body.data;
        },
        async conditionalGet(route, params) {
            const key = `${route} ${JSON.stringify(params)}`;
            const cached = etags.get(key);
            try {
                const res = await octokit.request(route, {
                    ...params,
                    headers: cached ? { 'if-none-match': cached.etag } : {}
                });
                const etag = res.headers.etag;
                if (etag)
                    etags.set(key, { etag, data: res.data });
                return res.data;
            }
            catch (e) {
                if (cached && e.status === 304) {
                    stats.notModified++;
                    return cached.data;
                }
                throw e;
            }
        },
        async writeOnce(send, readBack) {
            for (let retry = 1;; retry++) {
                try {
                    return await send();
                }
                catch (e) {
                    if (!(e instanceof AnswerLostError))
                        throw e;
                    log.debug(`${e.message}; reading back whether it was applied.`);
                    const applied = await readBack();
                    if (applied !== undefined) {
                        log.debug(`It was: ${e.endpoint} is not sent again.`);
                        return applied;
                    }
                    const pause = retry * retry * pauseUnit;
                    if (retry > MAX_RETRIES || (budget && pause >= budget.remaining()))
                        throw e;
                    log.debug(`It was not: sending ${e.endpoint} again in ${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(pause)}.`);
                    await new Promise(resolve => setTimeout(resolve, pause));
                }
            }
        }
    };
}
/** Throttling that waits out a rate limit only when the wait is short and fits the budget. */
function throttleOptions(log, budget) {
    return {
        // The plugin spaces writes 1 s apart (3 s for those that notify) for bulk writers; a run makes a handful of
        // writes, one after another, so it only serialises them and still waits when GitHub says so.
        write: new (bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1___default().Group)({ maxConcurrent: 1 }),
        notifications: new (bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1___default().Group)({ maxConcurrent: 1 }),
        onRateLimit: (retryAfter, options, _o, retryCount) => {
            const fits = retryCount < 2 && retryAfter <= 120 && (!budget || retryAfter * 1000 < budget.remaining());
            if (fits)
                log.warning(`GitHub rate limit hit for ${options.method} ${options.url}; retrying in ${retryAfter}s.`);
            return fits;
        },
        onSecondaryRateLimit: (retryAfter, options, _o, retryCount) => {
            log.warning(`GitHub secondary rate limit for ${options.method} ${options.url}; retrying in ${retryAfter}s.`);
            return retryCount < 3;
        }
    };
}
function dateOf(h) {
    return typeof h?.date === 'string' ? h.date : undefined;
}
/** A REST call that is not a GET or HEAD, or a GraphQL mutation: sending it twice may do it twice. */
function isWrite(options) {
    const method = (options.method ?? 'GET').toUpperCase();
    if (method === 'GET' || method === 'HEAD')
        return false;
    return typeof options.query !== 'string' || /^\s*mutation\b/.test(options.query);
}
/**
 * Gives every request a deadline (30 s, less when the run's budget ends sooner), feeds every answer's `Date` to the
 * budget, and retries within the time left: a read after a 5xx or a lost answer; a write never (it may have been
 * applied: its caller reads back through `writeOnce`). A 501 is not retried: the server lacks the endpoint.
 */
function retryWithinBudget(octokit, log, timing) {
    const { budget, clock, retryUnitMs = 1000, deadlineMs = _core_retry_js__WEBPACK_IMPORTED_MODULE_7__/* .REQUEST_DEADLINE_MS */ .QP } = timing;
    octokit.hook.wrap('request', async (request, options) => {
        const write = isWrite(options);
        // Retried after 1 s, 4 s and 9 s, as the retry plugin does, but only while the wait fits the budget.
        for (let retry = 1;; retry++) {
            const sentAt = clock();
            const deadline = Math.min(deadlineMs, Math.max(budget.remaining(), MIN_DEADLINE_MS));
            try {
                // In place: every hook of the chain is bound to this one options object, whatever is passed to `request`.
                options.request = { ...options.request, signal: AbortSignal.timeout(deadline) };
                const res = await request(options);
                budget.observeDate(dateOf(res.headers), sentAt, clock());
                return res;
            }
            catch (e) {
                budget.observeDate(dateOf(e.response?.headers), sentAt, clock());
                const status = (0,_core_http_error_js__WEBPACK_IMPORTED_MODULE_4__/* .statusOf */ .c2)(e);
                const lost = (0,_core_classify_js__WEBPACK_IMPORTED_MODULE_3__/* .isNoAnswer */ .Uz)(e);
                const transient = lost || (status !== undefined && (0,_core_classify_js__WEBPACK_IMPORTED_MODULE_3__/* .isTransientStatus */ .Dm)(status));
                if (write && transient)
                    throw new AnswerLostError((0,_core_classify_js__WEBPACK_IMPORTED_MODULE_3__/* .endpointOf */ .X5)(e) || `${options.method} ${options.url}`, e);
                const pause = retry * retry * retryUnitMs;
                if (!transient || retry > MAX_RETRIES || pause >= budget.remaining())
                    throw e;
                const what = lost ? `no answer (${(0,_core_http_error_js__WEBPACK_IMPORTED_MODULE_4__/* .messageOf */ .bD)(e)})` : `${status}`;
                log.debug(`GitHub gave ${what} for ${options.method} ${options.url}; retrying in ${(0,_core_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(pause)}.`);
                await new Promise(resolve => setTimeout(resolve, pause));
            }
        }
    });
}



/***/ }),

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

// EXTERNAL MODULE: ./src/action/github/client.ts
var client = __webpack_require__(7441);
// EXTERNAL MODULE: ./src/core/untrusted.ts
var untrusted = __webpack_require__(2613);
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

/***/ 8193:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dm: () => (/* binding */ isTransientStatus),
/* harmony export */   SJ: () => (/* binding */ notImplemented),
/* harmony export */   Uz: () => (/* binding */ isNoAnswer),
/* harmony export */   X5: () => (/* binding */ endpointOf),
/* harmony export */   fT: () => (/* binding */ NOT_IMPLEMENTED),
/* harmony export */   hD: () => (/* reexport safe */ _http_error_js__WEBPACK_IMPORTED_MODULE_0__.hD),
/* harmony export */   nG: () => (/* reexport safe */ _http_error_js__WEBPACK_IMPORTED_MODULE_0__.c2),
/* harmony export */   o: () => (/* binding */ classifyGitHubError),
/* harmony export */   uf: () => (/* binding */ WaitError)
/* harmony export */ });
/* harmony import */ var _http_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(988);
// What an error while waiting means: give up now (a permission, a wrong URL), wait for a rate limit's reset, or retry
// (5xx, network). Pure: reads the status and headers octokit-style errors carry; no @actions dependency.


/**
 * Whether the same request may succeed when asked again: a 5xx or 408. Not a 501: the server lacks the endpoint (an
 * older GitHub Enterprise Server), and asking again meets the same answer.
 */
function isTransientStatus(status) {
    return status === 408 || (status >= 500 && status !== NOT_IMPLEMENTED);
}
const NOT_IMPLEMENTED = 501;
/**
 * No HTTP answer arrived: the connection was reset or refused, or the request's deadline passed. Octokit reports
 * these as a 500 without a response (a timeout as an AbortError or TimeoutError). A write sent this way may have been
 * applied.
 */
function isNoAnswer(e) {
    const err = e;
    if (err?.name === 'TimeoutError' || err?.name === 'AbortError')
        return true;
    return (0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .statusOf */ .c2)(e) === 500 && err?.response === undefined;
}
/** `METHOD /path` of the request an octokit error belongs to (no host, no query), for messages; '' when unknown. */
function endpointOf(e) {
    const req = e?.request;
    if (typeof req?.method !== 'string' || typeof req.url !== 'string')
        return '';
    const path = req.url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\?.*$/, '');
    return `${req.method} ${path}`;
}
/** The message for a 501: which endpoint this GitHub lacks. */
function notImplemented(e, doing) {
    const endpoint = endpointOf(e) || 'the endpoint';
    return (`GitHub answered 501 (not implemented) for ${endpoint} while ${doing}: this GitHub (an older GitHub Enterprise ` +
        `Server?) lacks that endpoint (${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}).`);
}
class WaitError extends Error {
    kind;
    retryInMs;
    constructor(message, kind, 
    /** rate-limit: how long until GitHub lifts it (ms from the answer), when the answer says. */
    retryInMs) {
        super(message);
        this.kind = kind;
        this.retryInMs = retryInMs;
        this.name = 'WaitError';
    }
    /** The poll loop stops at once on errors that say `fatal`. */
    get fatal() {
        return this.kind === 'fatal';
    }
}
/** Classifies a failed GitHub read made while waiting, naming what was read, where, and the permission it needs. */
function classifyGitHubError(e, what, repo, permission) {
    if (e instanceof WaitError)
        return e;
    const status = (0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .statusOf */ .c2)(e);
    const wait = (0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .rateLimitWait */ .hD)(e);
    if (wait !== undefined) {
        return new WaitError(`GitHub's rate limit stopped reading ${what} in ${repo} (${status} ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)})`, 'rate-limit', wait);
    }
    switch (status) {
        case 401:
            return new WaitError(`GitHub rejected the token while reading ${what} in ${repo} (401 ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}): check the 'token' input; it may be expired or revoked.`, 'fatal');
        case 403:
            return new WaitError(`The token may not read ${what} in ${repo} (403 ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}): it needs '${permission}' on ${repo}.`, 'fatal');
        case 404:
            return new WaitError(`GitHub answered 404 reading ${what} in ${repo}: check 'repository' and 'branch', and that the token can see ${repo} ('${permission}').`, 'fatal');
        case undefined:
            return new WaitError(`Reading ${what} in ${repo} failed: ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}`, 'transient');
        case NOT_IMPLEMENTED:
            return new WaitError(notImplemented(e, `reading ${what} in ${repo}`), 'fatal');
        default:
            if (isTransientStatus(status)) {
                return new WaitError(`GitHub answered ${status} reading ${what} in ${repo}: ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}`, 'transient');
            }
            return new WaitError(`GitHub answered ${status} reading ${what} in ${repo}: ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}`, 'fatal');
    }
}


/***/ }),

/***/ 988:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bD: () => (/* binding */ messageOf),
/* harmony export */   c2: () => (/* binding */ statusOf),
/* harmony export */   hD: () => (/* binding */ rateLimitWait)
/* harmony export */ });
// What a failed GitHub request says: its status, GitHub's message, and whether it is a spent rate limit. Pure and
// free of @actions imports, so the connector's bundle can use it too.
/** HTTP status of an octokit error, if it has one. */
function statusOf(e) {
    const status = e?.status;
    return typeof status === 'number' ? status : undefined;
}
/** The message GitHub put in the error body, e.g. "Pull Request is not mergeable". */
function messageOf(e) {
    const m = e?.response?.data?.message;
    if (typeof m === 'string')
        return m;
    return e instanceof Error ? e.message : String(e);
}
/**
 * How long a rate-limited answer asks to wait (ms), or undefined when it is not a rate limit. Primary limits say
 * `x-ratelimit-remaining: 0` and a reset time in epoch seconds, compared with the answer's own `Date` (GitHub's
 * clock, so a skewed runner does not matter); secondary limits say `retry-after` or nothing (then one minute). An answer without a `Date` (GitHub always
 * sends one) waits the minute too: the runner's clock is never compared with GitHub's reset.
 */
function rateLimitWait(e) {
    const status = statusOf(e);
    if (status !== 403 && status !== 429)
        return undefined;
    const headers = e.response?.headers ?? {};
    const header = (name) => {
        const v = headers[name];
        return v === undefined ? undefined : String(v);
    };
    const retryAfter = Number(header('retry-after'));
    if (header('retry-after') !== undefined && Number.isFinite(retryAfter))
        return Math.max(0, retryAfter * 1000);
    if (header('x-ratelimit-remaining') === '0') {
        const reset = Number(header('x-ratelimit-reset')) * 1000;
        const date = Date.parse(header('date') ?? '');
        if (Number.isFinite(reset) && Number.isFinite(date))
            return Math.max(0, reset - date) + 1000;
        return 60_000;
    }
    if (status === 429 || /rate limit/i.test(messageOf(e)))
        return 60_000;
    return undefined;
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
