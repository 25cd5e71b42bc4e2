export const id = 253;
export const ids = [253];
export const modules = {

/***/ 7253:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   et: () => (/* binding */ jittered),
/* harmony export */   g3: () => (/* binding */ pollUntil)
/* harmony export */ });
/* unused harmony export backoff */
// The pieces every retry and polling loop here shares: a jittered pause, an exponential backoff, and "read until it
// has happened or the deadline passes". Time and randomness are injected, so tests drive them on a fake clock.
/** `ms` spread evenly over ±`spread` (0.1: 90 %..110 %), so runs that start together do not poll in step. */
function jittered(ms, spread, random) {
    return Math.round(ms * (1 - spread + 2 * spread * random()));
}
/** The pause before the n-th retry (1-based): `firstMs`, doubling each time, capped at `maxMs`. */
function backoff(attempt, firstMs, maxMs) {
    return Math.min(maxMs, firstMs * 2 ** Math.max(0, attempt - 1));
}
/**
 * Calls `read` every `pauseMs` until `decide` returns a value (or throws); when the next read would come after
 * `deadline`, throws `timedOut()` instead.
 */
async function pollUntil(read, decide, opts, rt) {
    for (;;) {
        const done = decide(await read());
        if (done !== undefined)
            return done;
        if (rt.clock() + opts.pauseMs > opts.deadline)
            throw opts.timedOut();
        await rt.sleep(opts.pauseMs);
    }
}


/***/ })

};
