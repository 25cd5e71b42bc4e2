// Entry point of the action: no logic here, see main.ts.
import {run} from './action/main.js'

await run()
