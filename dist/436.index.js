export const id = 436;
export const ids = [436];
export const modules = {

/***/ 7320:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ credentialName),
/* harmony export */   d: () => (/* binding */ connectorBearer)
/* harmony export */ });
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2028);
// The bearer the action shows the connector: `connector-token` when given, else a GitHub Actions OIDC token for
// `connector-audience`, requested from the runner (the job grants `id-token: write`) and renewed before it expires.

/** Renew this long before `exp`, so a long-poll never carries a token that expires while it is held. */
const RENEW_BEFORE_MS = 120_000;
/** The token's `exp` in ms, or 0 when it cannot be read (then it is requested again each time). */
function expiresAt(jwt) {
    try {
        const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
        return typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
    }
    catch {
        return 0;
    }
}
function connectorBearer(cfg, opts = {}) {
    if (!cfg.connectorOidc)
        return async () => cfg.connectorToken;
    const clock = opts.clock ?? Date.now;
    // Loaded only for OIDC runs: @actions/core brings an HTTP client the other runs do not need at start.
    const request = opts.getIDToken ?? (async (audience) => (await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(942), __webpack_require__.e(143)]).then(__webpack_require__.bind(__webpack_require__, 143))).getIDToken(audience));
    let cached;
    return async () => {
        if (cached && clock() < cached.until)
            return cached.token;
        let token;
        try {
            token = await request(cfg.connectorAudience);
        }
        catch (e) {
            throw Object.assign(new Error(`requesting an OIDC token for the connector (audience '${cfg.connectorAudience}') failed: ` +
                `${e instanceof Error ? e.message : String(e)}; does the job grant \`permissions: id-token: write\`?`), { fatal: true });
        }
        // getIDToken masks it already; masking again costs nothing and does not depend on that.
        (0,_runner_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq)(token);
        cached = { token, until: expiresAt(token) - RENEW_BEFORE_MS };
        return token;
    };
}
/** Names the credential in errors: which input, or the OIDC token and its audience. */
function credentialName(cfg) {
    return cfg.connectorOidc ? `the OIDC token (audience '${cfg.connectorAudience}')` : 'connector-token';
}


/***/ }),

/***/ 7436:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkConnector: () => (/* binding */ checkConnector),
/* harmony export */   registerWatch: () => (/* binding */ registerWatch),
/* harmony export */   watchBody: () => (/* binding */ watchBody)
/* harmony export */ });
/* unused harmony export HandoffError */
/* harmony import */ var _actions_http_client__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4942);
/* harmony import */ var _connector_auth_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7320);
// wait: handoff: instead of waiting, register a watch with the connector, which judges the rollout by the same rules
// and sends a repository_dispatch with the result. The runner is released right after the write.


/** A retried POST is safe: the connector answers the same watch for the same run and commit. */
const ATTEMPTS = 4;
const SOCKET_TIMEOUT_MS = 15_000;
function watchBody(cfg, h) {
    return {
        repository: `${cfg.owner}/${cfg.repo}`,
        branch: h.branch,
        commit: h.commit,
        contexts: cfg.contexts,
        healthy_description: cfg.healthyDescription,
        failure_grace_seconds: Math.round(cfg.graceMs / 1000),
        deadline: new Date(h.startedAt + cfg.timeoutMs).toISOString(),
        soak_seconds: Math.round(cfg.soakMs / 1000),
        quiet_ms: cfg.quietMs,
        images: h.images,
        ...(h.charts.length > 0 ? { charts: h.charts } : {}),
        written: h.written,
        environment: cfg.environment || null,
        deployment: h.deployment ?? null,
        run_url: cfg.run.url,
        workflow_repository: cfg.run.repository,
        payload: cfg.dispatchPayload
    };
}
class HandoffError extends Error {
}
function defaultHttp() {
    return new _actions_http_client__WEBPACK_IMPORTED_MODULE_0__/* .HttpClient */ .Qq('gitops-promote', [], { allowRetries: false, socketTimeout: SOCKET_TIMEOUT_MS });
}
/** POSTs `body` to the watches API; retries an unreachable or 5xx connector briefly; 401/403 fail naming the token. */
async function post(cfg, body, rt, http) {
    const url = `${cfg.connectorUrl}/api/v1/watches`;
    const bearer = (0,_connector_auth_js__WEBPACK_IMPORTED_MODULE_1__/* .connectorBearer */ .d)(cfg);
    let last = '';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        let status = 0;
        let text = '';
        const token = await bearer();
        try {
            const res = await http.post(url, JSON.stringify(body), {
                authorization: `Bearer ${token}`,
                'content-type': 'application/json',
                accept: 'application/json'
            });
            status = res.message.statusCode ?? 0;
            text = await res.readBody();
        }
        catch (e) {
            last = `the connector at ${cfg.connectorUrl} is unreachable: ${e instanceof Error ? e.message : String(e)}`;
        }
        if (status === 401) {
            throw new HandoffError(`the connector at ${cfg.connectorUrl} rejected ${(0,_connector_auth_js__WEBPACK_IMPORTED_MODULE_1__/* .credentialName */ .b)(cfg)} (HTTP 401: ${errorOf(text)}): ` +
                'wait: handoff needs one of its CONNECTOR_WATCH_TOKENS, or an OIDC token it accepts ' +
                '(CONNECTOR_OIDC_AUDIENCE = connector-audience, the repository in CONNECTOR_OIDC_REPOSITORIES)');
        }
        if (status === 403) {
            throw new HandoffError(`the connector at ${cfg.connectorUrl} refused ${(0,_connector_auth_js__WEBPACK_IMPORTED_MODULE_1__/* .credentialName */ .b)(cfg)} for this watch (HTTP 403): ${errorOf(text)}`);
        }
        if (status !== 0 && status < 500)
            return { status, text };
        if (status !== 0)
            last = `the connector at ${cfg.connectorUrl} answered HTTP ${status}`;
        if (attempt < ATTEMPTS) {
            rt.log.warning(`Reaching the connector failed (${last}); retrying.`);
            await rt.sleep(1000 * 2 ** (attempt - 1));
        }
    }
    throw new HandoffError(`${last} (gave up after ${ATTEMPTS} attempts)`);
}
function errorOf(text) {
    try {
        return String(JSON.parse(text).error ?? text.slice(0, 300));
    }
    catch {
        return text.slice(0, 300);
    }
}
/**
 * Before anything is written: the connector is reachable, has handoff on, takes our credential and lets it act for
 * the gitops and the workflow's repositories. A watch of only those two fields is authorised and checked for them
 * first, then refused for its first missing field, so nothing is stored.
 */
async function checkConnector(cfg, rt, http = defaultHttp()) {
    const probe = { repository: `${cfg.owner}/${cfg.repo}`, workflow_repository: cfg.run.repository };
    const { status, text } = await post(cfg, probe, rt, http);
    if (status === 400)
        return;
    throw new HandoffError(`the connector at ${cfg.connectorUrl} cannot take a handoff (HTTP ${status}): ${errorOf(text)}`);
}
/** Registers the watch; a retried POST is answered with the same watch. */
async function registerWatch(cfg, body, rt, http = defaultHttp()) {
    const { status, text } = await post(cfg, body, rt, http);
    if (status === 200 || status === 201) {
        const parsed = JSON.parse(text);
        if (typeof parsed.id !== 'string')
            throw new HandoffError(`the connector at ${cfg.connectorUrl} answered without a watch id`);
        return { id: parsed.id, created: status === 201 };
    }
    throw new HandoffError(`the connector at ${cfg.connectorUrl} refused the watch (HTTP ${status}): ${errorOf(text)}`);
}


/***/ })

};
