export const id = 436;
export const ids = [436];
export const modules = {

/***/ 7436:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkConnector: () => (/* binding */ checkConnector),
/* harmony export */   registerWatch: () => (/* binding */ registerWatch),
/* harmony export */   watchBody: () => (/* binding */ watchBody)
/* harmony export */ });
/* unused harmony export HandoffError */
/* harmony import */ var _actions_http_client__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4942);
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
    let last = '';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        let status = 0;
        let text = '';
        try {
            const res = await http.post(url, JSON.stringify(body), {
                authorization: `Bearer ${cfg.connectorToken}`,
                'content-type': 'application/json',
                accept: 'application/json'
            });
            status = res.message.statusCode ?? 0;
            text = await res.readBody();
        }
        catch (e) {
            last = `the connector at ${cfg.connectorUrl} is unreachable: ${e instanceof Error ? e.message : String(e)}`;
        }
        if (status === 401 || status === 403) {
            throw new HandoffError(`the connector at ${cfg.connectorUrl} rejected connector-token (HTTP ${status}): wait: handoff needs one of its CONNECTOR_WATCH_TOKENS`);
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
 * Before anything is written: the connector is reachable, has handoff on and takes connector-token. An empty watch
 * is authorised first and then refused for its first missing field, so nothing is stored.
 */
async function checkConnector(cfg, rt, http = defaultHttp()) {
    const { status, text } = await post(cfg, {}, rt, http);
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
