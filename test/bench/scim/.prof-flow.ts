// temporary profiling driver (deleted after use)
import { runScimBench } from './scim.bench';
await runScimBench({ users: 2000, rounds: 2 });
