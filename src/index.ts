// Entry point of the action: no logic here, see main.ts.
import {run} from './main.js'

await run()
